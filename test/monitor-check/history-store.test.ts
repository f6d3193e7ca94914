import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_MAX_CHECKS, type HistoryEntry } from '../../lambdas/core/check-history.ts';
import { SeededRandom } from '../../lambdas/core/random.ts';
import { LocalStore } from '../../lambdas/io/local-store.ts';
import type { SnapshotStore } from '../../lambdas/io/snapshot-store.ts';
import { WriteConflictError } from '../../lambdas/io/write-conflict-error.ts';
import {
  appendHistory,
  encodeHistory,
  historyKey,
  readHistory,
} from '../../lambdas/monitor-check/history-store.ts';

const PREFIX = 'monitors/m/';
let root: string;
let store: LocalStore;
let warnings: string[];
const warn = (message: string) => void warnings.push(message);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'history-store-'));
  store = new LocalStore(root);
  warnings = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A check of `features` features with values as a real report has them (full-precision doubles). */
function check(id: string, features: number, random: SeededRandom): HistoryEntry {
  return {
    id,
    checkedAt: new Date(Date.UTC(2026, 0, 1) + Number(id.replace(/\D/g, '') || 0) * 3_600_000).toISOString(),
    status: 'feature_drift',
    alert: null,
    reportKey: `${PREFIX}reports/${id}/report.json`,
    driftedShare: 0.15,
    driftShareThreshold: 0.5,
    features: Array.from({ length: features }, (_, i) => ({
      name: `feature_${String(i).padStart(2, '0')}_${i % 2 === 0 ? 'amount' : 'merchant_category'}`,
      statistic: random.nextDouble() * 0.3,
      pValue: i % 3 === 0 ? random.nextDouble() * 0.2 : null,
      threshold: i % 3 === 0 ? 0.05 : 0.1,
      decision: i % 3 === 0 ? 'p_value' : 'distance',
      drifted: random.nextDouble() < 0.15,
      failed: false,
      quality: random.nextDouble() < 0.05,
      nullShare: random.nextDouble() * 0.02,
      n: 3000 + Math.floor(random.nextDouble() * 1000),
    })),
  };
}

/** An entry as appendHistory stores it: numbers to six significant digits. */
function asStored(entry: HistoryEntry): HistoryEntry {
  const six = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));
  return {
    ...entry,
    features: entry.features.map((f) => ({
      ...f,
      statistic: six(f.statistic),
      pValue: six(f.pValue),
      nullShare: six(f.nullShare)!,
    })),
  };
}

describe('history.json', () => {
  it('reads back what it wrote: every field, numbers to six significant digits', async () => {
    const random = new SeededRandom(7);
    const first = check('run-1', 3, random);
    const read = await readHistory(store, PREFIX, warn);
    expect(read).toEqual({ entries: [], etag: null });
    const written = await appendHistory(store, PREFIX, 'm', first, read, warn);
    const again = await readHistory(store, PREFIX, warn);
    expect(again.entries).toHaveLength(1);
    const [entry] = again.entries;
    expect({ ...entry, features: [] }).toEqual({ ...written[0], features: [] });
    entry.features.forEach((point, i) => {
      const original = first.features[i];
      expect({ ...point, statistic: 0, pValue: 0, nullShare: 0 }).toEqual({
        ...original,
        statistic: 0,
        pValue: 0,
        nullShare: 0,
      });
      // Six significant digits: relative error below 5e-6.
      expect(point.statistic!).toBeCloseTo(original.statistic!, 5);
      if (original.pValue !== null) expect(point.pValue!).toBeCloseTo(original.pValue, 6);
    });
    expect(warnings).toEqual([]);
  });

  it(`holds ${HISTORY_MAX_CHECKS} checks × 20 features in under 1.5 MB, one object`, async () => {
    const random = new SeededRandom(11);
    const entries = Array.from({ length: HISTORY_MAX_CHECKS + 1 }, (_, i) => check(`run-${i}`, 20, random));
    // A full history written directly, its numbers as appends leave them, then one append as a check makes it.
    const text = encodeHistory('m', entries.slice(0, HISTORY_MAX_CHECKS).map(asStored), PREFIX);
    await store.putText(historyKey(PREFIX), text, 'application/json');
    const read = await readHistory(store, PREFIX, warn);
    expect(read.entries).toHaveLength(HISTORY_MAX_CHECKS);
    const kept = await appendHistory(store, PREFIX, 'm', entries.at(-1)!, read, warn);
    expect(kept).toHaveLength(HISTORY_MAX_CHECKS);
    expect(kept[0].id).toBe('run-1');
    const size = Buffer.byteLength((await store.getText(historyKey(PREFIX)))!.text);
    expect(size).toBeLessThan(1.5e6);
    expect(size).toBeGreaterThan(0.5e6);
    console.log(`history.json at ${HISTORY_MAX_CHECKS} checks × 20 features: ${size} bytes`);
  });

  it("re-reads and keeps another writer's check when the history changed after it was read", async () => {
    const random = new SeededRandom(3);
    const read = await readHistory(store, PREFIX, warn);
    // A second run of the monitor adds its check between this run's read and write.
    await appendHistory(store, PREFIX, 'm', check('run-1', 2, random), read, warn);
    const mine = check('run-2', 2, random);
    const kept = await appendHistory(store, PREFIX, 'm', mine, read, warn);
    expect(kept.map((h) => h.id)).toEqual(['run-1', 'run-2']);
    expect((await readHistory(store, PREFIX, warn)).entries.map((h) => h.id)).toEqual(['run-1', 'run-2']);
  });

  it('gives up with a WriteConflictError when every attempt meets another change', async () => {
    const random = new SeededRandom(5);
    let writes = 0;
    // Every conditional write finds the history just rewritten by someone else.
    const contested: SnapshotStore = Object.assign(Object.create(store) as SnapshotStore, {
      async putText(key: string, text: string, contentType: string, condition?: unknown) {
        writes++;
        await store.putText(key, `${text}${' '.repeat(writes)}`, contentType);
        return store.putText(key, text, contentType, condition as never);
      },
    });
    const read = await readHistory(contested, PREFIX, warn);
    await expect(
      appendHistory(contested, PREFIX, 'm', check('run-1', 1, random), read, warn),
    ).rejects.toBeInstanceOf(WriteConflictError);
    expect(writes).toBe(5);
  });

  it('warns about a history.json it cannot parse and starts a new one over it', async () => {
    const badTuple = encodeHistory('m', [check('run-0', 1, new SeededRandom(2))], PREFIX).replace(
      /"f":\[\[0,/,
      '"f":[["0",',
    );
    for (const text of [badTuple, '{"format":"something else"}']) {
      await store.putText(historyKey(PREFIX), text, 'application/json');
      expect((await readHistory(store, PREFIX, warn)).entries).toEqual([]);
    }
    const read = await readHistory(store, PREFIX, warn);
    expect(warnings).toEqual(
      Array(3).fill(expect.stringMatching(/history\.json has an unknown shape; starting a new history/)),
    );
    await appendHistory(store, PREFIX, 'm', check('run-1', 1, new SeededRandom(1)), read, warn);
    expect((await readHistory(store, PREFIX, warn)).entries).toHaveLength(1);
  });
});
