import { describe, expect, it } from 'vitest';
import { createProgressBar, formatBytes, progressLine } from '../../lambdas/cli/progress-bar.ts';

function fakeBar(isTTY: boolean) {
  let clock = 0;
  let out = '';
  const bar = createProgressBar({
    write: (t) => (out += t),
    isTTY,
    now: () => clock,
    label: 'current',
    width: 10,
  });
  return {
    bar,
    tick: (ms: number) => (clock += ms),
    output: () => out,
  };
}

const half = { rows: 500_000, bytes: 50_000_000, totalBytes: 100_000_000 };

describe('progress bar', () => {
  it('draws nothing for a read shorter than a second', () => {
    const f = fakeBar(true);
    f.tick(900);
    f.bar.update(half);
    f.bar.done();
    expect(f.output()).toBe('');
  });

  it('draws rows, bytes and rate after a second, then erases itself', () => {
    const f = fakeBar(true);
    f.tick(2000);
    f.bar.update(half);
    expect(f.output()).toBe(
      '\r\x1b[2Kcurrent  [█████░░░░░] 50%  500,000 rows  50.0 MB / 100.0 MB  25.0 MB/s',
    );
    f.bar.done();
    expect(f.output().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('never draws when stderr is not a terminal', () => {
    const f = fakeBar(false);
    f.tick(5000);
    f.bar.update(half);
    f.bar.done();
    expect(f.output()).toBe('');
  });

  it('redraws at most ten times a second', () => {
    const f = fakeBar(true);
    f.tick(1500);
    for (let i = 0; i < 100; i++) {
      f.tick(1);
      f.bar.update(half);
    }
    expect(f.output().split('\r\x1b[2K').length - 1).toBe(1);
  });

  it('shows a row rate when the source does not count bytes', () => {
    expect(progressLine('baseline', { rows: 3000, bytes: null, totalBytes: 0 }, 2, 10)).toBe(
      'baseline  3,000 rows  1,500 rows/s',
    );
  });

  it('formats bytes in decimal units', () => {
    expect([formatBytes(999), formatBytes(1000), formatBytes(2_500_000_000)]).toEqual([
      '999 B',
      '1.0 KB',
      '2.5 GB',
    ]);
  });
});
