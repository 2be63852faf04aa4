import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { queueMessage } from '../../src/crm/messaging/messages.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { expectAccessible, settled, shot, SHOTS } from '../helpers/admin-page.ts';
import { launchChromium } from '../helpers/browser.ts';
import { customer } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The Messages page end to end on the embedded default (no SMTP_URL: the local outbox): the
// banner saying nothing is sent, a test email queued from the panel and "sent" to the outbox, an
// Urdu marketing email shown in a sandboxed frame laid out right to left, its history, the
// customer's consent on the profile; Urdu (RTL) for the list. axe on each state; screenshots
// messages-en, message-detail-en and messages-ur.

const OWNER = { email: 'owner@lahore-shoes.example', password: 'correct horse battery' };
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let customerId: string;
let marketingId: string;
const pageErrors: string[] = [];

const send = () => sendDueMessages(server.runtime.messaging.sender);

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Shoes', 'PKR');
  const shop = (await t.upsertConnection({ accountId, platform: 'shopify', domain: 'lahore-shoes.myshopify.com', currency: 'PKR' })).id;
  await t.createAdminUser(accountId, OWNER.email, OWNER.password);
  const store = server.runtime.store;
  await applyEvent(store, shop, {
    type: 'customer.upserted',
    customer: customer('c1', { email: 'ayesha@example.pk', firstName: 'عائشہ', lastName: 'خان', locale: 'ur' }),
  });
  await applyEvent(store, shop, {
    type: 'customer.consent',
    externalId: 'c1',
    email: 'ayesha@example.pk',
    phone: null,
    consents: [{ channel: 'email', state: 'subscribed', source: 'shopify', detail: 'subscribed', decidedAt: '2026-03-01T00:00:00.000Z' }],
  });
  customerId = (await store.transaction((r) => r.customers.findIdentity(shop, 'c1')))!.customerId;
  marketingId = (
    await store.transaction((r) =>
      queueMessage(
        r,
        {
          accountId,
          customerId,
          channel: 'email',
          purpose: 'marketing',
          source: 'test',
          sourceId: null,
          idempotencyKey: 'eid-offer',
          to: 'ayesha@example.pk',
          language: 'ur',
          dir: 'rtl',
          subject: 'عید کی خاص پیشکش',
          html: '<!doctype html><html dir="rtl" lang="ur"><body><h1>عید مبارک، عائشہ!</h1><p>آپ کے 1,200 پوائنٹس آپ کا انتظار کر رہے ہیں۔</p></body></html>',
          text: 'عید مبارک، عائشہ! آپ کے 1,200 پوائنٹس آپ کا انتظار کر رہے ہیں۔',
        },
        new Date().toISOString(),
      ),
    )
  ).id;
  await send();
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

describe('Messages page in Chromium', () => {
  it('signs in and shows the outbox, saying nothing is sent without an SMTP server', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await settled(page);
    await page.getByText('Emails stay here: no mail server is set up').waitFor();
    await page.getByText('عید کی خاص پیشکش').waitFor();
    expect(await page.getByRole('tab', { name: 'Outbox' }).getAttribute('aria-selected')).toBe('true');
  }, 60_000);

  it('queues a test email from the panel, to the signed-in owner, and shows it sent to the outbox', async () => {
    await page.getByRole('button', { name: 'Send a test email' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Subject').fill('Hello from Rapport');
    await dialog.getByLabel('Message').fill('First line.\n\nSecond paragraph.');
    await dialog.getByRole('button', { name: 'Queue email' }).click();
    await page.getByText(`Test email queued for ${OWNER.email}`).waitFor();
    expect(await send()).toMatchObject({ sent: 1 });
    await page.reload();
    await settled(page);
    const row = page.locator('.Polaris-IndexTable__TableRow', { hasText: 'Hello from Rapport' });
    await row.getByText('Sent', { exact: true }).waitFor();
    await row.getByText('Outbox only').waitFor();
    await expectAccessible(page, 'messages-en');
    await shot(page, 'messages-en');
  }, 60_000);

  it('filters by status', async () => {
    await page.getByLabel('Status').selectOption('suppressed');
    await settled(page);
    await page.getByText('No messages yet. Send a test email to see one here.').waitFor();
    await page.getByLabel('Status').selectOption('');
    await settled(page);
    await page.getByText('Hello from Rapport').waitFor();
  }, 30_000);

  it('opens a message: the html in a sandboxed frame, right to left, the text part and its history', async () => {
    await page.getByText('عید کی خاص پیشکش').click();
    await page.getByRole('heading', { name: 'عید کی خاص پیشکش', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/messages/${marketingId}`);
    const frame = page.locator('iframe[title="As the shopper sees it"]');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('srcdoc')).toContain('dir="rtl"');
    const inside = page.frameLocator('iframe[title="As the shopper sees it"]');
    await inside.getByRole('heading', { name: 'عید مبارک، عائشہ!' }).waitFor();
    expect(await inside.locator('html').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await page.getByText('آپ کے 1,200 پوائنٹس آپ کا انتظار کر رہے ہیں۔', { exact: false }).first().waitFor();
    for (const status of ['Queued', 'Sending', 'Sent']) await page.getByText(status, { exact: true }).first().waitFor();
    await expectAccessible(page, 'message-detail');
    await shot(page, 'message-detail-en');
    await page.getByRole('link', { name: 'Open profile' }).click();
    await page.getByRole('heading', { name: 'Marketing consent' }).waitFor();
    await page.getByText('Subscribed', { exact: true }).waitFor();
  }, 60_000);

  it('reads right to left in Urdu', async () => {
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'ur'));
    await page.goto(`${server.url}/messages`);
    await page.getByRole('heading', { name: ur.messages.title, level: 1 }).waitFor();
    await settled(page);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByText(ur.messages.outbox.localTitle).waitFor();
    await page.getByRole('tab', { name: ur.messages.tabs.outbox }).waitFor();
    await expectAccessible(page, 'messages-ur');
    await shot(page, 'messages-ur');
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'en'));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
