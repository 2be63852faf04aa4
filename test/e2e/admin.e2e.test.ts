import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { refitAccount } from '../../src/crm/insights/refit-account.ts';
import { DEMO_ACCOUNT_ID, DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import { runInsightsTick } from '../../src/jobs/insights.scheduler.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { measureInitialJs } from '../../web/budget.ts';
import english from '../../web/src/locales/en.json' with { type: 'json' };
import urPolaris from '../../web/src/locales/polaris/ur.json' with { type: 'json' };
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { startTestServer, TEST_API_KEY, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// The admin panel end to end: the real build served by the real server over a real SQLite
// file with the demo merchant, driven in Debian's Chromium. Standalone mode: sign in, search,
// open a profile, Data & sync with a dead letter, switch to Urdu. axe-core runs on every page.

const SHOTS = join(process.cwd(), 'artifacts', 'screenshots');
// The import's note as the API gives it: English text, and a code with figures the panel translates.
const IMPORT_NOTE = { note: 'Orders older than 60 days were not imported.', noteCode: 'history_limited', noteParams: { days: 60 } };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: TestServer;
let deadReason = '';
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

/** Waits for the skeletons, spinners and loading bars to go. */
async function settled(p: Page): Promise<void> {
  await p.waitForLoadState('networkidle');
  const loading = () =>
    p.evaluate(
      (selector) =>
        [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => el.offsetParent !== null).map((el) => el.className),
      '.Polaris-SkeletonPage__Page, .Polaris-SkeletonBodyText, .Polaris-IndexTable__LoadingPanelEntered',
    );
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
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });

  server = await startTestServer();
  const rt = server.runtime;
  await seedDemo(rt, { customers: 150 });
  // The leader's insights tick, scoring in this thread: the profile shows predictions.
  await runInsightsTick({
    insights: rt.ports.insights,
    score: async (histories, now, options) => refitAccount(histories, now, options),
    logger: createLogger('silent'),
  });
  // A dead letter for the Data & sync page: a delivery that failed its last attempt.
  const shopify = (await rt.tenancy.listConnections(DEMO_ACCOUNT_ID)).find((c) => c.platform === 'shopify');
  if (!shopify) throw new Error('demo seed has no Shopify connection');
  await rt.inbox.accept(
    {
      accountId: DEMO_ACCOUNT_ID,
      connectionId: shopify.id,
      platform: 'shopify',
      topic: 'orders/create',
      dedupeKey: 'e2e-dead',
      body: '{"id":1}',
      triggeredAt: null,
    },
    new Date().toISOString(),
  );
  // The worker dead-letters it at once (a payload no order can be read from), with its reason.
  await server.drain();
  const [row] = await rt.inbox.list({ accountId: DEMO_ACCOUNT_ID, status: 'dead', limit: 1 });
  if (!row?.lastError) throw new Error('the e2e delivery was not dead-lettered');
  deadReason = row.lastError;
  // A Shopify import a quarter of the way through, with the read_all_orders note.
  const run = await rt.shopify.runs.start({
    accountId: DEMO_ACCOUNT_ID,
    connectionId: shopify.id,
    kind: 'backfill',
    resource: 'orders',
    ...IMPORT_NOTE,
  });
  await rt.shopify.runs.update(run.id, { total: 200, done: 50 });
  await rt.shopify.runs.saveState(shopify.id, DEMO_ACCOUNT_ID, {
    grantedScopes: 'read_customers,write_customers,read_orders,write_discounts',
  });

  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_LOGIN),
  });
  apiToken = ((await login.json()) as { token: string }).token;

  browser = await launchChromium({ args: ['--disable-quic'] });
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
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor(); // the landing page
    await page.getByRole('link', { name: 'Customers' }).click();
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
    await page
      .getByRole('button', { name: /Amount spent/ })
      .first()
      .click();
    await settled(page);
    const sortedUrl = await page.evaluate(
      () =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.includes('sort='))
          .pop() ?? '',
    );
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
    await page.route('**/api/customers?*', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"Internal error"}}' }),
    );
    await page.getByPlaceholder('Search by name, email or phone').fill('zzz-broken');
    await page.getByText('Could not load this data').waitFor({ timeout: 15_000 });
    await page.unroute('**/api/customers?*');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('No customers found').waitFor();
    // A shopper of the USD store shows dollars, not "PKR 0" (the account reports in PKR).
    const abroad = (await api('/api/customers?sort=amountSpent&first=250&query=%40')).customers.find(
      (c: any) => c.email && Number(c.amountSpent.amount) === 0 && c.amountSpentElsewhere.length,
    );
    expect(abroad).toBeDefined();
    await page.getByPlaceholder('Search by name, email or phone').fill(abroad.email);
    await expect
      .poll(() => page.locator('.Polaris-IndexTable__TableRow').first().textContent())
      .toContain(new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(Number(abroad.amountSpentElsewhere[0].amount)));
    await page.getByPlaceholder('Search by name, email or phone').fill('');
    await settled(page);
  }, 60_000);

  let customerId: string;
  it('searches a customer by name and opens the profile with the API stats', async () => {
    // A customer whose name is unique in the demo store, so the search has one right answer.
    const candidates = (await api('/api/customers?sort=-numberOfOrders&first=20')).customers.filter((c: any) => c.firstName && c.lastName);
    let name = '';
    let expected: any;
    // …and scored: predictions cover customers with orders in the shop's currency.
    for (const c of candidates) {
      name = `${c.firstName} ${c.lastName}`;
      expected = await api(`/api/customers?query=${encodeURIComponent(name)}&first=25`);
      if (expected.customers.length === 1 && (await api(`/api/customers/${c.id}`)).insights !== null) break;
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
      page.evaluate(
        ([amount, currency]) =>
          new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en', { style: 'currency', currency }).format(Number(amount)),
        [m.amount, m.currencyCode],
      );
    expect(await shown('orders')).toBe(String(profile.numberOfOrders));
    expect(await shown('spent')).toBe(await money(profile.amountSpent));
    if (profile.averageOrderValue) expect(await shown('aov')).toBe(await money(profile.averageOrderValue));
    await expect.poll(() => page.getByRole('heading', { name, level: 1 }).count()).toBe(1);
    for (const i of profile.identities) await expect.poll(() => page.getByText(i.store, { exact: true }).count()).toBeGreaterThan(0);
    // The predictions card, from the stored scores.
    expect(profile.insights).not.toBeNull();
    expect(await page.getByTestId('insight-clv').textContent()).toBe(await money(profile.insights.predictedClv));
    // The newest order's products, as the API lists them.
    const firstLine = profile.orders[0].lines[0];
    expect(firstLine).toBeDefined();
    const ordersCard = page.locator('.Polaris-IndexTable__TableRow').first();
    await expect.poll(() => ordersCard.getByText(firstLine.title, { exact: true }).count()).toBe(1);
    await expectAccessible(page, 'profile');
    await shot(page, 'profile-en');
  }, 60_000);

  it('adjusts points on the profile: balance and a new ledger row, optimistic then confirmed', async () => {
    const before = (await api(`/api/customers/${customerId}/loyalty`)).balance as number;
    const en = (n: number) => new Intl.NumberFormat('en').format(n);
    expect((await page.getByTestId('loyalty-balance').textContent())?.trim()).toBe(en(before));
    await page.getByRole('button', { name: 'Adjust points' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Points').fill('25');
    // The reason is required: the dialog says so before anything is sent.
    await dialog.getByRole('button', { name: 'Adjust points' }).click();
    await dialog.getByText('Say why the points change.').waitFor();
    await dialog.getByLabel('Reason').fill('E2E goodwill gesture');
    await dialog.getByRole('button', { name: 'Adjust points' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await page.getByTestId('loyalty-balance').textContent())?.trim()).toBe(en(before + 25));
    expect((await api(`/api/customers/${customerId}/loyalty`)).balance).toBe(before + 25);
    await page.getByRole('tab', { name: 'Points history' }).click();
    const firstRow = page.locator('#panel-points tbody tr').first();
    await expect.poll(async () => firstRow.textContent(), { timeout: 10_000 }).toContain('E2E goodwill gesture');
    expect(await firstRow.textContent()).toContain('+25');
    expect(await firstRow.textContent()).toContain('Adjusted by staff');
    expect(await firstRow.textContent()).toContain(`by \u2068${DEMO_LOGIN.email}\u2069`); // who, isolated for RTL
    const ledger = await api(`/api/customers/${customerId}/points?first=1`);
    expect(ledger.entries[0]).toMatchObject({ reason: 'manual', points: 25, note: 'E2E goodwill gesture' });
    await expectAccessible(page, 'profile-points');
    await shot(page, 'profile-points-en');
    await page.getByRole('tab', { name: 'Timeline' }).click();
  }, 60_000);

  it('adds a staff note and a tag on the profile', async () => {
    await page.getByLabel('New note').fill('Prefers WhatsApp after 6pm');
    await page.getByRole('button', { name: 'Add note' }).click();
    // In the list (the textarea holds the same text until the form clears).
    const added = page.locator('.rapport-plain-list li').filter({ hasText: 'Prefers WhatsApp after 6pm' });
    await added.waitFor();
    expect(await added.textContent()).toContain(`by \u2068${DEMO_LOGIN.email}\u2069`);
    await page.getByLabel('New tag').fill('e2e-vip');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove tag e2e-vip' }).waitFor();
    expect((await api(`/api/customers/${customerId}`)).tags).toContain('e2e-vip');
    expect((await api(`/api/customers/${customerId}/notes`)).notes[0].body).toBe('Prefers WhatsApp after 6pm');
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
    const total = await page.evaluate(
      ([minor, currency]) => new Intl.NumberFormat('en', { style: 'currency', currency: String(currency) }).format(Number(minor) / 100),
      [first.data.total, first.data.currency],
    );
    expect(await items.first().textContent()).toContain(`Placed order ${first.data.name} (${total})`);
  }, 60_000);

  it('changes an earning rule on the Loyalty page: the preview follows, a bad value is refused on its field, the save succeeds', async () => {
    await page.getByRole('link', { name: 'Loyalty' }).click();
    await page.getByRole('heading', { name: 'Loyalty', level: 1 }).waitFor();
    await settled(page);
    const sentence = page.getByTestId('preview-sentence');
    // The demo program: 1 point per PKR 100, cash on delivery earns when delivered.
    await expect
      .poll(() => sentence.textContent(), { timeout: 10_000 })
      .toMatch(/^An order of PKR\s?5,000(\.00)? paid by Cash on delivery earns 50 points when delivered\.$/);
    await expectAccessible(page, 'loyalty');
    await shot(page, 'loyalty-en');
    const per = page.getByLabel('per PKR');
    await per.fill('50');
    await expect.poll(() => sentence.textContent(), { timeout: 10_000 }).toContain('earns 100 points when delivered');
    // Zero is refused by the API; the message lands on the field it belongs to.
    await per.fill('0');
    await page.getByRole('button', { name: 'Save program' }).click();
    await page.getByText('The program was not saved').waitFor();
    const message = page.getByText('must be above zero', { exact: true });
    await message.waitFor();
    const errorId = await message.evaluate((el) => el.closest('[id]')?.id ?? '');
    expect((await per.getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
    const versionBefore = (await api('/api/loyalty/program')).program.version as number;
    await per.fill('50');
    await page.getByRole('button', { name: 'Save program' }).click();
    await page.getByText(`Saved as version ${versionBefore + 1}.`).waitFor();
    const saved = await api('/api/loyalty/program');
    expect(saved.program.version).toBe(versionBefore + 1);
    expect(saved.program.settings.earning.rates.find((r: { currency: string }) => r.currency === 'PKR')).toMatchObject({
      points: 1,
      per: '50',
    });
    for (const tab of ['Rewards', 'Tiers', 'Referrals']) {
      await page.getByRole('tab', { name: tab }).click();
      await settled(page);
      await expectAccessible(page, `loyalty-${tab.toLowerCase()}`);
      await shot(page, `loyalty-${tab.toLowerCase()}-en`);
    }
  }, 90_000);

  it('shows Home KPIs that match the analytics API, with a daily chart', async () => {
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    // Home was the landing page at sign-in: its KPIs are cached from before the points adjusted
    // since; a reload reads them fresh, as the API does below.
    await page.reload();
    await page.getByTestId('kpi-orders').waitFor();
    await settled(page);
    const url = await page.evaluate(
      () =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.includes('/api/analytics/summary'))
          .pop() ?? '',
    );
    const { searchParams } = new URL(url);
    const summary = await api(`/api/analytics/summary?from=${searchParams.get('from')}&to=${searchParams.get('to')}`);
    expect(summary.daily).toHaveLength(30);
    const shown = async (id: string) => (await page.getByTestId(`kpi-${id}`).textContent())?.trim();
    const fmt = (n: number) => new Intl.NumberFormat('en').format(n);
    const money = (m: { amount: string; currencyCode: string }) =>
      page.evaluate(
        ([amount, currency]) =>
          new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en', { style: 'currency', currency }).format(Number(amount)),
        [m.amount, m.currencyCode],
      );
    const pct = (r: number | null) =>
      r === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(r);
    const c = summary.current;
    expect(await shown('revenue')).toBe(await money(c.revenue));
    expect(await shown('orders')).toBe(fmt(c.orders));
    expect(await shown('customers')).toBe(fmt(c.customers));
    expect(await shown('repeat')).toBe(pct(c.repeatPurchaseRate));
    expect(await shown('issued')).toBe(fmt(c.pointsIssued));
    expect(await shown('redeemed')).toBe(fmt(c.pointsRedeemed));
    expect(await shown('memberShare')).toBe(pct(c.memberRevenueShare));
    // Our +25 adjustment happened today: it is among the points issued.
    expect(c.pointsIssued).toBeGreaterThanOrEqual(25);
    expect(await page.locator('.rapport-chart svg rect').count()).toBe(30);
    await expectAccessible(page, 'home');
    await shot(page, 'home-en');
  }, 60_000);

  it('filters the customer list like the API does', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await settled(page);
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    await page.getByLabel('Orders from').fill('4');
    await page.getByLabel('Paid with').selectOption('cod');
    const expected = await api('/api/customers?minOrders=4&paymentMethod=cod&first=25');
    await page.waitForResponse((r) => r.url().includes('minOrders=4') && r.url().includes('paymentMethod=cod'));
    await settled(page);
    const rows = page.locator('.Polaris-IndexTable__TableRow');
    await expect.poll(() => rows.count()).toBe(expected.customers.length);
    await expectAccessible(page, 'customers-filtered');
    await shot(page, 'customers-filtered-en');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    await settled(page);
  }, 60_000);

  it('shows Data & sync and retries a dead letter', async () => {
    await page.getByRole('link', { name: 'Data & sync' }).click();
    await page.getByRole('heading', { name: 'Data & sync', level: 1 }).waitFor();
    await settled(page);
    const { connections } = await api('/api/connections');
    for (const c of connections) await page.getByText(c.name, { exact: true }).waitFor();
    expect(await page.getByTestId('inbox-dead').textContent()).toBe('1');
    await page.getByText(deadReason).waitFor();
    // The seeded Shopify import: a progress bar at 25 %, its counts and its note.
    const bar = page.getByRole('progressbar', { name: 'Import · Orders' });
    expect(await bar.getAttribute('value')).toBe('25');
    await page.getByText('50 of 200 records').waitFor();
    await page.getByText(english.data.sync.notes.history_limited.replace('{{days}}', '60')).waitFor();
    // Without read_all_orders the page says what to approve, in the panel's language.
    await page.getByText('Orders older than 60 days are not imported until Rapport may read all orders').waitFor();
    expect(await page.getByRole('button', { name: 'Import history of Demo Bazaar (Shopify)' }).isDisabled()).toBe(true);
    // Connect a WooCommerce store: a malformed key is a field error, a bad address the API's message.
    await page.getByLabel('Store URL').fill('not a shop');
    await page.getByLabel('Consumer key').fill('abc');
    await page.getByLabel('Consumer secret').fill('cs_0123456789abcdef');
    await page.getByRole('button', { name: 'Connect store' }).click();
    await page.getByText('a WooCommerce consumer key starts with ck_').waitFor();
    await page.getByLabel('Consumer key').fill('ck_0123456789abcdef');
    const [reply] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/connections/woocommerce') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Connect store' }).click(),
    ]);
    expect(reply.status()).toBe(400);
    expect(await page.getByTestId('woo-connect-error').textContent()).toContain('"not a shop" is not a web address');
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
    // Polaris' own labels follow the language too: the table's pagination, named in Urdu.
    expect(
      await page
        .getByRole('navigation', { name: urPolaris.Polaris.Pagination.pagination })
        .getByRole('button', { name: urPolaris.Polaris.Pagination.next, exact: true })
        .count(),
    ).toBe(1);
    await expectAccessible(page, 'customers-ur');
    await shot(page, 'customers-ur');
    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByText(ur.profile.stats, { exact: true }).waitFor();
    await settled(page);
    await expectAccessible(page, 'profile-ur');
    await shot(page, 'profile-ur');
    await page.getByRole('tab', { name: ur.ledger.title }).click();
    await page.locator('#panel-points tbody tr').first().waitFor();
    await expectAccessible(page, 'profile-points-ur');
    await shot(page, 'profile-points-ur');
    await page.getByRole('link', { name: ur.nav.home }).click();
    await page.getByRole('heading', { name: ur.home.title, level: 1 }).waitFor();
    await page.getByTestId('kpi-orders').waitFor();
    await settled(page);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectAccessible(page, 'home-ur');
    await shot(page, 'home-ur');
    await page.getByRole('link', { name: ur.nav.loyalty }).click();
    await page.getByRole('heading', { name: ur.loyalty.title, level: 1 }).waitFor();
    await page.getByTestId('preview-sentence').waitFor();
    await settled(page);
    await expect
      .poll(() => page.getByTestId('preview-sentence').textContent(), { timeout: 10_000 })
      .toContain(ur.program.trigger.delivered);
    await expectAccessible(page, 'loyalty-ur');
    await shot(page, 'loyalty-ur');
    await page.getByRole('tab', { name: ur.loyalty.tabs.tiers }).click();
    await settled(page);
    await expectAccessible(page, 'loyalty-tiers-ur');
    await shot(page, 'loyalty-tiers-ur');
    await page.getByRole('link', { name: ur.nav.data }).click();
    await page.getByRole('heading', { name: ur.data.title, level: 1 }).waitFor();
    await settled(page);
    await page.getByText(ur.data.sync.historyLimited.replace('{{days}}', '60')).waitFor();
    await page.getByText(ur.data.sync.notes.history_limited.replace('{{days}}', '60')).waitFor(); // the run's note too
    // A store that cannot be connected is explained in Urdu (the API's own message is English).
    await page.getByLabel(ur.data.woo.url).fill('http://shop.example.com');
    await page.getByLabel(ur.data.woo.consumerKey).fill('ck_0123456789abcdef');
    await page.getByLabel(ur.data.woo.consumerSecret).fill('cs_0123456789abcdef');
    await page.getByRole('button', { name: ur.data.woo.connect }).click();
    await expect.poll(() => page.getByTestId('woo-connect-error').textContent()).toContain(ur.errors.reasons.http_not_https);
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

  it('adds a staff login on Settings: a field error first, then the new row', async () => {
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add staff' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('clerk@demo.example');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', { name: 'Add staff' }).click();
    await dialog.getByText('Use at least 12 characters.').waitFor();
    await dialog.getByLabel('Password').fill('a long enough password');
    await dialog.getByRole('button', { name: 'Add staff' }).click();
    await page.getByText('clerk@demo.example').waitFor();
    const staff = await api('/api/staff');
    expect(staff.staff.map((u: { email: string }) => u.email)).toContain('clerk@demo.example');
    await settled(page);
    await expectAccessible(page, 'settings-staff-en');
    await shot(page, 'settings-staff-en');
  }, 60_000);

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
      route.fulfill({ contentType: 'text/javascript', body: `window.shopify = { idToken: async () => ${JSON.stringify(token)} };` }),
    );
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
    expect(await p.locator('ui-nav-menu > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      '/',
      '/customers',
      '/segments',
      '/loyalty',
      '/analytics',
      '/messages',
      '/data',
      '/settings',
    ]);
    expect(await p.getByLabel('Password').count()).toBe(0);
    expect(await p.locator('.Polaris-Frame__Navigation').count()).toBe(0);
    await ctx.close();
  }, 60_000);

  it("follows the Shopify admin's language unless the merchant chose one", async () => {
    const token = await sessionToken('rapport-demo.myshopify.com');
    const open = async (chosen?: string) => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      if (chosen) await ctx.addInitScript((l) => window.localStorage.setItem('rapport.language', l), chosen);
      await ctx.route('https://cdn.shopify.com/shopifycloud/app-bridge.js', (route) =>
        route.fulfill({
          contentType: 'text/javascript',
          body: `window.shopify = { idToken: async () => ${JSON.stringify(token)}, config: { locale: 'ur-PK' } };`,
        }),
      );
      const p = await ctx.newPage();
      await p.goto(`${server.url}/customers?shop=rapport-demo.myshopify.com&host=YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvcmFwcG9ydC1kZW1v`);
      return { ctx, p };
    };
    const admin = await open();
    await admin.p.getByRole('heading', { name: ur.customers.title, level: 1 }).waitFor();
    expect(await admin.p.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await admin.ctx.close();
    const chosen = await open('en');
    await chosen.p.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    expect(await chosen.p.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await chosen.ctx.close();
  }, 60_000);

  it('tells a new merchant the program is not running, what it would have earned, and launches it in one click', async () => {
    const shop = 'launch-e2e.myshopify.com';
    const rt = server.runtime;
    await rt.tenancy.upsertConnection({
      accountId: await rt.tenancy.createAccount('Launch E2E', 'PKR'),
      platform: 'shopify',
      domain: shop,
      currency: 'PKR',
      country: 'PK',
    });
    const token = await sessionToken(shop);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.route('https://cdn.shopify.com/shopifycloud/app-bridge.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: `window.shopify = { idToken: async () => ${JSON.stringify(token)} };` }),
    );
    const p = await ctx.newPage();
    await p.goto(`${server.url}/?shop=${shop}&host=${Buffer.from(`admin.shopify.com/store/${shop.split('.')[0]}`).toString('base64url')}`);
    await p.getByText('Your loyalty program is not running').waitFor();
    await p.getByText('No orders in the last 30 days yet: points start with the next one.').waitFor();
    await p.getByText('Proposed: every PKR 100 spent earns 1 point; cash on delivery earns when the parcel is delivered.').waitFor();
    await settled(p);
    await expectAccessible(p, 'home-launch-en');
    await shot(p, 'home-launch-en');
    await p.getByRole('button', { name: 'Launch the program' }).click();
    await p.getByText('Your loyalty program is running: new orders earn points.').waitFor();
    const program = (await (
      await fetch(`${server.url}/api/loyalty/program`, { headers: { authorization: `Bearer ${await sessionToken(shop)}` } })
    ).json()) as { program: { version: number; settings: { enabled: boolean } } | null };
    expect(program.program).toMatchObject({ version: 1, settings: { enabled: true } });
    await ctx.close();
  }, 60_000);
});

describe('admin panel in Chromium (first run)', () => {
  // `npm start` on an empty database: the sign-in page is the owner's account form instead.
  it("creates the owner's account on the first run, in Urdu or English, and lands on Home with the launch banner", async () => {
    const fresh = await startTestServer();
    try {
      const ur = await openContext('ur');
      await ur.page.goto(`${fresh.url}/`);
      await ur.page.getByRole('heading', { name: 'Rapport میں خوش آمدید' }).waitFor();
      expect(await ur.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await expectAccessible(ur.page, 'first-run-ur');
      await shot(ur.page, 'first-run-ur');
      await ur.context.close();

      const en = await openContext();
      await en.page.goto(`${fresh.url}/`);
      await en.page.getByRole('heading', { name: 'Welcome to Rapport' }).waitFor();
      await en.page.getByLabel('Shop name').fill('Zari Lahore');
      await en.page.getByLabel('Email').fill('owner@zari.pk');
      await en.page.getByLabel('Password').fill('short');
      await en.page.getByRole('button', { name: 'Create my account' }).click();
      await en.page.getByText('Use at least 12 characters.').waitFor();
      await en.page.getByLabel('Password').fill('a long enough password');
      await shot(en.page, 'first-run-en');
      await en.page.getByRole('button', { name: 'Create my account' }).click();
      await en.page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
      await en.page.getByText('Your loyalty program is not running').waitFor();
      await settled(en.page);
      await shot(en.page, 'first-run-home-en');
      expect(await fresh.runtime.tenancy.findAdminUser('owner@zari.pk')).toBeDefined();
      // A reload keeps the session (HttpOnly cookie) and the form is gone for good.
      await en.page.reload();
      await en.page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
      await en.context.close();
    } finally {
      await fresh.close();
    }
  }, 90_000);
});
