import { describe, expect, it } from 'vitest';
import { type AlertMemory, decideAlert } from '../../lambdas/core/alert-policy.ts';
import type { ReportStatus } from '../../lambdas/core/report.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 28, 12);
const COOLDOWN = 24 * HOUR;

function memory(lastStatus: ReportStatus | null, alertedHoursAgo: number | null = null): AlertMemory {
  return { lastStatus, lastAlertAt: alertedHoursAgo === null ? null : NOW - alertedHoursAgo * HOUR };
}

describe('decideAlert', () => {
  it('alerts on the first check that finds drift', () => {
    expect(decideAlert(memory(null), 'drift', NOW, COOLDOWN)).toBe('drift');
  });

  it('stays quiet on a first check that is fine, and while things stay fine', () => {
    expect(decideAlert(memory(null), 'ok', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('ok'), 'ok', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('ok'), 'warn', NOW, COOLDOWN)).toBeNull();
  });

  it('alerts on ok → drift and on drift → ok', () => {
    expect(decideAlert(memory('ok', 100), 'drift', NOW, COOLDOWN)).toBe('drift');
    expect(decideAlert(memory('drift', 1), 'ok', NOW, COOLDOWN)).toBe('recovered');
    expect(decideAlert(memory('drift', 1), 'warn', NOW, COOLDOWN)).toBe('recovered');
  });

  it('reminds once the cooldown has passed while drift persists, not before', () => {
    expect(decideAlert(memory('drift', 23.9), 'drift', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('drift', 24), 'drift', NOW, COOLDOWN)).toBe('reminder');
  });

  it('alerts on error and stale when they begin, repeats them only after the cooldown, and reports recovery', () => {
    expect(decideAlert(memory('ok'), 'error', NOW, COOLDOWN)).toBe('error');
    expect(decideAlert(memory('error', 2), 'error', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('error', 30), 'error', NOW, COOLDOWN)).toBe('error');
    expect(decideAlert(memory('drift', 2), 'stale', NOW, COOLDOWN)).toBe('stale');
    expect(decideAlert(memory('stale', 2), 'stale', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('stale', 2), 'ok', NOW, COOLDOWN)).toBe('recovered');
    expect(decideAlert(memory('error', 2), 'drift', NOW, COOLDOWN)).toBe('drift');
  });

  it('pages on invalid data with reason quality, repeats it only after the cooldown, and reports recovery', () => {
    expect(decideAlert(memory('ok'), 'invalid', NOW, COOLDOWN)).toBe('quality');
    expect(decideAlert(memory('drift', 2), 'invalid', NOW, COOLDOWN)).toBe('quality');
    expect(decideAlert(memory('invalid', 2), 'invalid', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('invalid', 24), 'invalid', NOW, COOLDOWN)).toBe('quality');
    expect(decideAlert(memory('invalid', 2), 'ok', NOW, COOLDOWN)).toBe('recovered');
    expect(decideAlert(memory('invalid', 2), 'drift', NOW, COOLDOWN)).toBe('drift');
  });

  it('treats feature_drift and warn as healthy: no page, and a recovery out of a problem', () => {
    expect(decideAlert(memory('ok'), 'feature_drift', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory(null), 'warn', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('drift', 1), 'feature_drift', NOW, COOLDOWN)).toBe('recovered');
  });

  it('sends recovered when a paged stale or error monitor then waits for its baseline', () => {
    expect(decideAlert(memory('stale'), 'waiting', NOW, COOLDOWN)).toBe('recovered');
    expect(decideAlert(memory('error'), 'waiting', NOW, COOLDOWN)).toBe('recovered');
  });

  it('never alerts while waiting for a baseline, and does not call what follows a recovery', () => {
    expect(decideAlert(memory(null), 'waiting', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('waiting'), 'waiting', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('waiting'), 'ok', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('waiting'), 'feature_drift', NOW, COOLDOWN)).toBeNull();
    expect(decideAlert(memory('waiting'), 'drift', NOW, COOLDOWN)).toBe('drift');
  });
});
