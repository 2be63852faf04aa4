import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { sendDueCampaigns } from '../../src/crm/campaigns/campaign-send.service.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { loginToken } from '../helpers/api.ts';
import { expectAccessible, settled, shot, SHOTS } from '../helpers/admin-page.ts';
import { launchChromium } from '../helpers/browser.ts';
import { customer } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Messages › Campaigns end to end in Chromium over a real server (no SMTP_URL: the local outbox
// sends). A shop with 24 subscribed shoppers tagged `eid` (every fourth reads Urdu), a template
// with English and Urdu versions and a segment of the tagged: a campaign made in the panel, its
// live preview for an Urdu shopper switched to Urdu (right to left), sent after a confirmation
// that states the audience's size, its report and recipients against the API; then in Urdu a
// second campaign scheduled for tomorrow and cancelled. axe-core on each state; screenshots
// campaigns-editor-{en,ur} and campaigns-report-{en,ur}.

const OWNER = { email: 'owner@eid-shop.example', password: 'correct horse battery' };
const SHOPPERS = 24;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let token: string;
let firstId: string;
const pageErrors: string[] = [];

async function api(method: string, path: string, body?: unknown): Promise<Record<string, any>> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as Record<string, any>;
}

/** What the leader's jobs do: expand the due campaigns, then send until the queue is empty. */
async function runJobs(): Promise<void> {
  await sendDueCampaigns(server.runtime.messaging.campaigns, { budgetMs: 60_000 });
  while ((await sendDueMessages(server.runtime.messaging.sender)).claimed > 0);
}

// The preview frame is sandboxed (an opaque origin): read it through Playwright's frame locator.
const frame = () => page.frameLocator('[data-testid="template-preview-frame"]');
const frameHtmlDir = () => frame().locator('html').getAttribute('dir', { timeout: 15_000 });
const frameText = () => frame().locator('body').innerText({ timeout: 15_000 });

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Eid Shop', 'PKR');
  const shop = (
    await t.upsertConnection({ accountId, platform: 'shopify', domain: 'eid-shop.myshopify.com', currency: 'PKR', country: 'PK' })
  ).id;
  await t.createAdminUser(accountId, OWNER.email, OWNER.password);
  token = await loginToken(server, OWNER.email, OWNER.password);
  for (let i = 0; i < SHOPPERS + 2; i++) {
    const urdu = i % 4 === 0;
    const email = `shopper${i}@example.pk`;
    await applyEvent(server.runtime.store, shop, {
      type: 'customer.upserted',
      customer: customer(`s${i}`, {
        email,
        firstName: urdu ? `عائشہ${i}` : `Ali${i}`,
        locale: urdu ? 'ur-PK' : 'en',
        // The last two are outside the segment.
        tags: i < SHOPPERS ? ['eid'] : [],
      }),
    });
    await applyEvent(server.runtime.store, shop, {
      type: 'customer.consent',
      externalId: `s${i}`,
      email,
      phone: null,
      consents: [{ channel: 'email', state: 'subscribed', source: 'shopify', detail: 'subscribed', decidedAt: '2026-01-01T00:00:00.000Z' }],
    });
  }
  await api('POST', '/api/message-templates', {
    name: 'Eid greeting',
    purpose: 'marketing',
    variants: {
      en: {
        subject: 'Eid Mubarak, {{ first_name }}',
        body: '<mj-section><mj-column><mj-text>Dear {{ first_name }}, our Eid sale is on.</mj-text></mj-column></mj-section>',
      },
      ur: {
        subject: 'عید مبارک، {{ first_name }}',
        body: '<mj-section><mj-column><mj-text>پیارے {{ first_name }}، عید کی سیل جاری ہے۔</mj-text></mj-column></mj-section>',
      },
    },
  });
  await api('POST', '/api/segments', { name: 'Eid shoppers', query: "tags contains 'eid'" });
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

describe('Message campaigns in Chromium', () => {
  it('opens Messages › Campaigns: none yet, with a call to action', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    await page.getByText('No campaigns yet').waitFor();
    await settled(page);
    await expectAccessible(page, 'campaigns-empty');
  }, 60_000);

  it('creates a campaign; the live preview renders an Urdu shopper in Urdu, right to left', async () => {
    await page.getByRole('link', { name: 'Create campaign' }).first().click();
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByLabel('Campaign name').fill('Eid sale');
    await page.getByLabel('Segment', { exact: true }).selectOption({ label: 'Eid shoppers' });
    await page.getByText(`${SHOPPERS} customers now, ${SHOPPERS} with an email address`).waitFor();
    // The customer filters are sized the same way (POST /api/campaigns/audience-size): every shopper, then the tagged.
    await page.getByText('Customers matching filters', { exact: true }).click();
    await page.getByText(`${SHOPPERS + 2} customers now, ${SHOPPERS + 2} with an email address`).waitFor();
    await page.getByLabel('Tags').fill('eid');
    await page.getByText(`${SHOPPERS} customers now, ${SHOPPERS} with an email address`).waitFor();
    await page.getByText('A saved segment', { exact: true }).click();
    await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Eid greeting' });
    // The sample shopper in English first.
    await expect.poll(() => page.getByTestId('template-preview-subject').textContent()).toMatch(/^Eid Mubarak/);
    // A real shopper of the audience, found by search, then the Urdu version.
    await page.getByLabel('Find a customer').fill('shopper4@example.pk');
    await page.getByLabel('Preview for').selectOption({ label: 'عائشہ4' });
    await expect.poll(() => page.getByTestId('template-preview-subject').textContent()).toBe('Eid Mubarak, عائشہ4');
    expect(await page.getByTestId('template-preview-subject').getAttribute('dir')).toBe('ltr');
    await expect.poll(frameText).toContain('Dear عائشہ4, our Eid sale is on.');
    await page.getByRole('button', { name: 'Urdu', exact: true }).click();
    await expect.poll(() => page.getByTestId('template-preview-subject').textContent()).toBe('عید مبارک، عائشہ4');
    expect(await page.getByTestId('template-preview-subject').getAttribute('dir')).toBe('rtl');
    await expect.poll(frameHtmlDir).toBe('rtl');
    await expect.poll(frameText).toContain('پیارے عائشہ4، عید کی سیل جاری ہے۔');
    expect(await page.getByRole('button', { name: 'Urdu', exact: true }).getAttribute('aria-pressed')).toBe('true');
    // Not settled(): Chromium never reports network idle for a page holding a sandboxed srcdoc frame.
    await expectAccessible(page, 'campaigns-editor-en');
    await shot(page, 'campaigns-editor-en');
    // The frequency cap across campaigns, in its small card's modal.
    await page.getByRole('button', { name: 'Edit the frequency cap' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByText('Limit how often a customer is messaged').click();
    await modal.getByLabel('Messages').fill('3');
    await modal.getByLabel('Days').fill('7');
    await modal.getByRole('button', { name: 'Save' }).click();
    await page.getByText('At most 3 marketing messages per customer every 7 days, across campaigns').waitFor();
    expect(await api('GET', '/api/campaign-settings')).toEqual({ cap: { messages: 3, days: 7 } });
  }, 60_000);

  it('refuses a holdout over 50 % on its field, then saves the draft', async () => {
    await page.getByLabel('Holdout').fill('60');
    await page.getByTestId('save-bar').getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByLabel('Holdout').getAttribute('aria-invalid')).toBe('true');
    expect((await api('GET', '/api/campaigns')).campaigns).toEqual([]);
    // 40 %: with 24 shoppers both groups have members whatever the hash puts where.
    await page.getByLabel('Holdout').fill('40');
    await page.getByTestId('save-bar').getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('save-bar').waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => window.location.pathname)).toMatch(/^\/messages\/campaigns\/[^/]+$/);
    firstId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await api('GET', `/api/campaigns/${firstId}`)).toMatchObject({
      name: 'Eid sale',
      status: 'draft',
      channel: 'email',
      holdoutPercent: 40,
      audience: { kind: 'segment' },
      variants: [{ key: 'A', weight: 1 }],
      window: null,
      sendAt: null,
    });
  }, 60_000);

  it('sends it after a confirmation stating the audience size; the report matches the API', async () => {
    await page.getByRole('button', { name: 'Send now' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByText(`Eid shoppers: ${SHOPPERS} customers today, ${SHOPPERS} reachable by Email.`).waitFor();
    await modal.getByRole('button', { name: 'Send now' }).click();
    await page.getByTestId('campaign-status').getByText('Scheduled').waitFor();
    await runJobs();
    await page.reload();
    await page.getByTestId('campaign-status').getByText('Sent').waitFor();
    const report = await api('GET', `/api/campaigns/${firstId}/report`);
    const groups = report.groups as Array<Record<string, number | string>>;
    const a = groups.find((g) => g.group === 'A')!;
    const holdout = groups.find((g) => g.group === 'holdout')!;
    expect(Number(a.recipients) + Number(holdout.recipients)).toBe(SHOPPERS);
    expect(Number(a.sent)).toBe(Number(a.recipients));
    const table = page.getByTestId('campaign-report');
    const sentRow = table.getByRole('row', { name: /^Messaged group/ });
    await sentRow.waitFor();
    const cells = await sentRow.locator('th, td').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['Messaged group', String(a.recipients), String(a.sent), String(a.delivered)]);
    // The open pixel is off by default: opens are not counted, and the report says so.
    expect(cells[4]).toBe('—');
    await page.getByText('Opens are not counted: open tracking is off').waitFor();
    expect(
      await table
        .getByRole('row', { name: /^Holdout/ })
        .locator('th, td')
        .nth(1)
        .textContent(),
    ).toBe(String(holdout.recipients));
    await page.getByTestId('campaign-lift').getByText('not yet significant', { exact: false }).waitFor();
    // Recipients: every shopper of the segment, with the message's status.
    const rows = page.getByTestId('campaign-recipients').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(SHOPPERS);
    expect(await page.getByTestId('campaign-recipients').getByText('Held out').count()).toBe(Number(holdout.recipients));
    await settled(page);
    await expectAccessible(page, 'campaigns-report-en');
    await shot(page, 'campaigns-report-en');
    // The list shows it sent, with the report's figures.
    await page.getByRole('link', { name: 'Campaigns' }).first().click();
    const row = page.getByTestId('message-campaigns').getByRole('row', { name: /Eid sale/ });
    await row.getByText(`${a.delivered} delivered`, { exact: false }).waitFor();
    expect(await row.textContent()).toContain('Sent');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('in Urdu: the editor right to left, a campaign scheduled for tomorrow, then cancelled', async () => {
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'ur'));
    await page.goto(`${server.url}/messages/campaigns/new`);
    const c = ur.messages.campaigns;
    await page.getByRole('heading', { name: c.editor.newTitle, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByLabel(c.editor.name).fill('عید کی دوسری یاد دہانی');
    await page.getByLabel(c.editor.segmentField, { exact: true }).selectOption({ label: 'Eid shoppers' });
    await page.getByLabel(c.editor.template, { exact: true }).selectOption({ label: 'Eid greeting' });
    await page.getByRole('button', { name: ur.messages.templates.languages.ur, exact: true }).click();
    await expect.poll(() => page.getByTestId('template-preview-subject').textContent()).toMatch(/^عید مبارک/);
    expect(await page.getByTestId('template-preview-subject').getAttribute('dir')).toBe('rtl');
    // Polaris draws its own radio over the input: click the label.
    await page.getByText(c.editor.sendLater, { exact: true }).click();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T10:00`;
    await page.getByLabel(c.editor.sendAt).fill(local);
    await expect.poll(frameHtmlDir).toBe('rtl');
    await expectAccessible(page, 'campaigns-editor-ur');
    await shot(page, 'campaigns-editor-ur');
    await page.getByRole('button', { name: c.scheduleAction }).first().click();
    const modal = page.getByRole('dialog');
    await modal.getByRole('heading', { name: c.confirm.scheduleTitle }).waitFor();
    await modal.getByRole('button', { name: c.scheduleAction }).click();
    const status = page.getByTestId('campaign-status');
    await status.getByText(c.status.scheduled, { exact: true }).waitFor();
    const second = (await api('GET', '/api/campaigns')).campaigns.find((x: any) => x.name === 'عید کی دوسری یاد دہانی');
    expect(second).toMatchObject({ status: 'scheduled', sendAt: expect.stringMatching(/T/) });
    expect(Date.parse(second.sendAt)).toBeGreaterThan(Date.now());
    await page.getByRole('button', { name: c.cancel }).click();
    await page.getByRole('dialog').getByRole('button', { name: c.cancel }).click();
    await status.getByText(c.status.cancelled, { exact: true }).waitFor();
    // The cancel action goes with the status it cancels.
    await page.getByRole('button', { name: c.cancel }).waitFor({ state: 'detached' });
    expect((await api('GET', `/api/campaigns/${second.id}`)).status).toBe('cancelled');
  }, 90_000);

  it('in Urdu: the sent campaign’s report, right to left', async () => {
    await page.goto(`${server.url}/messages/campaigns/${encodeURIComponent(firstId)}`);
    const c = ur.messages.campaigns;
    await page.getByTestId('campaign-status').getByText(c.status.sent, { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page
      .getByTestId('campaign-report')
      .getByRole('row', { name: new RegExp(`^${c.report.holdout}`) })
      .waitFor();
    await page.getByTestId('campaign-lift').getByText('ابھی معتبر نہیں', { exact: false }).waitFor();
    await settled(page);
    await expectAccessible(page, 'campaigns-report-ur');
    await shot(page, 'campaigns-report-ur');
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'en'));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
