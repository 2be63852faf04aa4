import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { composeMessage } from '../../src/crm/messaging/compose.service.ts';
import type { NewMessage } from '../../src/crm/messaging/messages.port.ts';
import { queueMessage } from '../../src/crm/messaging/messages.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import { query } from '../../src/db/sql/executor.ts';
import { customer, order } from '../helpers/canonical.ts';
import { loginToken } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Tracked mail end to end through a real SMTP server: the shop's links in a sent email go through
// Rapport's signed redirect (the unsubscribe link does not), the open pixel only when the shop
// turned it on; a click redirects and is recorded, a tampered link is refused; an order placed
// after the click counts for that message once (within the shop's window, not after it); the
// unsubscribe is recorded on the message it came in; the shop's default language feeds the
// language chain. Settings through the admin API, checked.

const SHOP = 'tracking-test.myshopify.com';
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let server: TestServer;
let accountId: string;
let shop: string;
let customerId: string;
let token: string;
let n = 0;

async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  return (smtp.server.address() as AddressInfo).port;
}

const message = (over: Partial<NewMessage> = {}): NewMessage => ({
  accountId,
  customerId,
  channel: 'email',
  purpose: 'marketing',
  source: 'campaign',
  sourceId: 'cmp_eid',
  idempotencyKey: `tracking-test:${++n}`,
  to: 'ayesha@example.pk',
  language: 'en',
  dir: 'ltr',
  subject: 'Eid offer',
  html: '<!doctype html><html><body><p><a class="cta" href="https://shop.example/eid?utm=1&amp;x=2">Shop now</a> <a href="mailto:help@shop.example">Help</a></p></body></html>',
  text: 'Shop now: https://shop.example/eid',
  ...over,
});

const queue = (m: NewMessage) => server.runtime.store.transaction((r) => queueMessage(r, m, new Date().toISOString()));
const send = () => sendDueMessages(server.runtime.messaging.sender);
const rows = <T>(sql: string, params: Record<string, unknown>) => server.runtime.database.x.all<T>(query(sql), params);

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const trackedLinks = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);

beforeAll(async () => {
  const port = await startSmtp();
  server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Lahore Lawn <hello@lawn.example>' });
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Lahore Lawn', 'PKR');
  shop = (await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' })).id;
  await t.createAdminUser(accountId, 'owner@lawn.example', 'correct horse battery');
  token = await loginToken(server, 'owner@lawn.example', 'correct horse battery');
  await applyEvent(server.runtime.store, shop, {
    type: 'customer.upserted',
    customer: customer('c1', { email: 'ayesha@example.pk', firstName: 'Ayesha' }),
  });
  await applyEvent(server.runtime.store, shop, {
    type: 'customer.consent',
    externalId: 'c1',
    email: 'ayesha@example.pk',
    phone: null,
    consents: [{ channel: 'email', state: 'subscribed', source: 'shopify', detail: 'subscribed', decidedAt: '2026-01-01T00:00:00.000Z' }],
  });
  customerId = (await server.runtime.store.transaction((r) => r.customers.findIdentity(shop, 'c1')))!.customerId;
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

describe('messaging settings', () => {
  it('answers the defaults, refuses a bad window with the field, and saves', async () => {
    expect((await api('GET', '/api/messaging-settings')).body).toEqual({
      defaultLanguage: null,
      openTracking: false,
      clickTracking: true,
      attributionWindowDays: 5,
      updatedAt: null,
    });
    const bad = await api('PUT', '/api/messaging-settings', {
      defaultLanguage: 'fr',
      openTracking: true,
      clickTracking: true,
      attributionWindowDays: 0,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/attributionWindowDays/);
    expect(JSON.stringify(bad.body)).toMatch(/defaultLanguage/);
    expect((await api('GET', '/api/messaging-settings')).body.updatedAt).toBeNull();
  });
});

describe('tracked mail through a real SMTP server', () => {
  let messageId: string;
  let link: string;

  it('sends the shop links through the signed redirect, without the pixel by default', async () => {
    messageId = (await queue(message())).id;
    expect(await send()).toMatchObject({ sent: 1 });
    const mail = received.at(-1)!;
    const links = trackedLinks(String(mail.html));
    expect(links).toHaveLength(2);
    expect(links[0]).toMatch(/\/c\/[\w-]+\.[\w-]{22}$/);
    expect(links[1]).toBe('mailto:help@shop.example');
    expect(String(mail.html)).not.toContain('/o/');
    link = new URL(links[0]!).pathname;
    // The stored body keeps the shop's own link (the outbox shows what the merchant wrote).
    expect((await api('GET', `/api/messages/${messageId}`)).body.html).toContain('https://shop.example/eid');
  });

  it('redirects a click to the shop and records it on the message', async () => {
    const res = await fetch(`${server.url}${link}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example/eid?utm=1&x=2');
    const [row] = await rows<{ clicked_at: string | null }>('SELECT clicked_at FROM messages WHERE id = :id', { id: messageId });
    expect(row!.clicked_at).not.toBeNull();
    const detail = await api('GET', `/api/messages/${messageId}`);
    expect(detail.body.events.map((e: { status: string }) => e.status)).toContain('clicked');
  });

  it('refuses a tampered link with 400 and records nothing', async () => {
    const before = await rows<{ n: number }>("SELECT COUNT(*) AS n FROM message_events WHERE status = 'clicked'", {});
    const tampered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const bad of [tampered, '/c/nope']) {
      const res = await fetch(`${server.url}${bad}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    expect(await rows("SELECT COUNT(*) AS n FROM message_events WHERE status = 'clicked'", {})).toEqual(before);
  });

  it('counts an order placed after the click for that message, once', async () => {
    const placedAt = new Date(Date.now() + 60_000).toISOString();
    const o = order('o1', {
      customer: customer('c1', { email: 'ayesha@example.pk' }),
      currency: 'PKR',
      totalMinor: 450_000,
      placedAt,
      updatedAt: placedAt,
    });
    await applyEvent(server.runtime.store, shop, { type: 'order.upserted', order: o });
    await applyEvent(server.runtime.store, shop, {
      type: 'order.upserted',
      order: { ...o, updatedAt: new Date(Date.now() + 120_000).toISOString() },
    });
    const attributed = await rows<{ message_id: string; source: string; source_id: string; touch: string }>(
      'SELECT message_id, source, source_id, touch FROM order_attributions WHERE account_id = :accountId',
      { accountId },
    );
    expect(attributed).toEqual([{ message_id: messageId, source: 'campaign', source_id: 'cmp_eid', touch: 'click' }]);
  });

  it("does not count an order placed after the shop's window", async () => {
    const saved = await api('PUT', '/api/messaging-settings', {
      defaultLanguage: null,
      openTracking: true,
      clickTracking: true,
      attributionWindowDays: 1,
    });
    expect(saved.status).toBe(200);
    const placedAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await applyEvent(server.runtime.store, shop, {
      type: 'order.upserted',
      order: order('o2', { customer: customer('c1', { email: 'ayesha@example.pk' }), currency: 'PKR', placedAt, updatedAt: placedAt }),
    });
    const o2 = await rows<{ n: number }>(
      "SELECT COUNT(*) AS n FROM order_attributions a JOIN orders o ON o.id = a.order_id WHERE o.external_id = 'o2' AND a.account_id = :accountId",
      { accountId },
    );
    expect(Number(o2[0]!.n)).toBe(0);
  });

  it('adds the open pixel where the shop turned it on, and records the open', async () => {
    const t = server.runtime.tenancy;
    const other = await t.createAccount('Multan Mangoes', 'PKR');
    const otherShop = (
      await t.upsertConnection({ accountId: other, platform: 'shopify', domain: 'mangoes.myshopify.com', currency: 'PKR' })
    ).id;
    await applyEvent(server.runtime.store, otherShop, {
      type: 'customer.upserted',
      customer: customer('m1', { email: 'bilal@example.pk' }),
    });
    const bilal = (await server.runtime.store.transaction((r) => r.customers.findIdentity(otherShop, 'm1')))!.customerId;
    await server.runtime.messaging.settings.save(
      other,
      { defaultLanguage: null, openTracking: true, clickTracking: false, attributionWindowDays: 5 },
      new Date().toISOString(),
    );
    const { id } = await queue(message({ accountId: other, customerId: bilal, to: 'bilal@example.pk', purpose: 'transactional' }));
    await send();
    const html = String(received.at(-1)!.html);
    expect(html).toContain('href="https://shop.example/eid?utm=1&amp;x=2"'); // click tracking off there
    const pixel = html.match(/src="([^"]+\/o\/[^"]+\.gif)"/)?.[1];
    expect(pixel).toBeDefined();
    const res = await fetch(`${server.url}${new URL(pixel!).pathname}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 6)
        .toString(),
    ).toBe('GIF89a');
    const [row] = await rows<{ opened_at: string | null }>('SELECT opened_at FROM messages WHERE id = :id', { id });
    expect(row!.opened_at).not.toBeNull();
    // A pixel of a message that is not Rapport's is still a pixel, and records nothing.
    const stray = await fetch(`${server.url}/o/nope.gif`);
    expect(stray.status).toBe(200);
  });

  it('records the unsubscribe on the message it came in', async () => {
    const list = received.find((m) => m.subject === 'Eid offer')!.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const path = new URL(list.replace(/^[^<]*<|>.*$/g, '')).pathname;
    const res = await fetch(`${server.url}${path}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    const detail = await api('GET', `/api/messages/${messageId}`);
    expect(detail.body.events.map((e: { status: string }) => e.status)).toContain('unsubscribed');
  });

  it("uses the shop's default language after the shopper's own", async () => {
    await api('PUT', '/api/messaging-settings', {
      defaultLanguage: 'ur',
      openTracking: false,
      clickTracking: true,
      attributionWindowDays: 5,
    });
    const template = {
      id: 'tpl_x',
      accountId,
      name: 'x',
      channel: 'email',
      purpose: 'transactional' as const,
      variants: {
        en: { subject: 'Hello', body: '<mj-section><mj-column><mj-text>Hello</mj-text></mj-column></mj-section>' },
        ur: { subject: 'السلام علیکم', body: '<mj-section><mj-column><mj-text>السلام علیکم</mj-text></mj-column></mj-section>' },
      },
      createdAt: '',
      updatedAt: '',
    };
    const composed = await composeMessage(
      server.runtime.messaging.compose,
      { accountId, customerId, template, source: 'flow', sourceId: null, idempotencyKey: 'lang' },
      new Date().toISOString(),
    );
    expect(composed).toMatchObject({ outcome: 'composed', message: { language: 'ur', dir: 'rtl', subject: 'السلام علیکم' } });
  });
});
