import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { DEMO_ACCOUNT_ID, DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import { measureInitialJs } from '../../web/budget.ts';
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { startTestServer, TEST_API_KEY, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// The admin panel end to end: the real build served by the real server over a real SQLite
// file with the demo merchant, driven in Debian's Chromium. Standalone mode: sign in, search,
// open a profile, Data & sync with a dead letter, switch to Urdu. axe-core runs on every page.

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'artifacts', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
const offsite: string[] = [];
const pageErrors: string[] = [];

async function api<T = any>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${apiToken}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

const displayName = (c: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null }) =>
  [c.firstName, c.lastName].filter(Boolean).join(' ').trim() || c.email || c.phone || 'Unnamed customer';

/** Fails on serious or critical axe-core violations of the page as it is now. */
async function expectAccessible(p: Page, name: string): Promise<void> {
  await p.addScriptTag({ path: AXE });
  const violations = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${name}: axe violations\n${JSON.stringify(bad, null, 2)}`).toEqual([]);
}

async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits for the skeletons, spinners and loading bars to go. */
async function settled(p: Page): Promise<void> {
  await p.waitForLoadState('networkidle');
  const loading = () => p.evaluate((selector) => [...document.querySelectorAll<HTMLElement>(selector)]
    .filter((el) => el.offsetParent !== null).map((el) => el.className), '.Polaris-SkeletonPage__Page, .Polaris-SkeletonBodyText, .Polaris-IndexTable__LoadingPanelEntered');
  await expect.poll(loading, { timeout: 10_000 }).toEqual([]);
}

async function openContext(language?: string): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  if (language) await ctx.addInitScript((l) => window.localStorage.setItem('rapport.language', l), language);
  ctx.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:') offsite.push(r.url());
  });
  const p = await ctx.newPage();
  p.on('pageerror', (e) => pageErrors.push(e.message));
  return { context: ctx, page: p };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the admin e2e test needs Debian's Chromium. Install it with: apt-get install -y chromium`);
  }
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });

  server = await startTestServer();
  const rt = server.runtime;
  await seedDemo(rt, { customers: 150 });
  // A dead letter for the Data & sync page: a delivery that failed its last attempt.
  const shopify = rt.tenancy.listConnections(DEMO_ACCOUNT_ID).find((c) => c.platform === 'shopify');
  if (!shopify) throw new Error('demo seed has no Shopify connection');
  rt.inbox.accept({ accountId: DEMO_ACCOUNT_ID, connectionId: shopify.id, platform: 'shopify', topic: 'orders/create', dedupeKey: 'e2e-dead', body: '{"id":1}', triggeredAt: null }, new Date().toISOString());
  await server.drain();
  const [row] = await rt.inbox.list({ accountId: DEMO_ACCOUNT_ID, limit: 1 });
  if (!row) throw new Error('the e2e delivery was not recorded');
  await rt.inbox.fail(row.id, 'orders/create: line_items missing', null, new Date().toISOString());

  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_LOGIN) });
  apiToken = ((await login.json()) as { token: string }).token;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  ({ context, page } = await openContext());
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('admin panel build and serving', () => {
  it('keeps the initial JS within budget', () => {
    const report = measureInitialJs();
    console.log(`initial JS: ${(report.totalGzipBytes / 1024).toFixed(1)} KB gzipped in ${report.files.length} files`);
    expect(report.ok, `initial JS ${report.totalGzipBytes} B > ${report.budgetBytes} B`).toBe(true);
  });

  it('serves index.html uncached, hashed assets for a year, SPA fallback outside /api', async () => {
    const index = await fetch(`${server.url}/customers/anything`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    expect(html).not.toContain('cdn.shopify.com');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const res = await fetch(`${server.url}${asset}`);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/api/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });

  it('loads App Bridge with the API key only when opened inside Shopify admin', async () => {
    const html = await (await fetch(`${server.url}/?shop=rapport-demo.myshopify.com&host=YWRtaW4uc2hvcGlmeS5jb20`)).text();
    const head = html.slice(0, html.indexOf('<meta charset'));
    expect(head).toContain(`<meta name="shopify-api-key" content="${TEST_API_KEY}" />`);
    expect(head).toContain('<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>');
  });
});

describe('admin panel in Chromium (standalone)', () => {
  it('signs in', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').waitFor();
    await expectAccessible(page, 'login');
    await shot(page, 'login-en');
    await page.getByLabel('Email').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await settled(page);
    expect(await page.locator('.Polaris-IndexTable__TableRow').count()).toBe(25);
    await expectAccessible(page, 'customers');
    await shot(page, 'customers-en');
  }, 60_000);

  it('sorts, pages, and shows the empty state and an error banner on the customer list', async () => {
    const rows = page.locator('.Polaris-IndexTable__TableRow');
    const firstName = () => rows.first().locator('a').first().textContent();
    // Sort by amount spent: the heading toggles the sort; the first row follows the API's order.
    await page.getByRole('button', { name: /Amount spent/ }).first().click();
    await settled(page);
    const sortedUrl = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('sort=')).pop() ?? '');
    const sort = new URL(sortedUrl).searchParams.get('sort');
    expect(sort).toMatch(/^-?amountSpent$/);
    const bySpend = await api(`/api/customers?sort=${sort}&first=25`);
    expect((await firstName())?.trim()).toBe(displayName(bySpend.customers[0]));
    // Cursor pages: next shows page 2 (the API's second page), previous returns to page 1.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await settled(page);
    const second = await api(`/api/customers?sort=${sort}&first=25&after=${encodeURIComponent(bySpend.pageInfo.endCursor)}`);
    expect((await firstName())?.trim()).toBe(displayName(second.customers[0]));
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText('Page 1', { exact: true }).waitFor();
    // Empty state.
    await page.getByPlaceholder('Search by name, email or phone').fill('zzz-nobody-zzz');
    await page.getByText('No customers found').waitFor();
    // Error banner: the API fails once; "Try again" recovers.
    await page.route('**/api/customers?*', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"Internal error"}}' }));
    await page.getByPlaceholder('Search by name, email or phone').fill('zzz-broken');
    await page.getByText('Could not load this data').waitFor({ timeout: 15_000 });
    await page.unroute('**/api/customers?*');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('No customers found').waitFor();
    await page.getByPlaceholder('Search by name, email or phone').fill('');
    await settled(page);
  }, 60_000);

  let customerId: string;
  it('searches a customer by name and opens the profile with the API stats', async () => {
    // A customer whose name is unique in the demo store, so the search has one right answer.
    const candidates = (await api('/api/customers?sort=-numberOfOrders&first=20')).customers.filter((c: any) => c.firstName && c.lastName);
    let name = '';
    let expected: any;
    for (const c of candidates) {
      name = `${c.firstName} ${c.lastName}`;
      expected = await api(`/api/customers?query=${encodeURIComponent(name)}&first=25`);
      if (expected.customers.length === 1) break;
    }
    expect(expected.customers).toHaveLength(1);
    await page.getByPlaceholder('Search by name, email or phone').fill(name);
    await page.waitForResponse((r) => r.url().includes('/api/customers?') && r.url().includes('query='));
    await settled(page);
    const rows = page.locator('.Polaris-IndexTable__TableRow');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('link', { name, exact: true }).click();
    await page.waitForURL(/\/customers\/cus_/);
    customerId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    expect(customerId).toBe(expected.customers[0].id);
    await page.getByTestId('stat-orders').waitFor();
    await settled(page);

    const profile = await api(`/api/customers/${customerId}`);
    const shown = async (id: string) => (await page.getByTestId(`stat-${id}`).textContent())?.trim();
    const money = (m: { amount: string; currencyCode: string }) =>
      page.evaluate(([amount, currency]) => new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en', { style: 'currency', currency }).format(Number(amount)), [m.amount, m.currencyCode]);
    expect(await shown('orders')).toBe(String(profile.numberOfOrders));
    expect(await shown('spent')).toBe(await money(profile.amountSpent));
    if (profile.averageOrderValue) expect(await shown('aov')).toBe(await money(profile.averageOrderValue));
    await expect.poll(() => page.getByRole('heading', { name, level: 1 }).count()).toBe(1);
    for (const i of profile.identities) await expect.poll(() => page.getByText(i.store, { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'profile');
    await shot(page, 'profile-en');
  }, 60_000);

  it('pages and filters the timeline', async () => {
    const items = page.locator('.rapport-timeline > li');
    const all = await api(`/api/customers/${customerId}/timeline?first=200`);
    const firstPage = await items.count();
    expect(firstPage).toBe(Math.min(20, all.events.length));
    if (all.pageInfo.hasNextPage || all.events.length > 20) {
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => items.count()).toBe(Math.min(40, all.events.length));
    }
    const placed = await api(`/api/customers/${customerId}/timeline?first=200&kind=order_placed`);
    await page.getByLabel('Show').selectOption('order_placed');
    await expect.poll(() => items.count()).toBe(Math.min(20, placed.events.length));
    // Event amounts are minor units: 839700 PKR cents must read as PKR 8,397, not 839,700.
    const first = placed.events[0];
    const total = await page.evaluate(([minor, currency]) => new Intl.NumberFormat('en', { style: 'currency', currency: String(currency) }).format(Number(minor) / 100), [first.data.total, first.data.currency]);
    expect(await items.first().textContent()).toContain(`Placed order ${first.data.name} (${total})`);
  }, 60_000);

  it('shows Data & sync and retries a dead letter', async () => {
    await page.getByRole('link', { name: 'Data & sync' }).click();
    await page.getByRole('heading', { name: 'Data & sync', level: 1 }).waitFor();
    await settled(page);
    const { connections } = await api('/api/connections');
    for (const c of connections) await page.getByText(c.name, { exact: true }).waitFor();
    expect(await page.getByTestId('inbox-dead').textContent()).toBe('1');
    await page.getByText('orders/create: line_items missing').waitFor();
    await expectAccessible(page, 'data');
    await shot(page, 'data-en');
    await page.getByRole('button', { name: /^Retry delivery \d+$/ }).click();
    await page.getByText('1 delivery queued again').waitFor();
    const dead = await api('/api/inbox?status=dead');
    expect(dead.deliveries).toHaveLength(0);
  }, 60_000);

  it('switches to Urdu: right to left, translated, remembered across a reload', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('ur');
    await page.getByRole('heading', { name: ur.settings.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ur');
    await page.reload();
    await page.getByRole('heading', { name: ur.settings.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await settled(page);
    await expectAccessible(page, 'settings-ur');
    await shot(page, 'settings-ur');
  }, 60_000);

  it('renders every page in Urdu and passes axe', async () => {
    await page.getByRole('link', { name: ur.nav.customers }).click();
    await page.getByRole('heading', { name: ur.customers.title, level: 1 }).waitFor();
    await settled(page);
    await expectAccessible(page, 'customers-ur');
    await shot(page, 'customers-ur');
    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByText(ur.profile.stats, { exact: true }).waitFor();
    await settled(page);
    await expectAccessible(page, 'profile-ur');
    await shot(page, 'profile-ur');
    await page.getByRole('link', { name: ur.nav.data }).click();
    await page.getByRole('heading', { name: ur.data.title, level: 1 }).waitFor();
    await settled(page);
    await expectAccessible(page, 'data-ur');
    await shot(page, 'data-ur');
    await page.getByRole('link', { name: ur.nav.settings }).click();
    await page.getByRole('heading', { name: ur.settings.title, level: 1 }).waitFor();
    await page.getByLabel(ur.settings.language).selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await expectAccessible(page, 'settings-en');
    await shot(page, 'settings-en');
  }, 90_000);

  it('shows the sign-in page in Urdu to a new visitor who chose it before', async () => {
    const fresh = await openContext('ur');
    await fresh.page.goto(`${server.url}/`);
    await fresh.page.getByRole('heading', { name: ur.login.title }).waitFor();
    expect(await fresh.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectAccessible(fresh.page, 'login-ur');
    await shot(fresh.page, 'login-ur');
    await fresh.context.close();
  }, 60_000);

  it('made no request outside localhost and threw no page errors', () => {
    expect(offsite).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe('admin panel in Chromium (embedded in Shopify admin)', () => {
  // App Bridge cannot be fetched here (and tests make no outside requests): a stand-in with the
  // one call the panel makes, shopify.idToken(), answers the CDN URL inside the browser.
  it('uses App Bridge session tokens and <ui-nav-menu> instead of the sign-in page', async () => {
    const token = await sessionToken('rapport-demo.myshopify.com');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.route('https://cdn.shopify.com/shopifycloud/app-bridge.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: `window.shopify = { idToken: async () => ${JSON.stringify(token)} };` }));
    const authorizations: string[] = [];
    ctx.on('request', (r) => {
      if (r.url().includes('/api/customers')) authorizations.push(r.headers().authorization ?? '');
    });
    const p = await ctx.newPage();
    await p.goto(`${server.url}/customers?shop=rapport-demo.myshopify.com&host=YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvcmFwcG9ydC1kZW1v`);
    await p.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await settled(p);
    expect(await p.locator('.Polaris-IndexTable__TableRow').count()).toBe(25);
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((a) => a === `Bearer ${token}`)).toBe(true);
    expect(await p.locator('ui-nav-menu > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['/', '/customers', '/data', '/settings']);
    expect(await p.getByLabel('Password').count()).toBe(0);
    expect(await p.locator('.Polaris-Frame__Navigation').count()).toBe(0);
    await ctx.close();
  }, 60_000);
});
