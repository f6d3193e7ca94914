/**
 * Size and load time of a saved profile as version-1 JSON (base64 kept values) and as the
 * version-2 container: read the file and parse it into a Profile, median of RUNS,
 * each format in its own child process so one's garbage does not bill the other; peak RSS of
 * that child as the OS accounts it. Not a test: the table goes into docs/performance.md.
 *
 *   npx tsx bench/profile-format.ts [profile=bench/data/reference-1000000.profile] [runs=5]
 *
 * (`bench/check-bench.ts ... lambda` saves that profile; any saved profile of either version works.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  profileFromBytes,
  profileToBytes,
  profileToJson,
} from '../lambdas/core/profile/serialize-profile.ts';

if (process.argv[2] === '--child') {
  const path = process.argv[3];
  const started = performance.now();
  const profile = profileFromBytes(readFileSync(path), path);
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, rows: profile.rowCount })}\n`);
  process.exit(0);
}

// Any saved profile (either version) in; both formats written beside it and measured.
const input = process.argv[2] ?? join(import.meta.dirname, 'data', 'reference-1000000.profile');
const runs = Number(process.argv[3] ?? 5);
const profile = profileFromBytes(readFileSync(input), input);
const jsonPath = `${input}.v1.json`;
const binPath = `${input}.v2`;
writeFileSync(jsonPath, profileToJson(profile));
writeFileSync(binPath, profileToBytes(profile));

function load(path: string): { ms: number; rssMiB: number } {
  const timings: { ms: number; rssMiB: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, '--import', 'tsx', import.meta.filename, '--child', path],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    const { ms } = JSON.parse(child.stdout) as { ms: number };
    const rssKiB = Number(child.stderr.trim().split('\n').at(-1));
    timings.push({ ms, rssMiB: rssKiB / 1024 });
  }
  timings.sort((a, b) => a.ms - b.ms);
  return timings[Math.floor(runs / 2)];
}

const json = load(jsonPath);
const bin = load(binPath);
const mb = (path: string) => statSync(path).size / 1e6;
console.log(`| format | size | read + parse (median of ${runs}) | peak RSS of the loading process |`);
console.log('| --- | --- | --- | --- |');
console.log(
  `| v1 JSON | ${mb(jsonPath).toFixed(1)} MB | ${json.ms.toFixed(0)} ms | ${json.rssMiB.toFixed(0)} MiB |`,
);
console.log(
  `| v2 container | ${mb(binPath).toFixed(1)} MB | ${bin.ms.toFixed(0)} ms (${(json.ms / bin.ms).toFixed(1)}× faster) | ${bin.rssMiB.toFixed(0)} MiB |`,
);
