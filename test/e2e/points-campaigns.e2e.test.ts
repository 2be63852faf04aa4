import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { localDateTimeOf } from '../../src/crm/loyalty/calendar.ts';
import { DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { expectAccessible, settled, shot, SHOTS } from '../helpers/admin-page.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Loyalty → Campaigns end to end, as the other panel tests set up: the real build and server over
// the demo merchant, in Chromium. A campaign from the Eid preset (window filled for its next
// occurrence), a running bonus campaign typed by hand in the shop's time zone, both as the API
// stores them; Urdu (RTL) with the statuses in Urdu, and a cancel. axe-core on each state;
// screenshots points-campaigns-en and points-campaigns-ur.

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
const pageErrors: string[] = [];

type Listed = { campaigns: Array<Record<string, any>>; timeZone: string };
async function campaigns(): Promise<Listed> {
  const res = await fetch(`${server.url}/api/points-campaigns`, { headers: { authorization: `Bearer ${apiToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
}

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  await seedDemo(server.runtime, { customers: 60 });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_LOGIN),
  });
  apiToken = ((await login.json()) as { token: string }).token;
  browser = await launchChromium({ args: ['--disable-quic'] });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('Points campaigns in Chromium', () => {
  it('signs in and opens Loyalty → Campaigns', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Loyalty' }).click();
    await page.getByRole('tab', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Points campaigns' }).waitFor();
    await settled(page);
    await page.getByText('No points campaigns yet.', { exact: false }).waitFor();
  }, 60_000);

  it('creates a campaign from the Eid ul-Fitr preset, its window filled for the next Eid', async () => {
    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.getByLabel('Start from').selectOption({ label: 'Eid ul-Fitr double points' });
    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe('Eid ul-Fitr double points');
    expect(await page.getByLabel('Multiplier').inputValue()).toBe('2');
    const starts = await page.getByLabel('Starts').inputValue();
    expect(starts).toMatch(/^\d{4}-\d\d-\d\dT00:00$/);
    await page.getByText('A lunar date: check it against the moon sighting', { exact: false }).waitFor();
    await page.getByLabel('Storefront message (Urdu)').fill('عید پر دگنے پوائنٹس');
    await settled(page);
    await expectAccessible(page, 'points-campaigns-editor');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const item = page.getByTestId('points-campaigns').locator('li', { hasText: 'Eid ul-Fitr double points' });
    await item.waitFor();
    expect(await item.textContent()).toContain('Scheduled');
    const saved = (await campaigns()).campaigns.find((c) => c.preset === 'eid_ul_fitr')!;
    expect(saved).toMatchObject({
      kind: 'multiplier',
      multiplier: 2,
      startsAtLocal: starts,
      status: 'scheduled',
      messages: { ur: 'عید پر دگنے پوائنٹس' },
    });
  }, 60_000);

  it('creates a running bonus campaign for everyone, typed in the shop’s time zone', async () => {
    const { timeZone } = await campaigns();
    const start = localDateTimeOf(new Date().toISOString(), timeZone);
    const end = localDateTimeOf(new Date(Date.now() + 3 * 86_400_000).toISOString(), timeZone);
    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.getByLabel('Name').fill('Weekend bonus');
    await page.getByLabel('Type').selectOption({ label: 'Bonus points on every order' });
    await page.getByLabel('Bonus points').fill('50');
    await page.getByLabel(/^Minimum order/).fill('2500');
    await page.getByLabel('Starts').fill(start);
    await page.getByLabel('Ends').fill(end);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const item = page.getByTestId('points-campaigns').locator('li', { hasText: 'Weekend bonus' });
    await item.waitFor();
    expect(await item.textContent()).toContain('Running');
    expect(await item.textContent()).toContain('+50 points per order');
    const saved = (await campaigns()).campaigns.find((c) => c.name === 'Weekend bonus')!;
    expect(saved).toMatchObject({
      kind: 'bonus',
      bonusPoints: 50,
      startsAtLocal: start,
      endsAtLocal: end,
      status: 'active',
      audience: { type: 'everyone' },
    });
    expect(saved.minOrderMinor).toBe(250_000);
    await settled(page);
    await expectAccessible(page, 'points-campaigns-list');
    await shot(page, 'points-campaigns-en');
  }, 60_000);

  it('in Urdu the page is right to left, statuses in Urdu; a running campaign is cancelled', async () => {
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'ur'));
    await page.goto(`${server.url}/loyalty`);
    await page.getByRole('tab', { name: ur.loyalty.tabs.campaigns }).click();
    await page.getByRole('heading', { name: ur.campaigns.title }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const item = page.getByTestId('points-campaigns').locator('li', { hasText: 'Weekend bonus' });
    await item.waitFor();
    expect(await item.textContent()).toContain(ur.campaigns.status.active);
    await settled(page);
    await expectAccessible(page, 'points-campaigns-ur');
    await shot(page, 'points-campaigns-ur');
    const cancel = item.getByRole('button', { name: ur.campaigns.cancel });
    await cancel.click();
    // The cancelled status ('منسوخ') reads inside the cancel button's own label: wait for the button
    // to go (a cancelled campaign has none), which is when the list shows the saved answer.
    await cancel.waitFor({ state: 'detached' });
    expect(await item.textContent()).toContain(ur.campaigns.status.cancelled);
    expect((await campaigns()).campaigns.find((c) => c.name === 'Weekend bonus')!.status).toBe('cancelled');
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'en'));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
