import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { refitAccount } from '../../src/crm/insights/refit-account.ts';
import { DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import { runInsightsTick } from '../../src/jobs/insights.scheduler.ts';
import { createLogger } from '../../src/lib/logger.ts';
import en from '../../web/src/locales/en.json' with { type: 'json' };
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The Analytics page end to end: the real build and server over a real SQLite file with the
// demo merchant, in Debian's Chromium. The figures on the page are the API's for the same
// period, formatted per language; the period picker changes the requests; each CSV downloads;
// the cost per point set on the Loyalty page values the points liability; the predictions (after
// the leader's insights tick, scoring in this thread) show the API's figures; axe passes in en and ur.

const SHOTS = join(process.cwd(), 'artifacts', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DAY_MS = 86_400_000;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
const pageErrors: string[] = [];
// Every report request the page made, in order.
const reportRequests: Array<{ report: string; from: string | null; to: string | null }> = [];

async function api<T = any>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${apiToken}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** Fails on serious or critical axe-core violations of the page as it is now. */
async function expectAccessible(p: Page, name: string): Promise<void> {
  await p.addScriptTag({ path: AXE });
  const violations = await p.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            o: object,
          ) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${name}: axe violations\n${JSON.stringify(bad, null, 2)}`).toEqual([]);
}

async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits for the skeletons and spinners to go. */
async function settled(p: Page): Promise<void> {
  await p.waitForLoadState('networkidle');
  const loading = () =>
    p.evaluate(
      (selector) =>
        [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => el.offsetParent !== null).map((el) => el.className),
      '.Polaris-SkeletonPage__Page, .Polaris-SkeletonBodyText, .Polaris-Spinner',
    );
  await expect.poll(loading, { timeout: 15_000 }).toEqual([]);
}

/** The last request the page made to a report, as its query string. */
async function lastRequest(p: Page, report: string): Promise<URLSearchParams> {
  const url = await p.evaluate(
    (r) =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => new URL(n).pathname === `/api/analytics/${r}`)
        .pop() ?? '',
    report,
  );
  expect(url, `a request to /api/analytics/${report}`).not.toBe('');
  return new URL(url).searchParams;
}

// Formatted by the browser's own Intl (as the page is), with the locales of web/src/format.ts.
type Lang = 'en' | 'ur';
const intlLocale: Record<Lang, string> = { en: 'en', ur: 'ur-PK' };
const intl = (lang: Lang, n: number, options: Intl.NumberFormatOptions) =>
  page.evaluate(([locale, value, o]) => new Intl.NumberFormat(locale, o).format(value), [intlLocale[lang], n, options] as const);
const formatNumber = (lang: Lang, n: number) => intl(lang, n, {});
const formatDecimal = async (lang: Lang, n: number | null, digits: number) =>
  n === null ? '—' : intl(lang, n, { maximumFractionDigits: digits });
const formatPercent = async (lang: Lang, r: number | null) =>
  r === null ? '—' : intl(lang, r, { style: 'percent', maximumFractionDigits: 1 });
const formatMoney = (lang: Lang, m: { amount: string; currencyCode: string }) =>
  intl(lang, Number(m.amount), { style: 'currency', currency: m.currencyCode });

const figure = (p: Page, card: string, id: string) => p.locator(`section[aria-labelledby="report-${card}"] [data-figure="${id}"] dd`);
const text = async (l: ReturnType<Page['locator']>) => (await l.textContent())?.trim();
/** Clicks a CSV button and reads the file the browser saved (BOM dropped). */
async function downloadCsv(button: string): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = await download;
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '') };
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  await seedDemo(server.runtime, { customers: 150 });
  await runInsightsTick({
    insights: server.runtime.ports.insights,
    score: async (histories, now, options) => refitAccount(histories, now, options),
    logger: createLogger('silent'),
  });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_LOGIN),
  });
  apiToken = ((await login.json()) as { token: string }).token;
  browser = await launchChromium({ args: ['--disable-quic'] });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => {
    const url = new URL(r.url());
    const report = /^\/api\/analytics\/([a-z-]+)$/.exec(url.pathname)?.[1];
    if (report) reportRequests.push({ report, from: url.searchParams.get('from'), to: url.searchParams.get('to') });
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('Analytics page in Chromium', () => {
  it('opens from the navigation and shows the figures the API returns for the demo data', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: en.nav.analytics }).click();
    await page.getByRole('heading', { name: en.analytics.title, level: 1 }).waitFor();
    await settled(page);

    // The default period is the last 90 UTC days, today included, for every report.
    const q = await lastRequest(page, 'repeat-purchase');
    expect({ from: q.get('from'), to: q.get('to') }).toEqual({ from: utcDay(Date.now() - 89 * DAY_MS), to: utcDay(Date.now()) });
    const period = `from=${q.get('from')}&to=${q.get('to')}`;
    for (const report of ['retention', 'loyalty', 'cod', 'products'])
      expect((await lastRequest(page, report)).toString()).toBe(q.toString());

    const lang: Lang = 'en';
    const repeat = await api(`/api/analytics/repeat-purchase?${period}`);
    expect(repeat.customers).toBeGreaterThan(0);
    expect(await text(figure(page, 'repeat-purchase', 'repeatPurchaseRate'))).toBe(await formatPercent(lang, repeat.repeatPurchaseRate));
    expect(await text(figure(page, 'repeat-purchase', 'customers'))).toBe(await formatNumber(lang, repeat.customers));
    expect(await text(figure(page, 'repeat-purchase', 'purchaseFrequency'))).toBe(await formatDecimal(lang, repeat.purchaseFrequency, 2));

    // The demo's customers all bought first well over 90 days ago: no cohort, and the card says so.
    const recent = await api(`/api/analytics/retention?${period}`);
    expect(recent.cohorts.every((c: { customers: number }) => c.customers === 0)).toBe(true);
    await page.locator('section[aria-labelledby="report-retention"]').getByText(en.analytics.empty).waitFor();

    const cod = await api(`/api/analytics/cod?${period}`);
    expect(cod.totals.parcels).toBeGreaterThan(0);
    expect(await text(figure(page, 'cod', 'deliveredRate'))).toBe(await formatPercent(lang, cod.totals.deliveredRate));
    expect(await text(figure(page, 'cod', 'returned'))).toBe(await formatNumber(lang, cod.totals.returned));

    // The COD chart's figures as a table, behind its disclosure: one row per city.
    const codCard = page.locator('section[aria-labelledby="report-cod"]');
    const disclosure = codCard.getByRole('button', { name: en.analytics.showTable });
    expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
    await disclosure.click();
    expect(await codCard.getByRole('button', { name: en.analytics.hideTable }).getAttribute('aria-expanded')).toBe('true');
    const codTable = codCard.getByRole('table');
    expect(await codTable.locator('tbody tr').count()).toBe(cod.cities.length);
    const firstCity = cod.cities[0];
    const firstRow = codTable.locator('tbody tr').first();
    expect(await firstRow.locator('td').nth(1).textContent()).toBe(await formatNumber(lang, firstCity.delivered));
    await codCard.getByLabel(en.analytics.cod.by).selectOption('month');
    expect(await codTable.locator('tbody tr').count()).toBe(cod.months.length);
    expect(await codCard.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);

    const loyalty = await api(`/api/analytics/loyalty?${period}`);
    const membersTable = page.locator('section[aria-labelledby="report-loyalty"]').getByRole('table');
    const aovRow = membersTable.getByRole('row', { name: new RegExp(`^${en.analytics.loyalty.aov}`) });
    const money = async (m: { amount: string; currencyCode: string } | null) => (m ? formatMoney(lang, m) : '—');
    expect(await aovRow.locator('td').allTextContents()).toEqual([
      await money(loyalty.members.averageOrderValue),
      await money(loyalty.nonMembers.averageOrderValue),
    ]);
    expect(await text(figure(page, 'loyalty', 'redemptionRate'))).toBe(await formatPercent(lang, loyalty.points.redemptionRate));
    expect(await text(figure(page, 'loyalty', 'referralRate'))).toBe(await formatPercent(lang, loyalty.referrals.referralRate));
    // The demo program has no cost per point yet: the page says where to set it.
    expect(loyalty.points.pointCost).toBeNull();
    await page.getByText(en.analytics.loyalty.setPointCost).waitFor();

    const products = await api(`/api/analytics/products?${period}`);
    expect(products.top.length).toBeGreaterThan(0);
    // One bar per charted product with revenue: recharts draws nothing for a zero (a fully refunded product).
    const charted = products.top.slice(0, 10).filter((p: { revenue: { amount: string } }) => Number(p.revenue.amount) > 0);
    expect(await page.locator('section[aria-labelledby="report-products"] .recharts-bar-rectangle').count()).toBe(charted.length);

    await expectAccessible(page, 'analytics');
  }, 120_000);

  it('asks every report again when the period changes, for a preset and a custom range', async () => {
    const reports = ['retention', 'repeat-purchase', 'loyalty', 'cod', 'products'];
    const askedFor = (from: string, to: string) =>
      reports.filter((r) => reportRequests.some((q) => q.report === r && q.from === from && q.to === to));
    const yearFrom = utcDay(Date.now() - 364 * DAY_MS);
    const today = utcDay(Date.now());
    await page.getByLabel(en.analytics.period).selectOption('365');
    await expect.poll(() => askedFor(yearFrom, today), { timeout: 10_000 }).toEqual(reports);
    await settled(page);
    const cod = await api(`/api/analytics/cod?from=${yearFrom}&to=${today}`);
    const parcels = await formatNumber('en', cod.totals.parcels);
    await expect.poll(() => text(figure(page, 'cod', 'parcels')), { timeout: 10_000 }).toBe(parcels);

    await page.getByLabel(en.analytics.period).selectOption('custom');
    const from = utcDay(Date.now() - 40 * DAY_MS);
    const to = utcDay(Date.now() - 10 * DAY_MS);
    const tooEarly = utcDay(Date.now() - 50 * DAY_MS);
    await page.getByLabel(en.analytics.from, { exact: true }).fill(from);
    // A range that ends before it starts is refused on the field and never asked for.
    await page.getByLabel(en.analytics.to, { exact: true }).fill(tooEarly);
    await page.getByText(en.analytics.toBeforeFrom).waitFor();
    await page.getByLabel(en.analytics.to, { exact: true }).fill(to);
    await expect.poll(() => askedFor(from, to), { timeout: 10_000 }).toEqual(reports);
    expect(reportRequests.filter((q) => q.to === tooEarly)).toEqual([]);
    await settled(page);
    const repeat = await api(`/api/analytics/repeat-purchase?from=${from}&to=${to}`);
    expect(await text(figure(page, 'repeat-purchase', 'repeatPurchaseRate'))).toBe(await formatPercent('en', repeat.repeatPurchaseRate));

    // Back far enough for the demo's first orders: the cohorts' sizes are the API's.
    const longAgo = utcDay(Date.now() - 1000 * DAY_MS);
    await page.getByLabel(en.analytics.from, { exact: true }).fill(longAgo);
    await settled(page);
    const retention = await api(`/api/analytics/retention?from=${longAgo}&to=${to}`);
    const cohort = retention.cohorts.find((c: { customers: number }) => c.customers > 0);
    expect(cohort).toBeDefined();
    expect(await text(page.locator(`tr[data-cohort="${cohort.month}"] [data-cell="customers"]`))).toBe(
      await formatNumber('en', cohort.customers),
    );
    await expect.poll(() => page.locator('.rapport-heatmap tbody tr').count()).toBe(retention.cohorts.length);
    const month1 = cohort.retention[0];
    expect(await text(page.locator(`tr[data-cohort="${cohort.month}"] td`).nth(1))).toBe(
      month1.customers === null ? '—' : await formatPercent('en', month1.rate),
    );
    await expectAccessible(page, 'analytics-cohorts');
    await shot(page, 'analytics-en');
  }, 60_000);

  it('downloads each report as CSV with the session, for the chosen period', async () => {
    const q = await lastRequest(page, 'retention');
    const retention = await downloadCsv(`${en.analytics.downloadCsv} – ${en.analytics.retention.title}`);
    expect(retention.name).toMatch(/^retention-.*\.csv$/);
    expect(retention.text.split(/\r?\n/)[0]).toMatch(/^cohort,customers,month_1,month_1_rate,/);
    const viaApi = await fetch(`${server.url}/api/analytics/retention.csv?${q.toString()}`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(retention.text).toBe((await viaApi.text()).replace(/^\uFEFF/, ''));

    // The COD file holds the breakdown on screen (by month since the first test chose it).
    const cod = await downloadCsv(`${en.analytics.downloadCsv} – ${en.analytics.cod.title}`);
    expect(cod.name).toMatch(/^cod-by-month-.*\.csv$/);
    expect(cod.text.split(/\r?\n/)[0]).toBe('month,parcels,delivered,returned,open,delivered_rate,return_rate');
    // Products: one file per list.
    const pairs = await downloadCsv(`${en.analytics.downloadCsv} – ${en.analytics.products.boughtTogether}`);
    expect(pairs.name).toMatch(/^products-pairs-.*\.csv$/);
    const viaApiPairs = await fetch(`${server.url}/api/analytics/products.csv?${q.toString()}&table=pairs`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(pairs.text).toBe((await viaApiPairs.text()).replace(/^\uFEFF/, ''));
    const top = await downloadCsv(`${en.analytics.downloadCsv} – ${en.analytics.products.top}`);
    expect(top.text.split(/\r?\n/)[0]).toBe('product_id,title,revenue,currency,units,orders,customers');
  }, 60_000);

  it('values the points liability with the cost per point set on the Loyalty page', async () => {
    await page.getByRole('link', { name: en.nav.loyalty, exact: true }).click();
    await page.getByRole('heading', { name: en.loyalty.title, level: 1 }).waitFor();
    await settled(page);
    const cost = page.getByLabel(en.program.pointCost);
    await cost.fill('half');
    await page.getByRole('button', { name: en.program.save }).click();
    await page.getByText(en.program.saveFailed).waitFor();
    expect(await cost.getAttribute('aria-invalid')).toBe('true');
    expect((await api('/api/loyalty/program')).program.settings.pointCost).toBeUndefined();
    await cost.fill('0.5');
    await page.getByRole('button', { name: en.program.save }).click();
    await page.getByText(/^Saved as version \d+\.$/).waitFor();
    expect((await api('/api/loyalty/program')).program.settings.pointCost).toBe('0.5');

    await page.getByRole('link', { name: en.nav.analytics }).click();
    await page.getByRole('heading', { name: en.analytics.title, level: 1 }).waitFor();
    await settled(page);
    const q = await lastRequest(page, 'loyalty');
    const loyalty = await api(`/api/analytics/loyalty?${q.toString()}`);
    expect(loyalty.points.liability).not.toBeNull();
    expect(await text(figure(page, 'loyalty', 'liability'))).toBe(await formatMoney('en', loyalty.points.liability));
    expect(await page.getByText(en.analytics.loyalty.setPointCost).count()).toBe(0);
  }, 60_000);

  it('shows a failed report as an error with Try again, while the other reports still show', async () => {
    // The COD report fails once (a server error), then answers again.
    await page.route('**/api/analytics/cod?*', (r) =>
      r.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' }),
    );
    await page.reload();
    await page.getByRole('heading', { name: en.analytics.title, level: 1 }).waitFor();
    const codCard = page.locator('section[aria-labelledby="report-cod"]');
    // react-query retries a failed request before it gives up: allow for it.
    await codCard.getByText(en.errors.loadFailed).waitFor({ timeout: 20_000 });
    expect(await figure(page, 'cod', 'deliveredRate').count()).toBe(0);
    await figure(page, 'repeat-purchase', 'repeatPurchaseRate').waitFor();
    await page.unroute('**/api/analytics/cod?*');
    await codCard.getByRole('button', { name: en.errors.retry }).click();
    await figure(page, 'cod', 'deliveredRate').waitFor();
    const q = await lastRequest(page, 'cod');
    const cod = await api(`/api/analytics/cod?${q.toString()}`);
    expect(await text(figure(page, 'cod', 'deliveredRate'))).toBe(await formatPercent('en', cod.totals.deliveredRate));
  }, 60_000);

  it('shows the predictions as of the last fit: value by RFM segment, churn bands, the model check; COD by segment', async () => {
    const lang: Lang = 'en';
    await settled(page);
    // The prediction reports are asked for without a period.
    for (const report of ['clv', 'churn', 'model-check']) expect((await lastRequest(page, report)).toString()).toBe('');
    const clv = await api('/api/analytics/clv');
    expect(clv.model).not.toBeNull();
    expect(clv.totals.scored).toBeGreaterThan(0);
    const clvCard = page.locator('section[aria-labelledby="report-clv"]');
    await clvCard.locator(`[data-confidence="${clv.model.confidence}"]`).waitFor();
    expect(await text(figure(page, 'clv', 'historic'))).toBe(await formatMoney(lang, clv.totals.historic));
    expect(await text(figure(page, 'clv', 'predicted'))).toBe(await formatMoney(lang, clv.totals.predicted));
    // Grouped bars: historic and predicted per segment with customers (recharts draws nothing for a zero).
    const bars = clv.segments
      .filter((s: { customers: number }) => s.customers > 0)
      .reduce(
        (n: number, s: { historic: { amount: string }; predicted: { amount: string } }) =>
          n + (Number(s.historic.amount) > 0 ? 1 : 0) + (Number(s.predicted.amount) > 0 ? 1 : 0),
        0,
      );
    expect(bars).toBeGreaterThan(0);
    await expect.poll(() => clvCard.locator('.recharts-bar-rectangle').count()).toBe(bars);
    await clvCard.getByRole('button', { name: en.analytics.showTable }).click();
    const clvRows = clvCard.getByRole('table').locator('tbody tr');
    expect(await clvRows.count()).toBe(clv.segments.length);
    const champions = clv.segments[0];
    expect(await clvRows.first().locator('th').textContent()).toBe(en.insights.segment.champions);
    expect(await clvRows.first().locator('td').nth(1).textContent()).toBe(await formatMoney(lang, champions.historic));

    const churn = await api('/api/analytics/churn');
    const high = churn.bands.find((b: { churnRisk: string | null }) => b.churnRisk === 'high');
    expect(await text(figure(page, 'churn', 'atRisk'))).toBe(await formatMoney(lang, high.predicted));
    expect(await text(figure(page, 'churn', 'highRisk'))).toBe(await formatNumber(lang, high.customers));

    const check = (await api('/api/analytics/model-check')).check;
    expect(check.customers).toBeGreaterThan(0);
    expect(await text(figure(page, 'model-check', 'predicted'))).toBe(await formatDecimal(lang, check.predicted, 1));
    expect(await text(figure(page, 'model-check', 'actual'))).toBe(await formatNumber(lang, check.actual));
    const checkCard = page.locator('section[aria-labelledby="report-model-check"]');
    await checkCard.getByRole('button', { name: en.analytics.showTable }).click();
    const checkRows = checkCard.getByRole('table').locator('tbody tr');
    expect(await checkRows.count()).toBe(8);
    expect(await checkRows.last().locator('th').textContent()).toBe('7 or more');
    expect(await checkRows.first().locator('td').nth(1).textContent()).toBe(await formatDecimal(lang, check.rows[0].meanPredicted, 2));
    const file = await downloadCsv(`${en.analytics.downloadCsv} – ${en.analytics.modelCheck.title}`);
    expect(file.name).toMatch(/^model-check-.*\.csv$/);
    const viaApi = await fetch(`${server.url}/api/analytics/model-check.csv`, { headers: { authorization: `Bearer ${apiToken}` } });
    expect(file.text).toBe((await viaApi.text()).replace(/^\uFEFF/, ''));

    // Cash on delivery by saved segment: every segment of the shop, its file the same breakdown.
    const q = await lastRequest(page, 'cod');
    const cod = await api(`/api/analytics/cod?${q.toString()}`);
    expect(cod.segments.length).toBeGreaterThan(0);
    const codCard = page.locator('section[aria-labelledby="report-cod"]');
    await codCard.getByLabel(en.analytics.cod.by).selectOption('segment');
    await codCard.getByRole('button', { name: en.analytics.showTable }).click();
    const codRows = codCard.getByRole('table').locator('tbody tr');
    expect(await codRows.count()).toBe(cod.segments.length);
    expect(await text(codRows.first().locator('th'))).toBe(`\u2068${cod.segments[0].name}\u2069`);
    const codFile = await downloadCsv(`${en.analytics.downloadCsv} – ${en.analytics.cod.title}`);
    expect(codFile.name).toMatch(/^cod-by-segment-.*\.csv$/);
    expect(codFile.text.split(/\r?\n/)[0]).toBe('segment,built_in,parcels,delivered,returned,open,delivered_rate,return_rate');
    await expectAccessible(page, 'analytics-predictions');
  }, 60_000);

  it('reads right to left in Urdu, with Urdu numbers and names, and passes axe', async () => {
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'ur'));
    await page.reload();
    await page.getByRole('heading', { name: ur.analytics.title, level: 1 }).waitFor();
    await settled(page);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const q = await lastRequest(page, 'repeat-purchase');
    const repeat = await api(`/api/analytics/repeat-purchase?${q.toString()}`);
    expect(await text(figure(page, 'repeat-purchase', 'repeatPurchaseRate'))).toBe(await formatPercent('ur', repeat.repeatPurchaseRate));
    await page.getByRole('button', { name: ur.analytics.showTable }).first().waitFor();
    // The chart follows the reading direction: its label axis sits at the right edge in Urdu.
    const codChart = page.locator('section[aria-labelledby="report-cod"] .recharts-wrapper');
    const box = await codChart.boundingBox();
    const axis = await page.locator('section[aria-labelledby="report-cod"] .recharts-yAxis').boundingBox();
    expect(box && axis && axis.x + axis.width / 2 > box.x + box.width / 2).toBe(true);
    // The same long range as the English screenshot, so the cohorts show.
    await page.getByLabel(ur.analytics.period).selectOption('custom');
    await page.getByLabel(ur.analytics.from, { exact: true }).fill(utcDay(Date.now() - 1000 * DAY_MS));
    await page.getByLabel(ur.analytics.to, { exact: true }).fill(utcDay(Date.now() - 10 * DAY_MS));
    await settled(page);
    // The new period's reports arrive after `settled` on a slower database: wait for the rows.
    await expect.poll(() => page.locator('.rapport-heatmap tbody tr').count()).toBeGreaterThan(0);
    // The predictions in Urdu too.
    await page.getByRole('heading', { name: ur.analytics.clv.title }).waitFor();
    await page.getByRole('heading', { name: ur.analytics.modelCheck.title }).waitFor();
    await figure(page, 'churn', 'atRisk').waitFor();
    await expectAccessible(page, 'analytics-ur');
    await shot(page, 'analytics-ur');
  }, 60_000);

  it('threw no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
