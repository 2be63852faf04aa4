import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { expectAccessible, settled, shot, SHOTS } from '../helpers/admin-page.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The message template editor end to end, as segments.e2e.test.ts sets up: the real build and
// server over the demo merchant, in Chromium. A new template's English preview for the sample
// shopper and then a real customer, an Urdu variant previewed right to left in the sandboxed
// frame, an unknown merge field refused with its name, save; the page in Urdu. axe-core on each
// state; screenshots message-templates-en and message-templates-ur.

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
const pageErrors: string[] = [];

const frame = (p: Page) => p.frameLocator('[data-testid="template-preview-frame"]');
const frameHtml = (p: Page, attribute: string) => frame(p).locator('html').getAttribute(attribute, { timeout: 15_000 });
const frameText = (p: Page) => frame(p).locator('body').innerText({ timeout: 15_000 });

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  await seedDemo(server.runtime, { customers: 40 });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_LOGIN),
  });
  apiToken = ((await login.json()) as { token: string }).token;
  browser = await launchChromium({ args: ['--disable-quic'] });
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('Message templates in Chromium', () => {
  let customer: { id: string; firstName: string };

  it('signs in and opens Messages from the navigation', async () => {
    const res = await fetch(`${server.url}/api/customers?first=50`, { headers: { authorization: `Bearer ${apiToken}` } });
    const { customers } = (await res.json()) as { customers: Array<{ id: string; firstName: string | null }> };
    customer = customers.find((c) => c.firstName && /^[A-Za-z]+$/.test(c.firstName)) as typeof customer;
    expect(customer).toBeDefined();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Message templates' }).click();
    await page.getByRole('heading', { name: 'Message templates', level: 1 }).waitFor();
    await settled(page);
  }, 60_000);

  it('previews a new template in English, for the sample shopper and then a real customer', async () => {
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Points reminder');
    // The starter body, merged with the sample shopper, left to right.
    await expect.poll(() => frameText(page), { timeout: 20_000 }).toContain('Hi Ayesha,');
    expect(await frameText(page)).toContain('You have 1,250 points.');
    expect(await frameHtml(page, 'dir')).toBe('ltr');
    expect(await frameHtml(page, 'lang')).toBe('en');
    await page.getByLabel('Preview as customer (ID)').fill(customer.id);
    await expect.poll(() => frameText(page), { timeout: 20_000 }).toContain(`Hi ${customer.firstName},`);
    await expect.poll(() => page.getByTestId('template-preview-subject').innerText()).toBe('Your points at Demo Bazaar (Shopify)');
    await expectAccessible(page, 'message-templates-en');
    await shot(page, 'message-templates-en');
  }, 60_000);

  it('an Urdu variant previews right to left, with the customer merged', async () => {
    await page.getByRole('tab', { name: 'Urdu (not written)' }).click();
    await page.getByLabel('Subject').fill('{{ first_name }}، آپ کے پوائنٹس');
    await page
      .getByLabel('Email body (MJML)')
      .fill(
        '<mj-section><mj-column><mj-text><p>السلام علیکم {{ first_name }}،</p><p>آپ کے پاس {{ points.balance }} پوائنٹس ہیں۔</p></mj-text></mj-column></mj-section>',
      );
    await expect.poll(() => frameHtml(page, 'dir'), { timeout: 20_000 }).toBe('rtl');
    expect(await frameHtml(page, 'lang')).toBe('ur');
    await expect.poll(() => frameText(page)).toContain(`السلام علیکم ${customer.firstName}،`);
    expect(
      await frame(page)
        .locator('div', { hasText: 'آپ کے پاس' })
        .last()
        .evaluate((el) => getComputedStyle(el).textAlign),
    ).toBe('right');
    await expect.poll(() => page.getByTestId('template-preview-subject').innerText()).toBe(`${customer.firstName}، آپ کے پوائنٹس`);
    expect(await page.getByTestId('template-preview-subject').getAttribute('dir')).toBe('rtl');
  }, 60_000);

  it('an unknown merge field is named, in the preview and on save; fixed, the template saves', async () => {
    const body = page.getByLabel('Email body (MJML)');
    const urdu = await body.inputValue();
    await body.fill(urdu.replace('{{ points.balance }}', '{{ points.balanse }}'));
    await page.getByTestId('template-preview').getByText('unknown merge field: points.balanse').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('template-problems').getByText('unknown merge field: points.balanse').waitFor();
    await expect.poll(() => page.getByTestId('template-problems').innerText()).toContain('Urdu, body');
    await body.fill(urdu);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Template “Points reminder” saved').waitFor();
    await page
      .getByRole('row', { name: /Points reminder/ })
      .getByText('English and Urdu')
      .waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('in Urdu the page is right to left and the Urdu preview too', async () => {
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'ur'));
    await page.reload();
    await page.getByRole('heading', { name: ur.messages.templates.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('button', { name: ur.common.editNamed.replace('{{name}}', 'Points reminder') }).click();
    await page.getByRole('tab', { name: ur.messages.templates.languages.ur, exact: true }).click();
    await page.getByLabel(ur.messages.templates.preview.customer).fill(customer.id);
    await expect.poll(() => frameText(page), { timeout: 20_000 }).toContain(`السلام علیکم ${customer.firstName}،`);
    expect(await frameHtml(page, 'dir')).toBe('rtl');
    // Not settled(): Chromium never reports network idle for a page holding a sandboxed srcdoc frame.
    await expectAccessible(page, 'message-templates-ur');
    await shot(page, 'message-templates-ur');
    await page.getByRole('button', { name: ur.common.cancel }).click();
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'en'));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
