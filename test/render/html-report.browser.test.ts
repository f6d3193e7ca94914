import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { renderHtmlReport } from '../../lambdas/render/html-report.ts';
import { launchChromium, type OpenedPage, openPage } from '../support/chromium.ts';
import {
  driftReport,
  errorReport,
  hostileReport,
  manyFeaturesReport,
  modelDegradedReport,
  noDriftReport,
} from './report-fixtures.ts';

/**
 * Opens rendered reports in Debian's headless Chromium (installed by scripts/install-test-deps.sh).
 * Screenshots go to test/artifacts/ (gitignored); with DRIFTWATCH_UPDATE_DOCS=1 the drift view is
 * also written to docs/report.png, the picture in the README.
 */
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const DOCS_PNG = resolve(import.meta.dirname, '../../docs/report.png');

let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ({ context, close } = await launchChromium());
});

afterAll(async () => {
  await close?.();
});

/** Writes the report to a file and opens it as a user would, recording errors, requests and dialogs. */
async function open(name: string, report: DriftReport): Promise<OpenedPage> {
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, renderHtmlReport(report));
  return openPage(context, file);
}

async function columnTexts(page: Page, key: string): Promise<string[]> {
  return page.$$eval(`#feature-table tbody tr td[data-key="${key}"]`, (cells) =>
    cells.map((c) => c.getAttribute('data-sort') ?? ''),
  );
}

describe('HTML report in Chromium', () => {
  it.each([
    ['no-drift', noDriftReport()],
    ['drift', driftReport()],
    ['error', errorReport()],
    ['200-features', manyFeaturesReport(200)],
    ['hostile', hostileReport()],
    ['model-degraded', modelDegradedReport()],
  ])('opens the %s report with no console errors and no network requests', async (name, report) => {
    const { page, problems, requests } = await open(name, report);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('runs no script and makes no element from hostile names', async () => {
    const { page, problems } = await open('hostile-dom', hostileReport());
    const dom = {
      scripts: await page.locator('script').count(),
      images: await page.locator('img').count(),
      handlers: await page.$$eval(
        '*',
        (elements) => elements.filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      ),
      firstFeature: await page.textContent('#f0 h3 code'),
    };
    expect(dom).toEqual({ scripts: 1, images: 0, handlers: 0, firstFeature: expect.any(String) });
    expect(['<script>alert(1)</script>', "'><img src=x onerror=alert(3)>"]).toContain(dom.firstFeature);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the model quality section: the verdict, each metric with its pill, and hostile class names inert', async () => {
    const hostile = '<img src=x onerror=alert(7)>';
    const { page, problems, requests } = await open('model-quality', modelDegradedReport(hostile));
    expect(await page.textContent('#performance .model-verdict')).toMatch(
      /^Model quality degraded: Accuracy fell from 1 to 0\.778/,
    );
    const rows = await page.$$eval('#performance-table tbody tr', (trs) =>
      trs.map((tr) => [tr.querySelector('.pill')?.textContent, tr.querySelector('code')?.textContent]),
    );
    expect(rows).toEqual([
      ['degraded', 'accuracy'],
      ['degraded', 'balanced_accuracy'],
      ['undecided', 'precision'],
    ]);
    expect(await page.textContent('#performance-table tbody tr:nth-child(3) .why')).toContain(hostile);
    expect(await page.locator('#performance img').count()).toBe(0);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'model-quality.png'), fullPage: true });
    await page.close();
  });

  it('sorts the feature table when a header is clicked, and filters by name and state', async () => {
    const { page } = await open('sorting', manyFeaturesReport(40));
    await page.click('th[data-key="name"] button');
    const ascending = await columnTexts(page, 'name');
    expect(ascending).toEqual([...ascending].sort());
    expect(await page.getAttribute('th[data-key="name"]', 'aria-sort')).toBe('ascending');
    await page.click('th[data-key="name"] button');
    expect(await columnTexts(page, 'name')).toEqual([...ascending].reverse());

    await page.click('th[data-key="statistic"] button');
    const statistics = (await columnTexts(page, 'statistic')).map(Number);
    expect(statistics).toEqual([...statistics].sort((a, b) => b - a));

    await page.fill('#filter', 'feature_01');
    expect(await page.textContent('#count')).toBe('10 of 40 shown');
    await page.fill('#filter', '');
    await page.selectOption('#show', 'drifted');
    const visibleStates = await page.$$eval('#feature-table tbody tr:not([hidden])', (rows) =>
      rows.map((r) => r.getAttribute('data-state')),
    );
    expect(new Set(visibleStates)).toEqual(new Set(['drifted']));
    await page.close();
  });

  it('stays usable on a 400 px phone: statistic and threshold in view, chart labels at least 10 px', async () => {
    const { page } = await open('phone', driftReport());
    await page.setViewportSize({ width: 400, height: 800 });
    const cells = await page.$$eval('#feature-table tbody tr', (rows) =>
      rows.map((row) =>
        ['name', 'statistic', 'threshold'].map((key) => {
          const box = row.querySelector(`td[data-key="${key}"]`)!.getBoundingClientRect();
          return {
            key,
            left: Math.round(box.left),
            right: Math.round(box.right),
            width: Math.round(box.width),
          };
        }),
      ),
    );
    for (const row of cells) {
      for (const cell of row) {
        expect(cell.width, cell.key).toBeGreaterThan(0);
        expect(cell.left, cell.key).toBeGreaterThanOrEqual(0);
        expect(cell.right, cell.key).toBeLessThanOrEqual(400);
      }
    }
    // Rendered size: the text's size in chart units times the chart's scale on screen (a string:
    // the test's TypeScript has no DOM types).
    const smallest = (await page.evaluate(
      `Math.min(...[...document.querySelectorAll('svg.chart text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a))`,
    )) as number;
    expect(smallest).toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: join(ARTIFACTS, 'phone.png'), fullPage: true });
    await page.close();
  });

  it('shows the drifted features first and saves a screenshot of that view', async () => {
    const { page } = await open('drift-view', driftReport());
    const firstState = await page.getAttribute('#feature-table tbody tr', 'data-state');
    expect(firstState).toBe('drifted');
    await page.screenshot({ path: join(ARTIFACTS, 'drift-report.png') });
    if (process.env.DRIFTWATCH_UPDATE_DOCS === '1') {
      // Header, table and the worst feature's chart: what an on-call reader sees first.
      await page.screenshot({
        path: DOCS_PNG,
        fullPage: true,
        clip: { x: 0, y: 0, width: 1100, height: 1340 },
      });
    }
    await page.locator('#f0').screenshot({ path: join(ARTIFACTS, 'drifted-feature.png') });
    await page.close();
  });
});
