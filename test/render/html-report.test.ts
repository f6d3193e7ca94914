import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../lambdas/render/html-page.ts';
import { renderHtmlReport } from '../../lambdas/render/html-report.ts';
import {
  ACTING_CHARACTERS,
  DECEPTIVE,
  deceptiveReport,
  driftReport,
  errorReport,
  HOSTILE,
  hostileReport,
  manyFeaturesReport,
  noDriftReport,
} from './report-fixtures.ts';

describe('renderHtmlReport', () => {
  it('names the verdict in words beside its colour', () => {
    expect(renderHtmlReport(driftReport())).toMatch(
      /<body class="tone-bad">[\s\S]*<span class="badge">Drift<\/span>/,
    );
    expect(renderHtmlReport(noDriftReport())).toMatch(
      /<body class="tone-good">[\s\S]*<span class="badge">No drift<\/span>/,
    );
    expect(renderHtmlReport(errorReport())).toMatch(
      /<span class="badge">Check failed<\/span>[\s\S]*<pre class="error">SnapshotFormatError/,
    );
  });

  it('loads nothing from outside the file', () => {
    const html = renderHtmlReport(driftReport());
    expect(html).not.toMatch(/\b(src|href)="(?!#|data:)/);
    expect(html).toContain(`default-src 'none'`);
  });

  it('says in one sentence what changed most, for each drifted feature', () => {
    const html = renderHtmlReport(driftReport());
    expect(html).toContain('share of <q>mobile</q> rose from 12% to 31%');
  });

  it('escapes every hostile name, category, file name and message', () => {
    const html = renderHtmlReport(hostileReport());
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('"onload=');
    expect(html).not.toContain('<!channel>');
    expect(html.match(/<script>/g)).toHaveLength(1);
    for (const name of HOSTILE) expect(html).toContain(escapeHtml(name));
  });

  it('shows bidi overrides, escapes and format characters from data as visible markers', () => {
    const html = renderHtmlReport({ ...deceptiveReport(), error: DECEPTIVE.join('\n') });
    expect(html).not.toMatch(ACTING_CHARACTERS);
    expect(html).toContain('invoice_&lt;U+202E&gt;gpj.exe');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('stays small for 200 features', () => {
    const bytes = Buffer.byteLength(renderHtmlReport(manyFeaturesReport(200)));
    // Measured: about 600 KB (3 KB a feature, mostly its inline SVG chart). The bound catches a blow-up.
    expect(bytes).toBeLessThan(800 * 1024);
  });
});
