import { mkdirSync, readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { expectAccessible, settled, shot, SHOTS } from '../helpers/admin-page.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The Segments page end to end, as admin.e2e.test.ts sets up: the real build and server over a
// real SQLite file with the demo merchant, in Chromium. A query typed with autocomplete, its live
// count against the API's preview, a typo's suggestion applied in one click, save, the members
// with paging and CSV, the same members through the Customers page's picker, delete; Urdu (RTL)
// with the query left to right, the built-ins' names and descriptions and the fields' descriptions
// in Urdu (stored in English, translated by key in the panel). axe-core on each state; screenshots segments-en and segments-ur.

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
const pageErrors: string[] = [];

async function api<T = any>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** The customer ids the visible table links to, in order. */
const listedIds = (p: Page) =>
  p
    .locator('.Polaris-IndexTable__TableRow a[href^="/customers/"]')
    .evaluateAll((links) => links.map((a) => decodeURIComponent(a.getAttribute('href')!.slice('/customers/'.length))));

const queryBox = (p: Page, label = 'Query') => p.getByRole('combobox', { name: label });

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  await seedDemo(server.runtime, { customers: 150 });
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
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('Segments page in Chromium', () => {
  const QUERY = "number_of_orders >= 2 AND payment_method = 'cod'";
  let segmentId = '';

  it('signs in and opens Segments from the navigation', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    await settled(page);
    // Every shop starts with the built-in segments (RFM groups, first-time buyers, lapsed, COD risk, tiers).
    await page.getByText('First-time buyers', { exact: true }).first().waitFor();
  }, 60_000);

  it('writes a query with autocomplete: field names, an operator, an enum value; the live count equals the API preview', async () => {
    await page.getByRole('button', { name: 'Create segment' }).click();
    const box = queryBox(page);
    await box.click();
    await box.pressSequentially('number_of_or');
    // The word at the cursor filters the fields; choosing one puts it in with a space after.
    await page.getByRole('option', { name: /number_of_orders/ }).click();
    await expect.poll(() => box.inputValue()).toBe('number_of_orders ');
    // After a field: its operators.
    await page.getByRole('option', { name: '>=', exact: true }).click();
    await expect.poll(() => box.inputValue()).toBe('number_of_orders >= ');
    await box.pressSequentially('2 AND paym');
    await page.getByRole('option', { name: /payment_method/ }).click();
    await box.pressSequentially('= ');
    // After `field =`: the enum's values, quoted.
    const values = page.getByRole('option');
    await expect
      .poll(() => values.allTextContents())
      .toEqual(["'cod'", "'card'", "'wallet'", "'bank_transfer'", "'gift_card'", "'other'", "'unknown'"]);
    await page.getByRole('option', { name: "'cod'" }).click();
    await expect.poll(async () => (await box.inputValue()).trim()).toBe(QUERY);

    const expected = await api<{ count: number; sample: Array<{ id: string }> }>('/api/segments/preview', { query: QUERY });
    expect(expected.count).toBeGreaterThan(0);
    await page.getByText(`Customers who match now: ${expected.count}`, { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('segment-sample').locator('li').count()).toBe(expected.sample.length);
  }, 60_000);

  it('shows a typo at its place with "did you mean", and the fix applies in one click', async () => {
    const box = queryBox(page);
    const typo = `${QUERY} AND last_order < -30d`;
    await box.fill(typo);
    await page.getByText('Did you mean last_order_date?').waitFor();
    const marked = page.getByTestId('query-problem').locator('mark');
    expect(await marked.textContent()).toBe('last_order');
    // The marked word sits where the API says: position 53 is the `l` of last_order.
    expect(typo.indexOf('last_order')).toBe(53);
    await page.getByText('Problem at character 54:').waitFor();
    await settled(page);
    await expectAccessible(page, 'segments-editor-error');
    await page.getByRole('button', { name: /^Use \W?last_order_date\W?$/ }).click();
    const fixed = `${QUERY} AND last_order_date < -30d`;
    await expect.poll(() => box.inputValue()).toBe(fixed);
    await expect.poll(() => page.getByTestId('query-problem').count()).toBe(0);
    // Back to the query without the date condition, for a larger segment to page through.
    await box.fill(QUERY);
    const { count } = await api<{ count: number }>('/api/segments/preview', { query: QUERY });
    await page.getByText(`Customers who match now: ${count}`, { exact: true }).waitFor();
  }, 60_000);

  it('saves, then lists the members with paging and downloads them as CSV', async () => {
    await page.getByLabel('Segment name').fill('COD repeat buyers');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Members of COD repeat buyers' }).waitFor();
    const saved = (await api<{ segments: Array<{ id: string; name: string; query: string; builtIn: string | null }> }>('/api/segments'))
      .segments;
    const mine = saved.filter((s) => !s.builtIn);
    expect(mine).toMatchObject([{ name: 'COD repeat buyers', query: QUERY, builtIn: null }]);
    segmentId = mine[0]!.id;
    await settled(page);

    const first = await api<{ members: Array<{ id: string }>; next: string | null }>(`/api/segments/${segmentId}/members?first=25`);
    await expect.poll(() => listedIds(page)).toEqual(first.members.map((m) => m.id));
    const { count } = await api<{ count: number }>('/api/segments/preview', { query: QUERY });
    // The list row shows the same live count.
    const row = page.locator('.Polaris-IndexTable__TableRow', { hasText: 'COD repeat buyers' });
    await expect.poll(() => row.textContent()).toContain(String(count));
    if (first.next) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Page 2', { exact: true }).waitFor();
      const second = await api<{ members: Array<{ id: string }> }>(`/api/segments/${segmentId}/members?first=25&after=${first.next}`);
      await expect.poll(() => listedIds(page)).toEqual(second.members.map((m) => m.id));
      await page.getByRole('button', { name: 'Previous' }).click();
      await page.getByText('Page 1', { exact: true }).waitFor();
    }
    await settled(page);
    await expectAccessible(page, 'segments-en');
    await shot(page, 'segments-en');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,first_name,last_name,email,orders,amount_spent,currency,last_order_at');
    expect(lines).toHaveLength(count + 1);
  }, 60_000);

  it('the picker on Customers lists the same members, with search and filters off', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await settled(page);
    await page.getByLabel('Segment', { exact: true }).selectOption({ label: 'COD repeat buyers' });
    await page.getByText('Showing the members of COD repeat buyers.', { exact: false }).waitFor();
    const first = await api<{ members: Array<{ id: string }> }>(`/api/segments/${segmentId}/members?first=25`);
    await expect.poll(() => listedIds(page)).toEqual(first.members.map((m) => m.id));
    expect(await page.getByPlaceholder('Search by name, email or phone').isDisabled()).toBe(true);
    await settled(page);
    await expectAccessible(page, 'customers-segment');
    // "All customers" brings the ordinary list back.
    await page.getByLabel('Segment', { exact: true }).selectOption({ label: 'All customers' });
    expect(await page.getByPlaceholder('Search by name, email or phone').isDisabled()).toBe(false);
  }, 60_000);

  it('in Urdu the page is right to left and the query stays left to right', async () => {
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'ur'));
    await page.goto(`${server.url}/segments`);
    await page.getByRole('heading', { name: ur.segments.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // Built-ins by their key: the Urdu name and description, not the stored English name.
    const firstTime = ur.segments.builtIns.first_time_buyers;
    const row = page.locator('.Polaris-IndexTable__TableRow', { hasText: firstTime.name });
    await row.waitFor();
    expect(await row.textContent()).toContain(firstTime.description);
    expect(await page.getByText('First-time buyers', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: ur.segments.membersNamed.replace('{{name}}', ur.segments.builtIns.lapsed.name) }).waitFor();
    // A merchant's own segment keeps its name.
    await page.getByRole('button', { name: ur.common.editNamed.replace('{{name}}', 'COD repeat buyers') }).click();
    const box = queryBox(page, ur.segments.editor.query);
    await expect.poll(() => box.inputValue()).toBe(QUERY);
    expect(await box.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    const { count } = await api<{ count: number }>('/api/segments/preview', { query: QUERY });
    const n = new Intl.NumberFormat('ur-PK').format(count);
    await page.getByText(ur.segments.editor.count.replace('{{n}}', n), { exact: true }).waitFor();
    // The autocomplete names fields in English and describes them in Urdu.
    await box.fill('');
    await box.pressSequentially('number_of_or');
    await page
      .getByRole('option')
      .filter({ hasText: 'number_of_orders' })
      .filter({ hasText: ur.segments.fields.number_of_orders })
      .waitFor();
    // A typo: the suggestion reads in Urdu around the English field name.
    await box.fill(`${QUERY} AND last_order < -30d`);
    await page.getByTestId('query-problem').waitFor();
    expect(await page.getByTestId('query-problem').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    await page
      .getByRole('button', { name: ur.segments.editor.applyFix.replace('{{suggestion}}', '\u2068last_order_date\u2069') })
      .waitFor();
    await settled(page);
    await expectAccessible(page, 'segments-ur');
    await shot(page, 'segments-ur');
    await page.getByRole('button', { name: ur.common.cancel }).click();
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'en'));
    await page.goto(`${server.url}/segments`);
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
  }, 60_000);

  it('deletes after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete COD repeat buyers' }).click();
    await page.getByText('The segment is removed for good.', { exact: false }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('COD repeat buyers was deleted.').waitFor();
    expect((await api<{ segments: Array<{ builtIn: string | null }> }>('/api/segments')).segments.filter((s) => !s.builtIn)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('mirrors a built-in at the stores by a tag, its name and query kept', async () => {
    await page.getByRole('button', { name: 'Edit First-time buyers' }).click();
    expect(await page.getByLabel('Segment name').isDisabled()).toBe(true);
    await page.getByLabel('Store tag').fill('rapport-first-timers');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // Saved: the members view says how far the mirror has got (the sync job has not run here).
    const status = page.getByTestId('segment-sync-status');
    await status.waitFor();
    const { segments } = await api<{ segments: Array<{ id: string; builtIn: string | null; syncTag: string | null }> }>('/api/segments');
    const first = segments.find((s) => s.builtIn === 'first_time_buyers')!;
    expect(first.syncTag).toBe('rapport-first-timers');
    const sync = await api<{ storeCustomers: number; pushed: number }>(`/api/segments/${first.id}/sync`);
    await expect
      .poll(() => status.textContent())
      .toContain(`Mirrored at your stores as the tag “rapport-first-timers”: 0 of ${sync.storeCustomers} store customers tagged.`);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Tag: rapport-first-timers', { exact: true }).waitFor();
    await settled(page);
    await expectAccessible(page, 'segments-store-tag');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
