import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { runCodConfirmations } from '../../src/crm/cod/cod-confirmation.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import ur from '../../web/src/locales/ur.json' with { type: 'json' };
import { startWhatsAppFake, type WhatsAppFake } from '../fakes/whatsapp.fake.ts';
import { expectAccessible, settled, shot, SHOTS } from '../helpers/admin-page.ts';
import { launchChromium } from '../helpers/browser.ts';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify } from '../helpers/signed.ts';

// Settings › WhatsApp and the WhatsApp template editor end to end in Chromium, then proof that what
// the merchant set in the panel works: in English, a number connected (the token never shown back,
// its last four are), a WhatsApp template with two languages, parameters and the COD buttons made
// and previewed (a bad Meta name refused on its field), COD confirmation turned on with it (a
// review delay before the reminder refused on its field); in Urdu, the number saved again with a
// new token, the template's Urdu variant previewed right to left and changed, the COD delays
// changed. Then, without a browser, a cash-on-delivery order arrives as a signed Shopify webhook and
// the template goes to the WhatsApp Cloud API fake in the shopper's language with its parameters
// filled. axe-core on each state; screenshots whatsapp-template-{en,ur} and cod-settings-{en,ur}
// (artifacts/screenshots; docs/whatsapp.md shows the copies in docs/screenshots).

const SHOP = 'lahore-threads-wa.myshopify.com';
const OWNER = { email: 'owner@lahore-threads.pk', password: 'correct horse battery staple' };
const OLD_TOKEN = 'EAAGold-token-from-last-year-9f3c';

let fake: WhatsAppFake;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiToken: string;
const pageErrors: string[] = [];

const apiGet = async (path: string) =>
  (await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${apiToken}` } })).json()) as Record<string, any>;

/** A screenshot from the top: a full-page shot of a scrolled page draws the sticky top bar mid-page. */
async function docShot(p: Page, name: string) {
  await p.evaluate(() => window.scrollTo(0, 0));
  await shot(p, name);
}

const whatsappCard = (p: Page) => p.getByTestId('whatsapp-card');
const codCard = (p: Page) => p.getByTestId('cod-card');
const preview = (p: Page) => p.getByTestId('template-preview');

beforeAll(async () => {
  ensureWebBuild({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  fake = await startWhatsAppFake();
  server = await startTestServer({
    WHATSAPP_GRAPH_URL: fake.url,
    WHATSAPP_API_VERSION: fake.version,
    WHATSAPP_APP_SECRET: fake.appSecret,
    WHATSAPP_VERIFY_TOKEN: 'verify-token-for-the-panel-test',
  });
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Threads', 'PKR');
  await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' });
  await t.createAdminUser(accountId, OWNER.email, OWNER.password);
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
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
  await fake?.close();
});

describe('WhatsApp in the panel (Chromium)', () => {
  it('connects a number in Settings: the token is never shown back, its last four are', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    const card = whatsappCard(page);
    await card.getByText('No WhatsApp number is connected.').waitFor();
    // Nothing filled in: each missing field says so, and nothing is saved.
    await card.getByRole('button', { name: 'Save number' }).click();
    await expect.poll(() => card.locator('.Polaris-InlineError').count()).toBeGreaterThanOrEqual(3);
    expect((await apiGet('/api/whatsapp')).number).toBeNull();

    await card.getByLabel('Phone number ID').fill(fake.phoneNumberId);
    await card.getByLabel('WhatsApp Business Account ID').fill(fake.wabaId);
    await card.getByLabel('Phone number shoppers see').fill(`+${fake.displayPhone}`);
    await card.getByLabel('Access token').fill(OLD_TOKEN);
    await card.getByRole('button', { name: 'Save number' }).click();
    await card.getByText(`Connected: +${fake.displayPhone} (access token …9f3c)`).waitFor();
    expect(await card.getByLabel('Access token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(OLD_TOKEN);
    expect((await apiGet('/api/whatsapp')).number).toMatchObject({ phoneNumberId: fake.phoneNumberId, tokenHint: '…9f3c' });
    // No template can confirm orders yet: the COD card says what to create at Meta.
    await codCard(page).getByTestId('cod-how-to').getByText('two quick-reply buttons, Confirm and Cancel', { exact: false }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('creates a WhatsApp template with two languages, parameters and the COD buttons, and previews it', async () => {
    await page.goto(`${server.url}/messages/templates`);
    await page.getByRole('heading', { name: 'Message templates', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('COD confirmation');
    await page.getByLabel('Channel').selectOption('whatsapp');
    await page.getByLabel('Purpose').selectOption('transactional');
    await page.getByRole('tab', { name: 'English (not written)' }).click();
    expect(await page.getByLabel('Meta language code').inputValue()).toBe('en');
    await page.getByLabel('Template name at Meta').fill('COD Confirm');
    await page.getByRole('button', { name: 'Add parameter' }).click();
    await page.getByRole('textbox', { name: 'Parameter {{1}}' }).fill('{{ first_name }}');
    await page.getByRole('button', { name: 'Add parameter' }).click();
    await page.getByLabel('Insert a merge field into {{2}}').selectOption('order.number');
    expect(await page.getByRole('textbox', { name: 'Parameter {{2}}' }).inputValue()).toBe('{{ order.number }}');
    await page.getByRole('button', { name: 'Add the COD buttons (Confirm, Cancel)' }).click();
    expect(await page.getByLabel('Button 1 payload').inputValue()).toBe('COD_CONFIRM');
    expect(await page.getByLabel('Button 2 payload').inputValue()).toBe('COD_CANCEL');

    // Meta's names are lower case: the API's 400 shows on the field itself.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('template-field-errors').getByText('English').waitFor();
    const nameField = page.getByLabel('Template name at Meta');
    await expect.poll(() => nameField.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('lower-case letters, digits and _ (as approved at Meta)').first().waitFor();
    await nameField.fill('cod_confirm');

    // The sample shopper's values, one per {{N}}, and the buttons.
    await expect.poll(() => preview(page).getByTestId('template-preview-param-1').textContent(), { timeout: 20_000 }).toBe('Ayesha');
    expect(await preview(page).getByTestId('template-preview-whatsapp-name').textContent()).toBe('cod_confirm · en');
    expect(await preview(page).getByTestId('template-preview-param-2').textContent()).toBe('#1042');
    expect(await preview(page).getByTestId('template-preview-button-2').textContent()).toBe('COD_CANCEL');
    await expectAccessible(page, 'whatsapp-template-en');
    await docShot(page, 'whatsapp-template-en');

    // Urdu from the English one: the Meta code becomes Urdu's, the values right to left.
    await page.getByRole('tab', { name: 'Urdu (not written)' }).click();
    await page.getByRole('button', { name: 'Start from the English version' }).click();
    expect(await page.getByLabel('Meta language code').inputValue()).toBe('ur');
    await expect
      .poll(() => preview(page).getByTestId('template-preview-whatsapp-name').textContent(), { timeout: 20_000 })
      .toBe('cod_confirm · ur');
    expect(await preview(page).getByTestId('template-preview-param-1').getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Template “COD confirmation” saved').waitFor();
    const row = page.getByRole('row', { name: /COD confirmation/ });
    await row.getByText('WhatsApp', { exact: true }).waitFor();
    await row.getByText('English and Urdu').waitFor();
    const saved = (await apiGet('/api/message-templates')).templates[0];
    expect(saved).toMatchObject({
      channel: 'whatsapp',
      purpose: 'transactional',
      variants: {
        en: {
          whatsapp: {
            template: 'cod_confirm',
            metaLanguage: 'en',
            params: ['{{ first_name }}', '{{ order.number }}'],
            buttons: ['COD_CONFIRM', 'COD_CANCEL'],
          },
        },
        ur: {
          whatsapp: {
            template: 'cod_confirm',
            metaLanguage: 'ur',
            params: ['{{ first_name }}', '{{ order.number }}'],
            buttons: ['COD_CONFIRM', 'COD_CANCEL'],
          },
        },
      },
    });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('turns on COD confirmation with that template; a review delay before the reminder is refused on its field', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await settled(page);
    const card = codCard(page);
    await card.getByLabel('WhatsApp template').selectOption({ label: 'COD confirmation' });
    expect(await card.getByTestId('cod-how-to').count()).toBe(0);
    await card.getByLabel('Ask shoppers to confirm COD orders').check();
    await card.getByLabel('Reminder after (hours)').fill('6');
    await card.getByLabel('Tag for review after (hours)').fill('4');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('after reminderHours').waitFor();
    expect(await card.getByLabel('Tag for review after (hours)').getAttribute('aria-invalid')).toBe('true');
    expect((await apiGet('/api/cod-confirmation')).enabled).toBe(false);
    await card.getByLabel('Tag for review after (hours)').fill('30');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('COD confirmation settings saved').waitFor();
    expect(await apiGet('/api/cod-confirmation')).toMatchObject({ enabled: true, reminderHours: 6, reviewHours: 30, cancelAtStore: false });
    await settled(page);
    await expectAccessible(page, 'cod-settings-en');
    await docShot(page, 'cod-settings-en');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('in Urdu: saves the number with a new token, previews the Urdu variant right to left, changes the COD delays', async () => {
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'ur'));
    await page.reload();
    await page.getByRole('heading', { name: ur.settings.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const number = whatsappCard(page);
    const connected = (hint: string) => ur.whatsapp.connected.replace('{{phone}}', `+${fake.displayPhone}`).replace('{{token}}', hint);
    await number.getByText(connected('…9f3c')).waitFor();
    await number.getByLabel(ur.whatsapp.phoneNumberId).fill(fake.phoneNumberId);
    await number.getByLabel(ur.whatsapp.wabaId).fill(fake.wabaId);
    await number.getByLabel(ur.whatsapp.displayPhone).fill(`+${fake.displayPhone}`);
    await number.getByLabel(ur.whatsapp.accessToken).fill(fake.accessToken);
    await number.getByRole('button', { name: ur.whatsapp.connect }).click();
    await number.getByText(connected(`…${fake.accessToken.slice(-4)}`)).waitFor();
    expect(await page.content()).not.toContain(fake.accessToken);

    const card = codCard(page);
    await expect.poll(() => card.getByLabel(ur.cod.reminderHours).inputValue()).toBe('6');
    expect(await card.getByLabel(ur.cod.template).locator('option:checked').textContent()).toBe('COD confirmation');
    await card.getByLabel(ur.cod.reminderHours).fill('8');
    await card.getByRole('button', { name: ur.common.save, exact: true }).click();
    await card.getByText(ur.cod.saved).waitFor();
    expect(await apiGet('/api/cod-confirmation')).toMatchObject({ enabled: true, reminderHours: 8, reviewHours: 30 });
    await settled(page);
    await expectAccessible(page, 'cod-settings-ur');
    await docShot(page, 'cod-settings-ur');

    await page.goto(`${server.url}/messages/templates`);
    await page.getByRole('heading', { name: ur.messages.templates.title, level: 1 }).waitFor();
    await page.getByRole('button', { name: ur.common.editNamed.replace('{{name}}', 'COD confirmation') }).click();
    await page.getByRole('tab', { name: ur.messages.templates.languages.ur, exact: true }).click();
    const first = page.getByRole('textbox', { name: ur.messages.templates.whatsapp.param.replace('{{placeholder}}', '{{1}}') });
    await first.fill('{{ first_name | default: "دوست" }}');
    await expect
      .poll(() => preview(page).getByTestId('template-preview-whatsapp-name').textContent(), { timeout: 20_000 })
      .toBe('cod_confirm · ur');
    await expect.poll(() => preview(page).getByTestId('template-preview-param-1').textContent()).toBe('Ayesha');
    expect(await preview(page).getByTestId('template-preview-param-1').getAttribute('dir')).toBe('rtl');
    await expectAccessible(page, 'whatsapp-template-ur');
    await docShot(page, 'whatsapp-template-ur');
    await page.getByRole('button', { name: ur.common.save, exact: true }).click();
    await page.getByText(ur.messages.templates.saved.replace('{{name}}', 'COD confirmation')).waitFor();
    expect((await apiGet('/api/message-templates')).templates[0].variants.ur.whatsapp.params[0]).toBe('{{ first_name | default: "دوست" }}');
    await page.evaluate(() => window.localStorage.setItem('rapport.language', 'en'));
    expect(pageErrors).toEqual([]);
  }, 90_000);
});

describe('what the panel set works', () => {
  it('a new COD order from a signed Shopify webhook gets the template on WhatsApp, in Urdu, with its parameters filled', async () => {
    const now = new Date().toISOString();
    const body = fixture('shopify/order-cod-pending.json', (o) => {
      o.id = 450789470;
      o.name = '#2452';
      o.created_at = now;
      o.updated_at = now;
      o.processed_at = now;
      o.customer = { ...(o.customer as object), locale: 'ur', updated_at: now };
    });
    expect((await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body })).status).toBe(200);
    await server.drain();
    const before = fake.sent.length;
    expect(await runCodConfirmations(server.runtime.cod)).toMatchObject({ asked: 1 });
    expect(await sendDueMessages(server.runtime.messaging.sender)).toMatchObject({ sent: 1 });
    expect(fake.sent).toHaveLength(before + 1);
    expect(fake.sent.at(-1)!.phoneNumberId).toBe(fake.phoneNumberId);
    expect(fake.sent.at(-1)!.body).toMatchObject({
      to: '923001234567',
      type: 'template',
      template: {
        name: 'cod_confirm',
        language: { code: 'ur' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'عائشہ' },
              { type: 'text', text: '#2452' },
            ],
          },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'COD_CONFIRM' }] },
          { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'COD_CANCEL' }] },
        ],
      },
    });
  }, 60_000);
});
