import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import en from '../../web/src/locales/en.json' with { type: 'json' };
import paArab from '../../web/src/locales/pa-Arab.json' with { type: 'json' };
import paGuru from '../../web/src/locales/pa-Guru.json' with { type: 'json' };
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import urStorefront from '../../extensions/rapport-theme/locales/ur.json' with { type: 'json' };
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, TEST_API_KEY, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// The merchant's first hour, in Chromium against the real build, server and SQLite file: a fresh
// owner's checklist on Home (steps tick from real data, the theme-editor deep link, a manual mark
// that persists, the widget preview, hiding the finished list), the contextual save bar on the
// program settings, and Punjabi in Gurmukhi or Shahmukhi. Screenshots in artifacts/screenshots/.

const SHOTS = join(process.cwd(), 'artifacts', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const OWNER = { shopName: 'Zari Lahore', currency: 'PKR', email: 'owner@zari.pk', password: 'a long enough password' };
const SHOP = 'zari-lahore.myshopify.com';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let token: string;
let accountId: string;
const pageErrors: string[] = [];

async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function expectAccessible(p: Page, name: string): Promise<void> {
  await p.addScriptTag({ path: AXE });
  const violations = await p.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            o: object,
          ) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    `${name}: axe violations`,
  ).toEqual([]);
}

const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const step = (p: Page, id: string) => p.locator(`.rapport-checklist > li[data-step="${id}"]`);
const doneSteps = (p: Page) =>
  p
    .locator('.rapport-checklist > li')
    .evaluateAll((items) => Object.fromEntries(items.map((li) => [li.getAttribute('data-step'), li.getAttribute('data-done') === 'true'])));

async function newPage(language?: string): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  if (language) await ctx.addInitScript((l) => window.localStorage.setItem('rapport.language', l), language);
  // The owner's session cookie (HttpOnly, set by the first-run route), as after signing in.
  await ctx.addCookies([{ name: 'rapport_session', value: token, url: server.url }]);
  const p = await ctx.newPage();
  p.on('pageerror', (e) => pageErrors.push(e.message));
  return { context: ctx, page: p };
}

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  const res = await fetch(`${server.url}/api/setup/owner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  });
  expect(res.status).toBe(201);
  ({ token, accountId } = (await res.json()) as { token: string; accountId: string });
  browser = await launchChromium({ args: ['--disable-quic'] });
  ({ context, page } = await newPage());
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('the first-hour checklist on Home', () => {
  it('opens every step but the owner for a fresh account', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: en.onboarding.title }).waitFor();
    expect(await doneSteps(page)).toEqual({ owner: true, connect: false, launch: false, widget: false, preview: false });
    await page.getByText('1 of 5 done').waitFor();
    // No store yet: the widget step says to connect one first, with no theme-editor link.
    await step(page, 'widget').getByText(en.onboarding.widget.noStore).waitFor();
    expect(await page.getByRole('link', { name: en.onboarding.widget.openThemeEditor }).count()).toBe(0);
    await expectAccessible(page, 'onboarding-fresh');
  }, 60_000);

  it('ticks "connect" and "launch" from real data, and links the theme editor with the app embed', async () => {
    await server.runtime.tenancy.upsertConnection({
      accountId,
      platform: 'shopify',
      domain: SHOP,
      currency: 'PKR',
      country: 'PK',
      accessToken: 'shpat_test',
    });
    const { proposed } = await api('GET', '/api/loyalty/program');
    await api('PUT', '/api/loyalty/program', { ...proposed, enabled: true });
    await page.reload();
    await page.getByText('3 of 5 done').waitFor();
    expect(await doneSteps(page)).toEqual({ owner: true, connect: true, launch: true, widget: false, preview: false });
    await step(page, 'connect').getByText(SHOP).waitFor();
    const link = page.getByRole('link', { name: en.onboarding.widget.openThemeEditor });
    expect(await link.getAttribute('href')).toBe(
      `https://${SHOP}/admin/themes/current/editor?context=apps&activateAppId=${TEST_API_KEY}/rapport-embed`,
    );
    await expectAccessible(page, 'onboarding-en');
    await shot(page, 'onboarding-en');
  }, 60_000);

  it('shows the same checklist in Urdu, right to left', async () => {
    const urdu = await newPage('ur');
    try {
      await urdu.page.goto(`${server.url}/`);
      await urdu.page.getByRole('heading', { name: ur.onboarding.title }).waitFor();
      expect(await urdu.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await step(urdu.page, 'widget').getByRole('link', { name: ur.onboarding.widget.openThemeEditor }).waitFor();
      await expectAccessible(urdu.page, 'onboarding-ur');
      await shot(urdu.page, 'onboarding-ur');
    } finally {
      await urdu.context.close();
    }
  }, 60_000);

  it("previews the widget in the admin's Urdu: right to left, in the storefront's own Urdu texts", async () => {
    // Another shop, inside Shopify admin in Urdu (App Bridge's config.locale), so this account's steps stay as they are.
    const shop = 'multan-e2e.myshopify.com';
    await server.runtime.tenancy.upsertConnection({
      accountId: await server.runtime.tenancy.createAccount('Multan', 'PKR'),
      platform: 'shopify',
      domain: shop,
      currency: 'PKR',
      country: 'PK',
    });
    const idToken = await sessionToken(shop);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.route('https://cdn.shopify.com/shopifycloud/app-bridge.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `window.shopify = { idToken: async () => ${JSON.stringify(idToken)}, config: { locale: 'ur-PK' } };`,
      }),
    );
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await p.goto(`${server.url}/?shop=${shop}&host=${Buffer.from('admin.shopify.com/store/multan-e2e').toString('base64url')}`);
      // Embedded: the theme editor opens in the admin window, not inside the app's iframe.
      expect(await p.getByRole('link', { name: ur.onboarding.widget.openThemeEditor }).getAttribute('target')).toBe('_top');
      await step(p, 'preview').getByRole('button', { name: ur.onboarding.preview.show }).click();
      const root = p.getByTestId('widget-preview').locator('.rapport-root');
      await root.getByText(urStorefront.rapport.widget.yourPoints).waitFor();
      expect(await root.getAttribute('dir')).toBe('rtl');
      await root.getByText(urStorefront.rapport.widget.waysToEarn).waitFor();
      await expectAccessible(p, 'onboarding-preview-ur');
      await shot(p, 'onboarding-preview-ur');
    } finally {
      await ctx.close();
    }
  }, 60_000);

  it('keeps a manual "widget is on" across reloads', async () => {
    await step(page, 'widget').getByRole('button', { name: en.onboarding.widget.markDone }).click();
    await step(page, 'widget').getByText(en.onboarding.widget.marked).waitFor();
    await page.reload();
    await page.getByText('4 of 5 done').waitFor();
    expect((await doneSteps(page)).widget).toBe(true);
    expect((await api('GET', '/api/onboarding')).steps.find((s: { id: string }) => s.id === 'widget')).toEqual({
      id: 'widget',
      done: true,
      by: 'merchant',
    });
  }, 60_000);

  it("previews the widget with the program's rules and a sample balance, then the finished list can be hidden", async () => {
    await step(page, 'preview').getByRole('button', { name: en.onboarding.preview.show }).click();
    const preview = page.getByTestId('widget-preview');
    await expect.poll(() => preview.locator('[data-rapport-panel-balance]').textContent(), { timeout: 10_000 }).toBe('1,250');
    // The proposed rule (1 point per PKR 100), worded by the widget's own texts.
    const orderWay = await preview.locator('[data-rapport-way="order"]').textContent();
    expect(orderWay).toMatch(/^1 point for every PKR\s?100 spent$/);
    await page.getByText('5 of 5 done').waitFor();
    await page.getByText(en.onboarding.allDone).waitFor();
    await expectAccessible(page, 'onboarding-done');
    await shot(page, 'onboarding-done-en');
    await page.getByRole('button', { name: en.onboarding.dismiss }).click();
    await expect.poll(() => page.getByRole('heading', { name: en.onboarding.title }).count()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: en.home.title, level: 1 }).waitFor();
    expect(await page.getByRole('heading', { name: en.onboarding.title }).count()).toBe(0);
    expect((await api('GET', '/api/onboarding')).dismissed).toBe(true);
  }, 60_000);
});

describe('the contextual save bar (standalone)', () => {
  it('appears on an edit, discards back to the loaded values, saves, and goes away', async () => {
    await page.goto(`${server.url}/loyalty`);
    const per = page.getByLabel('per PKR');
    await per.waitFor();
    const bar = page.getByTestId('save-bar');
    expect(await bar.count()).toBe(0);
    await per.fill('50');
    await bar.waitFor();
    await bar.getByRole('button', { name: en.saveBar.discard }).click();
    await expect.poll(() => bar.count()).toBe(0);
    expect(await per.inputValue()).toBe('100');

    // A value the API refuses: Save stays disabled until the field changes again.
    await per.fill('0');
    await bar.getByRole('button', { name: en.program.save }).click();
    await page.getByText(en.program.saveFailed).waitFor();
    expect(await bar.getByRole('button', { name: en.program.save }).isDisabled()).toBe(true);
    await shot(page, 'save-bar-en');

    const before = (await api('GET', '/api/loyalty/program')).program.version as number;
    await per.fill('50');
    expect(await bar.getByRole('button', { name: en.program.save }).isDisabled()).toBe(false);
    await bar.getByRole('button', { name: en.program.save }).click();
    await page.getByText(`Saved as version ${before + 1}.`).waitFor();
    await expect.poll(() => bar.count()).toBe(0);
    const saved = await api('GET', '/api/loyalty/program');
    expect(saved.program.settings.earning.rates[0]).toMatchObject({ currency: 'PKR', points: 1, per: '50' });
  }, 60_000);

  it('asks before the page is left with unsaved changes, by reload or by an in-app link', async () => {
    const per = page.getByLabel('per PKR');
    await per.fill('75');
    await page.getByTestId('save-bar').waitFor();
    let asked = false;
    page.once('dialog', (d) => {
      asked = d.type() === 'beforeunload';
      void d.dismiss();
    });
    await page.evaluate(() => {
      window.location.href = '/settings';
    });
    await expect.poll(() => asked).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/loyalty');
    // In-app links ask too: staying keeps the edit, leaving drops it.
    const answers = [false, true];
    const asked2: string[] = [];
    page.on('dialog', (d) => {
      asked2.push(d.message());
      void (answers.shift() ? d.accept() : d.dismiss());
    });
    await page.getByRole('link', { name: en.nav.settings }).click();
    await expect.poll(() => asked2.length).toBe(1);
    expect(asked2[0]).toBe(en.saveBar.leave);
    expect(new URL(page.url()).pathname).toBe('/loyalty');
    expect(await per.inputValue()).toBe('75');
    await page.getByRole('link', { name: en.nav.settings }).click();
    await page.getByRole('heading', { name: en.settings.title, level: 1 }).waitFor();
    expect(asked2).toHaveLength(2);
    page.removeAllListeners('dialog');
    // Nothing unsaved any more: links go without asking.
    await page.getByRole('link', { name: en.nav.loyalty }).click();
    await page.getByRole('heading', { name: en.loyalty.title, level: 1 }).waitFor();
    expect(asked2).toHaveLength(2);
    expect((await api('GET', '/api/loyalty/program')).program.settings.earning.rates[0].per).toBe('50');
  }, 60_000);
});

describe('Punjabi in both scripts', () => {
  it('switches between Gurmukhi (left to right) and Shahmukhi (right to left) from Settings', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('combobox', { name: en.settings.language }).selectOption('pa-Guru');
    await page.getByRole('heading', { name: paGuru.settings.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['pa-Guru', 'ltr']);
    await page.getByRole('link', { name: paGuru.nav.home }).waitFor();
    await expectAccessible(page, 'settings-pa-Guru');
    await shot(page, 'settings-pa-Guru');

    await page.getByRole('combobox', { name: paGuru.settings.language }).selectOption('pa-Arab');
    await page.getByRole('heading', { name: paArab.settings.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['pa-Arab', 'rtl']);
    // Remembered for the next visit.
    await page.reload();
    await page.getByRole('heading', { name: paArab.settings.title, level: 1 }).waitFor();
    await page.getByRole('combobox', { name: paArab.settings.language }).selectOption('en');
    await page.getByRole('heading', { name: en.settings.title, level: 1 }).waitFor();
    // A choice saved before Gurmukhi existed ("pa") was Shahmukhi, and stays so.
    const earlier = await newPage('pa');
    try {
      await earlier.page.goto(`${server.url}/settings`);
      await earlier.page.getByRole('heading', { name: paArab.settings.title, level: 1 }).waitFor();
      expect(await earlier.page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['pa-Arab', 'rtl']);
    } finally {
      await earlier.context.close();
    }
  }, 60_000);

  it('inside Shopify admin, a bare "pa" follows the store country: Shahmukhi in Pakistan, Gurmukhi in India', async () => {
    const indian = 'amritsar-e2e.myshopify.com';
    await server.runtime.tenancy.upsertConnection({
      accountId: await server.runtime.tenancy.createAccount('Amritsar', 'INR'),
      platform: 'shopify',
      domain: indian,
      currency: 'INR',
      country: 'IN',
    });
    for (const [shop, lang, dir, title] of [
      [SHOP, 'pa-Arab', 'rtl', paArab.home.title],
      [indian, 'pa-Guru', 'ltr', paGuru.home.title],
    ] as const) {
      const idToken = await sessionToken(shop);
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.route('https://cdn.shopify.com/shopifycloud/app-bridge.js', (route) =>
        route.fulfill({
          contentType: 'text/javascript',
          body: `window.shopify = { idToken: async () => ${JSON.stringify(idToken)}, config: { locale: 'pa' } };`,
        }),
      );
      const p = await ctx.newPage();
      await p.goto(
        `${server.url}/?shop=${shop}&host=${Buffer.from(`admin.shopify.com/store/${shop.split('.')[0]}`).toString('base64url')}`,
      );
      await p.getByRole('heading', { name: title, level: 1 }).waitFor();
      expect(await p.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lang, dir]);
      await ctx.close();
    }
  }, 60_000);

  it("inside Shopify admin, settings forms use App Bridge's save bar", async () => {
    const idToken = await sessionToken(SHOP);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A stand-in for App Bridge: the token, and a save bar API that records what it is told.
    await ctx.route('https://cdn.shopify.com/shopifycloud/app-bridge.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `window.saveBarCalls = []; window.shopify = { idToken: async () => ${JSON.stringify(idToken)},
        saveBar: { show: async (id) => { window.saveBarCalls.push(['show', id]); }, hide: async (id) => { window.saveBarCalls.push(['hide', id]); } } };`,
      }),
    );
    const p = await ctx.newPage();
    await p.goto(`${server.url}/loyalty?shop=${SHOP}&host=${Buffer.from('admin.shopify.com/store/zari-lahore').toString('base64url')}`);
    const per = p.getByLabel('per PKR');
    await per.waitFor();
    await per.fill('60');
    const calls = () => p.evaluate(() => (window as unknown as { saveBarCalls: string[][] }).saveBarCalls.map(([verb]) => verb));
    await expect.poll(async () => (await calls()).at(-1)).toBe('show');
    // Our own bar is not drawn; App Bridge's gets a primary Save and a Discard with a confirmation.
    expect(await p.getByTestId('save-bar').count()).toBe(0);
    const bar = await p.evaluate(() => {
      const el = document.querySelector('ui-save-bar');
      return (
        el && {
          discardConfirmation: el.hasAttribute('discardConfirmation'),
          buttons: [...el.querySelectorAll('button')].map((b) => [b.getAttribute('variant'), b.textContent]),
        }
      );
    });
    expect(bar).toEqual({
      discardConfirmation: true,
      buttons: [
        ['primary', en.program.save],
        [null, en.saveBar.discard],
      ],
    });
    // Discard (App Bridge clicks our button): the loaded value is back and the bar is hidden.
    await p.evaluate(() => (document.querySelectorAll('ui-save-bar button')[1] as HTMLButtonElement).click());
    await expect.poll(async () => (await calls()).at(-1)).toBe('hide');
    expect(await per.inputValue()).toBe('50');
    await ctx.close();
  }, 60_000);

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
