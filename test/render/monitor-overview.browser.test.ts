import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../lambdas/core/check-history.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { renderHtmlReport } from '../../lambdas/render/html-report.ts';
import { renderMonitorOverview } from '../../lambdas/render/monitor-overview.ts';
import { launchChromium, type OpenedPage, openPage } from '../support/chromium.ts';
import { historyFor } from './history-fixtures.ts';
import { driftReport, HOSTILE, hostileReport, manyFeaturesReport } from './report-fixtures.ts';

/** The overview page and the report's trend charts in headless Chromium; screenshots in test/artifacts/. */
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const NARROW = { width: 400, height: 800 };

let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ({ context, close } = await launchChromium());
});

afterAll(async () => {
  await close?.();
});

function overviewHtml(monitor: string, history: readonly HistoryEntry[]): string {
  return renderMonitorOverview({
    monitor,
    history,
    // Reports older than the newest 60 have expired.
    reportLink: (entry) =>
      entry.reportKey === null || history.indexOf(entry) < history.length - 60
        ? null
        : { href: `reports/${encodeURIComponent(entry.id)}/report.html` },
  });
}

async function openHtml(name: string, html: string, viewport?: typeof NARROW): Promise<OpenedPage> {
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  return openPage(context, file, viewport);
}

/** What a hostile name could have made of the page: scripts, images, handlers. */
async function activeContent(page: Page) {
  return {
    scripts: await page.locator('script').count(),
    images: await page.locator('img').count(),
    handlers: await page.$$eval(
      '*',
      (elements) => elements.filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    ),
  };
}

/** The page is no wider than the window: wide charts scroll inside their own box. */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

describe('monitor overview page in Chromium', () => {
  const cases: [string, () => [string, HistoryEntry[]]][] = [
    ['overview', () => ['fraud-model', historyFor(driftReport(), 200)]],
    ['overview-hostile', () => [HOSTILE[1], historyFor(hostileReport(), 120)]],
    ['overview-wide', () => ['wide', historyFor(manyFeaturesReport(150), 95)]],
    ['overview-empty', () => ['new-monitor', []]],
  ];

  it.each(cases)(
    'opens %s with no console errors and no network requests, at 1100 and 400 px',
    async (name, make) => {
      const [monitor, history] = make();
      const html = overviewHtml(monitor, history);
      for (const [suffix, viewport] of [
        ['', undefined],
        ['-400', NARROW],
      ] as const) {
        const { page, problems, requests } = await openHtml(`${name}${suffix}`, html, viewport);
        expect(problems).toEqual([]);
        expect(requests).toEqual([]);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(ARTIFACTS, `${name}${suffix}.png`), fullPage: true });
        await page.close();
      }
    },
  );

  it('draws 90 checks in the timeline, marks each alert, and links only reports still stored', async () => {
    const history = historyFor(driftReport(), 200);
    const { page } = await openHtml('overview-dom', overviewHtml('fraud-model', history));
    const window = history.slice(-90);
    const dom = {
      statuses: await page.locator('#timeline rect.status').count(),
      alerts: await page.locator('#timeline path.alert').count(),
      rows: await page.locator('#checks tbody tr').count(),
      links: await page.locator('#checks tbody a').count(),
      heatRows: await page.locator('#heatmap svg > g').count(),
    };
    expect(dom).toEqual({
      statuses: 90,
      alerts: window.filter((c) => c.alert !== null).length,
      rows: 200,
      links: history.slice(-60).filter((c) => c.reportKey !== null).length,
      heatRows: driftReport().features.length,
    });
    const box = await page.locator('#heatmap svg').boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    await page.close();
  });

  it('keeps hostile names and ids as text: no script, image or handler comes of them', async () => {
    const { page, problems } = await openHtml(
      'overview-hostile-dom',
      overviewHtml(HOSTILE[1], historyFor(hostileReport(), 40)),
      NARROW,
    );
    expect(await activeContent(page)).toEqual({ scripts: 0, images: 0, handlers: 0 });
    const labels = await page.$$eval('#heatmap text.lbl title', (titles) => titles.map((t) => t.textContent));
    expect(labels).toEqual(expect.arrayContaining(HOSTILE));
    expect(await page.textContent('header .monitor')).toContain(HOSTILE[1]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('report trend charts in Chromium', () => {
  function reportWithTrends(report: DriftReport, checks: number): string {
    return renderHtmlReport(report, {
      history: historyFor(report, checks),
      overviewHref: '../../index.html',
    });
  }

  it.each([
    ['trends', () => reportWithTrends(driftReport(), 150)],
    ['trends-hostile', () => reportWithTrends(hostileReport(), 30)],
    ['trends-first-check', () => reportWithTrends(driftReport(), 1)],
  ])(
    'opens the %s report with no console errors and no network requests, at 400 px too',
    async (name, make) => {
      const html = make();
      for (const [suffix, viewport] of [
        ['', undefined],
        ['-400', NARROW],
      ] as const) {
        const { page, problems, requests } = await openHtml(`${name}${suffix}`, html, viewport);
        expect(problems).toEqual([]);
        expect(requests).toEqual([]);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
        await page.close();
      }
    },
  );

  it('charts every feature over the last 90 checks with its threshold band, alerts marked, and links the overview', async () => {
    const report = driftReport();
    const history = historyFor(report, 150);
    const { page } = await openHtml('trends-dom', reportWithTrends(report, 150), NARROW);
    const window = history.slice(-90);
    const charts = page.locator('#distributions .card svg.trend-chart');
    expect(await charts.count()).toBe(report.features.length);
    const first = charts.first();
    expect({
      bands: await first.locator('polygon.band').count(),
      alerts: await first.locator('path.alert').count(),
      current: await first.locator('line.now').count(),
    }).toEqual({ bands: 1, alerts: window.filter((c) => c.alert !== null).length, current: 1 });
    const box = await first.boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(box?.width).toBeLessThanOrEqual(400);
    expect(await page.getAttribute('.facts a', 'href')).toBe('../../index.html');
    await page.locator('#f0').screenshot({ path: join(ARTIFACTS, 'trend-card-400.png') });
    await page.close();
  });

  it("keeps hostile names in trend charts as text: the only script is the report's own", async () => {
    const { page, problems } = await openHtml('trends-hostile-dom', reportWithTrends(hostileReport(), 30));
    expect(await activeContent(page)).toEqual({ scripts: 1, images: 0, handlers: 0 });
    const labels = await page.$$eval('svg.trend-chart', (svgs) =>
      svgs.map((s) => s.getAttribute('aria-label')),
    );
    for (const name of HOSTILE) expect(labels.some((label) => label?.startsWith(`${name}:`))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
