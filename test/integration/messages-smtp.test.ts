import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import type { NewMessage } from '../../src/crm/messaging/messages.port.ts';
import { queueMessage } from '../../src/crm/messaging/messages.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import { customer } from '../helpers/canonical.ts';
import { loginToken } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Email end to end through a real SMTP server process on localhost (smtp-server, parsed with
// mailparser): a marketing email arrives with its subject, right-to-left html, a text part and
// both List-Unsubscribe headers; the one-click POST to the received link unsubscribes the shopper,
// so the next marketing message is suppressed at send time and never reaches the server, while a
// transactional one still goes. Idempotency keys queue once; the outbox API shows what happened.

const SHOP = 'smtp-test.myshopify.com';
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let server: TestServer;
let accountId: string;
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
  source: 'test',
  sourceId: null,
  idempotencyKey: `smtp-test:${++n}`,
  to: 'ayesha@example.pk',
  language: 'ur',
  dir: 'rtl',
  subject: 'عید کی پیشکش',
  html: '<!doctype html><html dir="rtl" lang="ur"><body><p>عائشہ، عید مبارک!</p></body></html>',
  text: 'عائشہ، عید مبارک!',
  ...over,
});

const queue = (m: NewMessage) => server.runtime.store.transaction((r) => queueMessage(r, m, new Date().toISOString()));
const send = () => sendDueMessages(server.runtime.messaging.sender);
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  const port = await startSmtp();
  server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Sialkot Sports <hello@sialkot.example>' });
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Sialkot Sports', 'PKR');
  const shop = (await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' })).id;
  await t.createAdminUser(accountId, 'owner@sialkot.example', 'correct horse battery');
  token = await loginToken(server, 'owner@sialkot.example', 'correct horse battery');
  const shopper = customer('c1', { email: 'ayesha@example.pk', firstName: 'عائشہ', locale: 'ur' });
  await applyEvent(server.runtime.store, shop, { type: 'customer.upserted', customer: shopper });
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

describe('email through a real SMTP server', () => {
  let unsubscribeLink: string;

  it('delivers a marketing email with its subject, rtl html, text part and one-click unsubscribe headers', async () => {
    const { id } = await queue(message());
    expect(await send()).toMatchObject({ claimed: 1, sent: 1 });
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.subject).toBe('عید کی پیشکش');
    expect(mail.html).toContain('dir="rtl"');
    expect(mail.html).toContain('عائشہ، عید مبارک!');
    expect(mail.text?.trim()).toBe('عائشہ، عید مبارک!');
    expect(mail.messageId).toBe(`<${id}@sialkot.example>`);
    expect(mail.from?.text).toContain('hello@sialkot.example');
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const list = header(mail, 'list-unsubscribe')!;
    expect(list).toMatch(/^<https?:\/\/[^>]+\/u\/[\w-]+\.[\w-]+>$/);
    unsubscribeLink = list.slice(1, -1);

    const detail = await api('GET', `/api/messages/${id}`);
    expect(detail.body).toMatchObject({ status: 'sent', provider: 'smtp', providerMessageId: `<${id}@sialkot.example>`, dir: 'rtl' });
    expect(detail.body.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sending', 'sent']);
  });

  it('unsubscribes with the one-click POST from the received header, idempotently', async () => {
    const path = new URL(unsubscribeLink).pathname;
    const confirm = await fetch(`${server.url}${path}`);
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain('dir="rtl"');
    expect(page).toContain('ان سبسکرائب کریں');
    // A GET changed nothing (link scanners follow GETs).
    const before = await server.runtime.store.transaction((r) => r.consents.get(customerId, 'email'));
    expect(before?.state).toBe('subscribed');

    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
    }
    const after = await server.runtime.store.transaction((r) => r.consents.get(customerId, 'email'));
    expect(after).toMatchObject({ state: 'unsubscribed', source: 'unsubscribe_link' });
    const profile = await api('GET', `/api/customers/${customerId}`);
    expect(profile.body.consents).toEqual([
      { channel: 'email', state: 'unsubscribed', source: 'unsubscribe_link', decidedAt: after!.decidedAt },
    ]);
  });

  it('refuses a tampered or malformed token with 400 and changes nothing', async () => {
    const path = new URL(unsubscribeLink).pathname;
    const tampered = path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const bad of [tampered, '/u/not-a-token']) {
      const res = await fetch(`${server.url}${bad}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/signature does not match|malformed token/);
    }
  });

  it('suppresses the next marketing email at send time and still sends a transactional one', async () => {
    const marketing = await queue(message({ subject: 'Another offer' }));
    const transactional = await queue(
      message({
        purpose: 'transactional',
        subject: 'Your order #1001',
        language: 'en',
        dir: 'ltr',
        html: '<p>Order confirmed</p>',
        text: 'Order confirmed',
      }),
    );
    const countBefore = received.length;
    expect(await send()).toMatchObject({ claimed: 2, sent: 1, suppressed: 1 });
    expect(received).toHaveLength(countBefore + 1);
    const mail = received.at(-1)!;
    expect(mail.subject).toBe('Your order #1001');
    expect(mail.html).toContain('dir="ltr"');
    expect(header(mail, 'list-unsubscribe')).toBeUndefined();
    expect((await api('GET', `/api/messages/${marketing.id}`)).body).toMatchObject({ status: 'suppressed', error: 'not_subscribed' });
    expect((await api('GET', `/api/messages/${transactional.id}`)).body).toMatchObject({ status: 'sent' });

    const timeline = await server.runtime.ports.customers.timeline(accountId, customerId, 50, undefined, [
      'message_sent',
      'message_suppressed',
    ]);
    expect(timeline!.events.map((e) => e.kind).sort()).toEqual(['message_sent', 'message_sent', 'message_suppressed']);
  });

  it('queues a test email once per idempotency key, to the signed-in staff member by default', async () => {
    const body = { subject: 'Test', html: '<p>Hello</p>', text: 'Hello', idempotencyKey: 'click-1' };
    const first = await api('POST', '/api/messages/test', body);
    const again = await api('POST', '/api/messages/test', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ outcome: 'queued', to: 'owner@sialkot.example' });
    expect(again.body).toEqual({ ...first.body, outcome: 'duplicate' });
    const countBefore = received.length;
    await send();
    expect(received).toHaveLength(countBefore + 1);
    expect(received.at(-1)!.to).toMatchObject({ text: 'owner@sialkot.example' });

    const list = await api('GET', '/api/messages?first=2');
    expect(list.body.emailProvider).toBe('smtp');
    expect(list.body.messages[0]).toMatchObject({ id: first.body.id, source: 'test', purpose: 'transactional', status: 'sent' });
    expect(list.body.messages[0]).not.toHaveProperty('html');
    const next = await api('GET', `/api/messages?first=2&after=${list.body.endCursor}`);
    expect(next.body.messages).toHaveLength(2);
    expect((await api('GET', '/api/messages?after=nonsense')).status).toBe(400);
    expect((await api('POST', '/api/messages/test', { subject: '', html: '<p/>', text: 'x' })).status).toBe(400);
  });

  it('signs with DKIM, the one-click headers included', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { createEmailChannel } = await import('../../src/channels/email/email.channel.ts');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const channel = createEmailChannel({
      smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      from: 'Sialkot Sports <hello@sialkot.example>',
      dkim: {
        domainName: 'sialkot.example',
        keySelector: 'rapport',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      ratePerSecond: 1000,
    });
    try {
      const outcome = await channel.send({
        id: 'msg_dkim',
        accountId,
        channel: 'email',
        purpose: 'marketing',
        to: 'ayesha@example.pk',
        language: 'en',
        dir: 'ltr',
        subject: 'Signed',
        html: '<p>Signed</p>',
        text: 'Signed',
        unsubscribeUrl: 'https://rapport.example/u/x.y',
      });
      expect(outcome).toMatchObject({ outcome: 'sent', provider: 'smtp', providerMessageId: '<msg_dkim@sialkot.example>' });
      const mail = received.at(-1)!;
      const signature = mail.headerLines.find((h) => h.key === 'dkim-signature')!.line.replace(/\s+/g, ' ');
      expect(signature).toContain('d=sialkot.example');
      expect(signature).toContain('s=rapport');
      const signed = /(?:^|[;\s])h=([^;]+)/
        .exec(signature)![1]!
        .toLowerCase()
        .split(':')
        .map((h) => h.trim());
      expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']));
    } finally {
      await channel.close();
    }
  });

  it('retries a refused send with backoff, then fails it for good on a permanent refusal', async () => {
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const err = new Error(address.address.startsWith('later') ? 'Mailbox busy, try later' : 'No such user') as Error & {
          responseCode: number;
        };
        err.responseCode = address.address.startsWith('later') ? 450 : 550;
        callback(err);
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    const { createEmailChannel } = await import('../../src/channels/email/email.channel.ts');
    const channel = createEmailChannel({
      smtpUrl: `smtp://127.0.0.1:${(refusing.server.address() as AddressInfo).port}`,
      from: 'Shop <hello@sialkot.example>',
      ratePerSecond: 1000,
    });
    try {
      const later = await queue(message({ purpose: 'transactional', to: 'later@example.pk' }));
      const never = await queue(message({ purpose: 'transactional', to: 'never@example.pk' }));
      const deps = { ...server.runtime.messaging.sender, channels: new Map([['email' as const, channel]]) };
      expect(await sendDueMessages(deps)).toMatchObject({ claimed: 2, retried: 1, failed: 1 });
      const l = (await api('GET', `/api/messages/${later.id}`)).body;
      expect(l).toMatchObject({ status: 'queued', attempts: 1 });
      expect(l.error).toContain('450');
      expect((await api('GET', `/api/messages/${never.id}`)).body).toMatchObject({ status: 'failed', attempts: 1 });
      // Not due again before its backoff.
      expect(await sendDueMessages(deps)).toMatchObject({ claimed: 0 });
      const inAMinute = () => new Date(Date.now() + 60_000);
      expect(await sendDueMessages(deps, inAMinute)).toMatchObject({ claimed: 1, retried: 1 });
    } finally {
      await channel.close();
      await new Promise<void>((r) => refusing.close(() => r()));
    }
  });
});
