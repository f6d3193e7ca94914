import { describe, expect, it } from 'vitest';
import { formatReportTable } from '../../lambdas/cli/format-table.ts';
import {
  ACTING_CHARACTERS,
  categoricalFeature,
  deceptiveReport,
  driftReport,
  numericFeature,
  report,
} from '../sinks/report-fixtures.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\x1b\[[0-9;]*m/g;

describe('formatReportTable', () => {
  it('prints no escape codes unless asked for colour', () => {
    expect(formatReportTable(driftReport())).not.toMatch(ANSI);
  });

  it('colours the verdict and each feature state, and aligns as the plain table does', () => {
    const coloured = formatReportTable(driftReport(), { color: true });
    expect(coloured).toContain('\x1b[31mDRIFT\x1b[0m');
    expect(coloured).toContain('\x1b[32mok\x1b[0m     ');
    expect(coloured.replace(ANSI, '')).toBe(formatReportTable(driftReport()));
  });

  it('puts the features furthest past their threshold first, then those not compared', () => {
    const table = formatReportTable(
      report([
        numericFeature('calm', 0.01),
        numericFeature('mild', 0.15),
        categoricalFeature('severe', 1e-12),
        {
          ...numericFeature('broken', 0),
          method: null,
          statistic: null,
          threshold: null,
          decision: null,
          drifted: false,
          error: 'current has no finite values',
        },
      ]),
    );
    const order = table
      .split('\n')
      .filter((l) => /^(DRIFT|ok|n\/a) /.test(l))
      .map((l) => l.split(/\s+/)[1]);
    expect(order).toEqual(['severe', 'mild', 'broken', 'calm']);
  });

  it('keeps control characters in names away from the terminal', () => {
    const table = formatReportTable(report([numericFeature('evil\x1b]0;pwned\x07name', 0.5)]), {
      color: true,
    });
    expect(table).not.toContain('\x1b]0;');
    expect(table).toContain('evil<U+001B>]0;pwned<U+0007>name');
  });

  it('shows bidi overrides, escapes and format characters from data as visible markers', () => {
    const table = formatReportTable(deceptiveReport());
    for (const line of table.split('\n')) expect(line).not.toMatch(ACTING_CHARACTERS);
    expect(table).toContain('invoice_<U+202E>gpj.exe');
    expect(table).toContain('over write<U+009B>2J');
  });
});
