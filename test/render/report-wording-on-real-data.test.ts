import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { emailText } from '../../lambdas/render/email-text.ts';
import { renderHtmlReport } from '../../lambdas/render/html-report.ts';
import { biggestChange, formatSharePair } from '../../lambdas/render/report-wording.ts';
import { alertFor, categoricalFeature, numericFeature, report } from './report-fixtures.ts';

const quote = (label: string) => `'${label}'`;

describe('what changed, at a precision that shows the change', () => {
  it('says 15.2% → 15.4% where whole percents would read "from 15% to 15%"', () => {
    const f = categoricalFeature('country', 0.001, {
      topChanges: [{ label: 'GB', reference: 0.1523, current: 0.1541, unseen: false }],
    });
    expect(biggestChange(f, quote)).toBe("share of 'GB' rose from 15.2% to 15.4%");
  });

  it('goes to hundredths of a percent, and says "barely moved" below that', () => {
    expect(formatSharePair(0.15231, 0.15244)).toEqual(['15.23%', '15.24%']);
    const f = categoricalFeature('country', 0.001, {
      topChanges: [{ label: 'GB', reference: 0.150001, current: 0.150002, unseen: false }],
    });
    expect(biggestChange(f, quote)).toBe("share of 'GB' barely moved (15.00%)");
  });

  it('keeps whole percents where they already differ', () => {
    expect(formatSharePair(0.12, 0.31)).toEqual(['12%', '31%']);
  });
});

/** A check that stopped before reading anything: the report's tables are empty placeholders. */
const stopped = (): DriftReport => ({
  ...report([], { status: 'error', error: 'baseline: no objects under monitors/m/baseline/' }),
  baseline: { sources: [], rowCount: 0 },
  current: { sources: [], rowCount: 0 },
  skipped: [],
});

describe('a report of a check that could not run', () => {
  it('neither claims no quality problems nor shows 0 rows', () => {
    const html = renderHtmlReport(stopped());
    expect(html).not.toContain('No data-quality problems found');
    expect(html).toContain('Not checked: the check stopped before comparing the tables.');
    expect(html).not.toMatch(/\b0 rows/);
    expect(html).toContain('rows not counted');
  });

  it('says so in the alert email too', () => {
    const text = emailText(alertFor(stopped(), 'error'));
    expect(text).not.toMatch(/\(0 rows\)/);
    expect(text).toContain('(rows not counted)');
  });
});

describe('the category chart', () => {
  it('counts the categories it does not show, those pooled in "(other values)" included', () => {
    const labels = [...Array.from({ length: 30 }, (_, i) => `c${i}`), '(other values)'];
    const f = categoricalFeature('city', 0.001, {
      distribution: {
        labels,
        reference: labels.map(() => 1 / 31),
        current: labels.map(() => 1 / 31),
        otherCategories: { count: 12, atLeast: false },
      },
    });
    // 15 bars shown; 15 named ones hidden plus the 12 pooled.
    expect(renderHtmlReport(report([f]))).toContain('27 more categories with smaller changes');
    const capped = {
      ...f,
      distribution: { ...f.distribution!, otherCategories: { count: 12, atLeast: true } },
    };
    expect(renderHtmlReport(report([capped]))).toContain('at least 27 more categories');
  });
});

describe('a sampled column', () => {
  it('shows the n the method compared, and how many values it was sampled from', () => {
    const f = numericFeature('amount', 0.509, {
      nReference: 1_000_000,
      nCurrent: 1_000_000,
      exact: false,
      sampledFrom: { reference: 2_500_000, current: 3_000_000 },
    });
    const html = renderHtmlReport(report([f]));
    expect(html).toContain('n 1,000,000 / 1,000,000 (a sample of 2,500,000 / 3,000,000 values)');
    expect(html).toContain('<em>sampled</em><div class="why">of 2,500,000 / 3,000,000</div>');
  });
});
