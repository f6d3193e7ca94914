import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../lambdas/io/local-store.ts';
import { featuresCsv } from '../support/sample-tables.ts';
import { runCli } from './run-cli.ts';

let root: string;
let slack: Server;
let slackUrl: string;
const slackPosts: { text: string; blocks: unknown[] }[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cli-run-'));
  slack = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    slackPosts.push(JSON.parse(body));
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((done) => slack.listen(0, '127.0.0.1', done));
  slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise((done) => slack.close(done));
  await rm(root, { recursive: true, force: true });
});

describe('driftwatch run', () => {
  it('checks a folder laid out like the bucket, prints the alert and metrics, posts to Slack, exits 1 on drift', async () => {
    const store = new LocalStore(join(root, 'store'));
    await store.putText('monitors/fraud/baseline/features.csv', featuresCsv(1500, 1, false), 'text/csv');
    await store.putText('monitors/fraud/snapshots/2026-11-28T10.csv', featuresCsv(1500, 2, true), 'text/csv');
    await writeFile(
      join(root, 'config.json'),
      JSON.stringify({
        namespace: 'Local',
        // The local stand-in for Slack must be allow-listed, as any webhook outside hooks.slack.com.
        slackWebhookOrigins: [new URL(slackUrl).origin],
        monitors: [{ name: 'fraud', featureMetrics: ['device'] }],
      }),
    );
    const args = [
      'run',
      '--store',
      join(root, 'store'),
      '--monitor',
      'fraud',
      '--config',
      join(root, 'config.json'),
    ];
    const result = await runCli([...args, '--slack-webhook', slackUrl]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('alert (drift): [driftwatch] fraud: Drift detected');
    expect(result.stdout).toContain('metrics (Local, 9):');
    expect(result.stdout).toContain('DatasetDrift [Monitor=fraud] 1');
    expect(result.stdout).toMatch(/DriftScore \[Monitor=fraud,Feature=device\] \d/);
    const htmlPath = join(root, 'store', 'monitors', 'fraud', 'reports', '2026-11-28T10', 'report.html');
    expect(result.stdout).toContain(`report: ${htmlPath}`);
    expect(await readFile(htmlPath, 'utf8')).toMatch(/<html/i);
    const overviewPath = join(root, 'store', 'monitors', 'fraud', 'index.html');
    expect(result.stdout).toContain(`overview: ${overviewPath}`);
    expect(await readFile(overviewPath, 'utf8')).toContain('href="reports/2026-11-28T10/report.html"');
    expect(slackPosts).toHaveLength(1);
    expect(slackPosts[0].blocks.length).toBeGreaterThan(0);

    const again = await runCli(args);
    expect(again.stdout).toContain('snapshot 2026-11-28T10 was already reported (drift); nothing to do');
    expect(again.stdout).not.toContain('alert (');
    // Nothing new: only the heartbeat is put.
    expect(again.stdout).toContain('metrics (Local, 1):\n  CheckRan [Monitor=fraud] 1 Count');
  });

  it('uses every default when the store has no config, and exits 2 for a stale monitor', async () => {
    const result = await runCli(['run', '--store', root, '--monitor', 'empty']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('alert (stale): [driftwatch] empty: ');
    expect(result.stdout).toContain('metrics (DriftWatch, 1):');
  });

  it('refuses a --slack-webhook outside hooks.slack.com before checking, naming no token', async () => {
    const posts = slackPosts.length;
    for (const url of [
      'http://169.254.169.254/latest/TOKEN-never-shown',
      'hooks.slack.com/services/TOKEN-never-shown',
    ]) {
      const result = await runCli(['run', '--store', root, '--monitor', 'empty', '--slack-webhook', url]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^driftwatch: --slack-webhook: the Slack webhook/);
      expect(result.stderr + result.stdout).not.toContain('TOKEN-never-shown');
      expect(result.stdout).toBe('');
    }
    // The loopback stand-in is refused too without an allow-list entry.
    const unlisted = await runCli([
      'run',
      '--store',
      root,
      '--monitor',
      'empty',
      '--slack-webhook',
      slackUrl,
    ]);
    expect(unlisted.stderr).toContain('is not https://hooks.slack.com or in slackWebhookOrigins');
    expect(slackPosts.length).toBe(posts);
  });

  it('names a missing store folder and an unknown monitor', async () => {
    const missing = await runCli(['run', '--store', join(root, 'nope'), '--monitor', 'm']);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      `driftwatch: --store ${join(root, 'nope')}: no such folder\n`,
    ]);
    const unknown = await runCli([
      'run',
      '--store',
      root,
      '--monitor',
      'x',
      '--config',
      join(root, 'config.json'),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no monitor named "x" in the config; known monitors: "fraud"');
  });
});

describe('driftwatch run with links and keys that leave the store', () => {
  /** A store with an older snapshot and, newest, a snapshot linked to `target`. */
  async function linkedStore(name: string, target: (store: string) => Promise<string>) {
    const store = join(root, name);
    const folder = join(store, 'monitors', 'm');
    await mkdir(join(folder, 'baseline'), { recursive: true });
    await mkdir(join(folder, 'snapshots'), { recursive: true });
    await writeFile(join(folder, 'baseline', 'b.csv'), featuresCsv(500, 1, false));
    await writeFile(join(folder, 'snapshots', '2026-12-01.csv'), featuresCsv(500, 2, false));
    await symlink(await target(store), join(folder, 'snapshots', '2026-12-02.csv'));
    return { store, folder };
  }

  it('checks a newest snapshot linked to a file inside the store', async () => {
    const { store, folder } = await linkedStore('linked-inside', async (at) => {
      await mkdir(join(at, 'incoming'), { recursive: true });
      await writeFile(join(at, 'incoming', 'today.csv'), featuresCsv(500, 3, true));
      return join(at, 'incoming', 'today.csv');
    });
    const result = await runCli(['run', '--store', store, '--monitor', 'm']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('m: 2026-12-02 → drift');
    expect(await readFile(join(folder, 'reports', '2026-12-02', 'report.json'), 'utf8')).toContain('"drift"');
  });

  it('refuses, naming it, a newest snapshot linked outside the store, instead of checking an older one', async () => {
    const outside = join(root, 'outside.csv');
    await writeFile(outside, featuresCsv(500, 3, true));
    const { store, folder } = await linkedStore('linked-outside', async () => outside);
    const result = await runCli(['run', '--store', store, '--monitor', 'm']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `driftwatch: ${join(folder, 'snapshots', '2026-12-02.csv')} leads to ${outside}, outside the store folder ${store}: ` +
        'a symbolic link in the store may only point inside it (copy the data in, or point --store at a folder holding both)\n',
    );
    expect(result.stdout).not.toContain('2026-12-01');
  });

  it('says a monitor prefix with `..` is bad input, not an unexpected error', async () => {
    const store = join(root, 'dotdot');
    await mkdir(store, { recursive: true });
    await writeFile(
      join(store, 'driftwatch.config.json'),
      JSON.stringify({ monitors: [{ name: 'm', prefix: '../elsewhere/' }] }),
    );
    const result = await runCli(['run', '--store', store, '--monitor', 'm']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.\./);
    expect(result.stderr).not.toContain('unexpected error');
  });
});

/** A store holding one monitor `m` (config in the store), set up by `prepare`, run `before` + 1 times. */
interface ExitCase {
  readonly outcome: string;
  readonly monitor?: object;
  readonly prepare: (store: LocalStore) => Promise<void>;
  /** Runs before the one whose exit code counts. @default 0 */
  readonly before?: number;
  readonly code: number;
  readonly says: RegExp;
}

const HEADER_ONLY = `${featuresCsv(1, 1, false).split('\n')[0]}\n`;

// One case per row of README's `driftwatch run` exit-code table.
const RUN_EXIT_CODES: readonly ExitCase[] = [
  {
    outcome: 'ok',
    prepare: async (store) => {
      await store.putText('monitors/m/baseline/b.csv', featuresCsv(1500, 1, false), 'text/csv');
      await store.putText('monitors/m/snapshots/001.csv', featuresCsv(1500, 1, false), 'text/csv');
    },
    code: 0,
    says: /m: 001 → ok\n/,
  },
  {
    outcome: 'warn',
    prepare: async (store) => {
      await store.putText('monitors/m/baseline/b.csv', featuresCsv(1500, 1, false), 'text/csv');
      // The same rows with an extra column: a warning only.
      const extra = featuresCsv(1500, 1, false)
        .trimEnd()
        .split('\n')
        .map((line, i) => `${line},${i === 0 ? 'note' : 'x'}`)
        .join('\n');
      await store.putText('monitors/m/snapshots/001.csv', extra, 'text/csv');
    },
    code: 0,
    says: /m: 001 → warn\n/,
  },
  {
    outcome: 'feature_drift',
    monitor: { drift: { driftShare: 1 } },
    prepare: async (store) => {
      await store.putText('monitors/m/baseline/b.csv', featuresCsv(1500, 1, false), 'text/csv');
      await store.putText('monitors/m/snapshots/001.csv', featuresCsv(1500, 2, true), 'text/csv');
    },
    code: 0,
    says: /m: 001 → feature_drift\n/,
  },
  {
    outcome: 'waiting for baseline (first snapshot of a previous monitor)',
    monitor: { baseline: { mode: 'previous' } },
    prepare: async (store) => {
      await store.putText('monitors/m/snapshots/001.csv', featuresCsv(1500, 1, false), 'text/csv');
    },
    code: 0,
    says: /alert: none due\nm: 001 → waiting\nm: waiting for baseline: baseline mode "previous"/,
  },
  {
    outcome: 'nothing new: the snapshot was already reported with drift',
    prepare: async (store) => {
      await store.putText('monitors/m/baseline/b.csv', featuresCsv(1500, 1, false), 'text/csv');
      await store.putText('monitors/m/snapshots/001.csv', featuresCsv(1500, 2, true), 'text/csv');
    },
    before: 1,
    code: 0,
    says: /snapshot 001 was already reported \(drift\); nothing to do/,
  },
  {
    outcome: 'drift',
    prepare: async (store) => {
      await store.putText('monitors/m/baseline/b.csv', featuresCsv(1500, 1, false), 'text/csv');
      await store.putText('monitors/m/snapshots/001.csv', featuresCsv(1500, 2, true), 'text/csv');
    },
    code: 1,
    says: /alert \(drift\): \[driftwatch\] m: Drift detected/,
  },
  {
    outcome: 'error (a snapshot that cannot be read)',
    prepare: async (store) => {
      await store.putText('monitors/m/baseline/b.csv', featuresCsv(1500, 1, false), 'text/csv');
      await store.putText('monitors/m/snapshots/001.csv', 'a,b\n1,2\n3\n', 'text/csv');
    },
    code: 2,
    says: /alert \(error\): .*\n[\s\S]*m: 001 → error\nm: snapshot 001: .*row 2: expected 2 fields, found 1/,
  },
  {
    outcome: 'stale',
    prepare: async () => {},
    code: 2,
    says: /alert \(stale\): [\s\S]*m: \(no snapshot\) → stale\nm: no complete snapshot under/,
  },
  {
    outcome: 'invalid (an empty snapshot)',
    prepare: async (store) => {
      await store.putText('monitors/m/baseline/b.csv', featuresCsv(1500, 1, false), 'text/csv');
      await store.putText('monitors/m/snapshots/001.csv', HEADER_ONLY, 'text/csv');
    },
    code: 3,
    says: /^(?=[\s\S]*alert \(quality\): \[driftwatch\] m: Data quality failed: current has no rows\n)(?=[\s\S]*QualityFailed \[Monitor=m\] 1 Count\n)(?=[\s\S]*m: 001 → invalid\n)/,
  },
];

describe('driftwatch run exit codes', () => {
  for (const { outcome, monitor, prepare, before, code, says } of RUN_EXIT_CODES) {
    it(`exits ${code} for ${outcome}`, async () => {
      const folder = await mkdtemp(join(root, 'exit-'));
      const store = new LocalStore(folder);
      await prepare(store);
      await store.putText(
        'driftwatch.config.json',
        JSON.stringify({ monitors: [{ name: 'm', ...monitor }] }),
        'application/json',
      );
      for (let i = 0; i < (before ?? 0); i++) await runCli(['run', '--store', folder, '--monitor', 'm']);
      const result = await runCli(['run', '--store', folder, '--monitor', 'm']);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(says);
      expect(result.code).toBe(code);
    });
  }

  it('exits 2 for bad usage: a store folder that does not exist', async () => {
    const result = await runCli(['run', '--store', join(root, 'nowhere'), '--monitor', 'm']);
    expect(result.code).toBe(2);
  });

  it('says when a newer snapshot is still being written instead of only that the last was reported', async () => {
    const folder = await mkdtemp(join(root, 'settle-'));
    const store = new LocalStore(folder);
    await store.putText('monitors/m/baseline/b.csv', featuresCsv(1500, 1, false), 'text/csv');
    await store.putText('monitors/m/snapshots/001.csv', featuresCsv(1500, 1, false), 'text/csv');
    const args = ['run', '--store', folder, '--monitor', 'm'];
    expect((await runCli(args)).code).toBe(0);
    // A folder of part files without _SUCCESS, just written: not complete for snapshotSettle (10m).
    await store.putText('monitors/m/snapshots/002/part-00000.csv', featuresCsv(100, 2, false), 'text/csv');
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('snapshot 001 was already reported (ok); nothing to do');
    const settle = result.stdout.match(
      /m: snapshot 002 is still being written \(checked from (\S+) if nothing in it changes before\)\n/,
    );
    expect(settle).not.toBeNull();
    const at = Date.parse(settle![1]);
    expect(at - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(at - Date.now()).toBeLessThanOrEqual(10 * 60_000);
  });
});

describe('driftwatch demo', () => {
  it('checks four generated snapshots: no drift, drift, recovered, a degraded model; prints each HTML report path', async () => {
    const result = await runCli(['demo']);
    expect(result.code).toBe(0);
    const statuses = [...result.stdout.matchAll(/fraud-model: (\S+) → (\w+)/g)].map((m) => m[2]);
    expect(statuses).toEqual(['ok', 'drift', 'ok', 'ok']);
    expect([...result.stdout.matchAll(/^alert \((\w+)\)/gm)].map((m) => m[1])).toEqual([
      'drift',
      'recovered',
      'model_degraded',
    ]);
    // The inputs held still in the last snapshot; only the model's quality tells.
    const verdicts = [...result.stdout.matchAll(/^fraud-model: (Model quality \w+)/gm)].map((m) => m[1]);
    expect(verdicts).toEqual([
      'Model quality held',
      'Model quality held',
      'Model quality held',
      'Model quality degraded',
    ]);
    const paths = result.stdout
      .split('HTML reports:\n')[1]
      .trim()
      .split('\n')
      .map((line) => line.trim());
    expect(paths).toHaveLength(4);
    for (const path of paths) expect(await readFile(path, 'utf8')).toMatch(/<html/i);
    await rm(result.stdout.match(/^demo store: (.+)$/m)![1], { recursive: true, force: true });
  });
});
