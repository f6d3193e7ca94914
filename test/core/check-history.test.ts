import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HISTORY_MAX_CHECKS,
  type HistoryEntry,
  historyEntryOf,
  withHistoryEntry,
} from '../../lambdas/core/check-history.ts';
import { driftReport, featureResult } from '../support/report-builders.ts';

function entry(id: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    checkedAt: `2026-11-28T10:00:00.000Z`,
    status: 'ok',
    alert: null,
    reportKey: `monitors/m/reports/${id}/report.json`,
    driftedShare: 0,
    driftShareThreshold: 0.5,
    features: [],
    ...overrides,
  };
}

describe('historyEntryOf', () => {
  it('keeps per feature the statistic, the p-value the verdict used, threshold, verdict, null share and n', () => {
    const report = driftReport(
      [
        featureResult({ name: 'amount', statistic: 0.3, threshold: 0.1, drifted: true, nCurrent: 2000 }),
        featureResult({
          name: 'country',
          kind: 'categorical',
          method: 'chi_square',
          decision: 'p_value',
          statistic: 4.2,
          pValue: 0.01,
          pValueAdjusted: 0.04,
          threshold: 0.05,
          drifted: true,
          nullShareCurrent: 0.25,
          nCurrent: 1500,
        }),
        featureResult({ name: 'broken', method: null, statistic: null, drifted: false, error: 'all null' }),
      ],
      {
        quality: [
          { check: 'completeness', feature: 'country', severity: 'warning', message: 'nulls rose' },
          { check: 'range', feature: 'amount', severity: 'info', message: 'new max' },
        ],
      },
    );
    const made = historyEntryOf(report, {
      checkedAt: '2026-11-28T10:05:00.000Z',
      alert: 'drift',
      reportKey: 'monitors/fraud/reports/2026-11-28T10/report.json',
    });
    expect(made).toMatchObject({
      id: '2026-11-28T10',
      status: report.status,
      alert: 'drift',
      driftedShare: report.dataset.driftedShare,
    });
    expect(made.features).toEqual([
      expect.objectContaining({ name: 'amount', statistic: 0.3, drifted: true, quality: false, n: 2000 }),
      expect.objectContaining({
        name: 'country',
        pValue: 0.04,
        threshold: 0.05,
        decision: 'p_value',
        quality: true,
        nullShare: 0.25,
        n: 1500,
      }),
      expect.objectContaining({ name: 'broken', statistic: null, failed: true }),
    ]);
  });

  it("keeps a calibrated feature's statistic on its threshold's scale", () => {
    const report = driftReport([
      featureResult({
        name: 'latency',
        method: 't_test',
        statistic: -4.2,
        threshold: 2.5,
        thresholdSource: 'calibrated',
        calibration: {
          chunks: 100,
          chunkSize: 2896,
          strategy: 'random',
          withReplacement: false,
          mean: 0.8,
          std: 0.57,
          statistic: 4.2,
        },
      }),
    ]);
    const made = historyEntryOf(report, {
      checkedAt: '2026-11-28T10:00:00.000Z',
      alert: null,
      reportKey: null,
    });
    expect(made.features[0]).toMatchObject({ statistic: 4.2, threshold: 2.5 });
  });

  it('gives the runs of one stale spell one id, apart from the check of that snapshot', () => {
    const stale = driftReport([], { status: 'stale', context: { snapshotId: '001' } });
    const checked = driftReport([], { status: 'ok', context: { snapshotId: '001' } });
    const at = { checkedAt: '2026-11-28T10:00:00.000Z', alert: null, reportKey: null };
    expect(historyEntryOf(stale, at).id).toBe('stale:001');
    expect(historyEntryOf(checked, at).id).toBe('001');
  });
});

describe('withHistoryEntry', () => {
  it('replaces a check run again (same id) instead of adding it twice, and moves it last', () => {
    const history = [entry('001'), entry('002', { status: 'error' })];
    const again = withHistoryEntry(history, entry('002', { status: 'drift' }));
    expect(again.map((h) => [h.id, h.status])).toEqual([
      ['001', 'ok'],
      ['002', 'drift'],
    ]);
  });

  it('keeps the alert mark of a replaced run when the rerun sent none', () => {
    const history = [entry('stale:001', { status: 'stale', alert: 'stale' })];
    const next = withHistoryEntry(history, entry('stale:001', { status: 'stale', alert: null }));
    expect(next).toEqual([expect.objectContaining({ id: 'stale:001', alert: 'stale' })]);
  });

  it(`keeps the last ${HISTORY_MAX_CHECKS} checks, dropping the oldest`, () => {
    const full = Array.from({ length: HISTORY_MAX_CHECKS }, (_, i) => entry(String(i).padStart(4, '0')));
    const next = withHistoryEntry(full, entry('new'));
    expect(next).toHaveLength(HISTORY_MAX_CHECKS);
    expect(next[0].id).toBe('0001');
    expect(next.at(-1)!.id).toBe('new');
  });

  it('never holds more than the bound, never two entries of one id, and always ends with the newest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 20 }),
        (ids, max) => {
          let history: HistoryEntry[] = [];
          for (const id of ids) {
            history = withHistoryEntry(history, entry(String(id)), max);
            expect(history.length).toBeLessThanOrEqual(max);
            expect(new Set(history.map((h) => h.id)).size).toBe(history.length);
            expect(history.at(-1)!.id).toBe(String(id));
          }
        },
      ),
    );
  });
});
