import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { expectAccessible, settled, shot, SHOTS } from '../helpers/admin-page.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Messages › Flows end to end over the demo merchant in Chromium: every flow listed off, a template
// chosen and the welcome flow switched on, its delay saved (read back from the API), then the page
// in Urdu, right to left. axe-core on each state; screenshots flows-en and flows-ur.

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
const pageErrors: string[] = [];

const apiGet = async (path: string) =>
  (await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${apiToken}` } })).json()) as Record<string, any>;

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  await seedDemo(server.runtime, { customers: 20 });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_LOGIN),
  });
  apiToken = ((await login.json()) as { token: string }).token;
  const created = await fetch(`${server.url}/api/message-templates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Welcome mail',
      purpose: 'marketing',
      variants: {
        en: { subject: 'Welcome {{ first_name }}', body: '<mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section>' },
      },
    }),
  });
  expect(created.status).toBe(201);
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

describe('Flows in Chromium', () => {
  it('opens Messages › Flows: every flow off', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
    await page.getByTestId('flow-welcome').getByRole('heading', { name: 'Welcome' }).waitFor();
    expect(await page.locator('[data-testid^="flow-"]').count()).toBe(12);
    expect(await page.getByRole('button', { name: /^Turn on / }).count()).toBe(12);
    await settled(page);
  }, 60_000);

  it('chooses a template, switches the welcome flow on and saves its delay', async () => {
    const welcome = page.getByTestId('flow-welcome');
    await welcome.getByLabel('Template').selectOption({ label: 'Welcome mail' });
    await welcome.getByRole('button', { name: 'Turn on Welcome' }).click();
    await welcome.getByText('On', { exact: true }).waitFor();
    await welcome.getByLabel('Delay').fill('30');
    await welcome.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await apiGet('/api/flows')).flows.find((f: any) => f.kind === 'welcome'))
      .toMatchObject({ enabled: true, delayMinutes: 30, templateId: expect.stringMatching(/./) });
    await welcome.getByText('Last 30 days: 0 queued, 0 sent, 0 failed, 0 skipped').waitFor();
    await expectAccessible(page, 'flows-en');
    await shot(page, 'flows-en');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('starts the abandoned-checkout flow from its ready-made template', async () => {
    const abandoned = page.getByTestId('flow-abandoned_checkout');
    await abandoned.getByRole('heading', { name: 'Abandoned checkout' }).waitFor();
    expect(await abandoned.getByLabel('Delay').inputValue()).toBe('60');
    await abandoned.getByRole('button', { name: 'Use the ready-made template' }).click();
    // The template is saved and chosen: the button goes once the flow names it.
    await abandoned.getByRole('button', { name: 'Use the ready-made template' }).waitFor({ state: 'detached' });
    await abandoned.getByRole('button', { name: 'Turn on Abandoned checkout' }).click();
    await abandoned.getByText('On', { exact: true }).waitFor();
    const saved = (await apiGet('/api/flows')).flows.find((f: any) => f.kind === 'abandoned_checkout');
    expect(saved).toMatchObject({ enabled: true, delayMinutes: 60 });
    const templates = (await apiGet('/api/message-templates')).templates as Array<{ id: string; name: string }>;
    expect(templates.find((t) => t.id === saved.templateId)?.name).toBe('Abandoned checkout');
    await abandoned.getByText('Recovered: 0 orders, 0').waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('in Urdu the page is right to left', async () => {
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'ur'));
    await page.reload();
    await page.getByRole('heading', { name: ur.messages.flows.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByTestId('flow-welcome').getByText(ur.messages.flows.on, { exact: true }).waitFor();
    await settled(page);
    await expectAccessible(page, 'flows-ur');
    await shot(page, 'flows-ur');
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'en'));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
