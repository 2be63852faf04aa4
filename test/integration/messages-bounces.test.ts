import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboundSmtp, type InboundSmtp } from '../../src/channels/email/inbound-smtp.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { recordDeliveryReport } from '../../src/crm/messaging/delivery-reports.service.ts';
import type { NewMessage } from '../../src/crm/messaging/messages.port.ts';
import { queueMessage } from '../../src/crm/messaging/messages.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { customer } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Bounces and complaints end to end over real SMTP both ways: mail leaves through a real SMTP
// server with the bounce address as its envelope sender; a delivery status notification (RFC 3464)
// and an abuse report (RFC 5965) about it, sent by a real SMTP client to Rapport's inbound listener,
// mark the message bounced and suppress the address, or suppress it and unsubscribe the shopper.
// Soft bounces, reports about another address and mail that is no report change nothing.

let outgoing: SMTPServer;
const received: Array<{ mail: ParsedMail; mailFrom: string }> = [];
let server: TestServer;
let inbound: InboundSmtp;
let accountId: string;
let shop: string;
let n = 0;
const customers: Record<string, string> = {};

async function startOutgoing(): Promise<number> {
  outgoing = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ mail, mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '' });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => outgoing.listen(0, '127.0.0.1', () => resolve()));
  return (outgoing.server.address() as AddressInfo).port;
}

const message = (to: string, over: Partial<NewMessage> = {}): NewMessage => ({
  accountId,
  customerId: customers[to]!,
  channel: 'email',
  purpose: 'transactional',
  source: 'test',
  sourceId: null,
  idempotencyKey: `bounce-test:${++n}`,
  to,
  language: 'en',
  dir: 'ltr',
  subject: `Order update ${n}`,
  html: '<p>Your order is on its way</p>',
  text: 'Your order is on its way',
  ...over,
});

async function sendOne(to: string): Promise<{ id: string; messageIdHeader: string }> {
  const { id } = await server.runtime.store.transaction((r) => queueMessage(r, message(to), new Date().toISOString()));
  await sendDueMessages(server.runtime.messaging.sender);
  const last = received.at(-1)!;
  expect(last.mail.messageId).toContain(id);
  return { id, messageIdHeader: last.mail.messageId! };
}

/** Hands a raw mail to Rapport's inbound listener through a real SMTP client; resolves with the server's answer. */
async function deliverToRapport(raw: string): Promise<{ ok: true } | { ok: false; code: number | undefined; message: string }> {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true });
  try {
    await client.sendMail({ envelope: { from: 'mailer-daemon@mx.example.pk', to: 'bounces@lawn.example' }, raw });
    return { ok: true };
  } catch (err) {
    const e = err as { responseCode?: number; message: string };
    return { ok: false, code: e.responseCode, message: e.message };
  } finally {
    client.close();
  }
}

const dsn = (
  recipient: string,
  messageIdHeader: string,
  action: string,
  status: string,
) => `From: Mail Delivery System <MAILER-DAEMON@mx.example.pk>
To: bounces@lawn.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn.${++n}@mx.example.pk>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.pk

Final-Recipient: rfc822; ${recipient}
Action: ${action}
Status: ${status}
Diagnostic-Code: smtp; 550 ${status} <${recipient}>: Recipient address rejected: User unknown

--B1
Content-Type: text/rfc822-headers

From: Lahore Lawn <hello@lawn.example>
To: ${recipient}
Subject: Order update
Message-ID: ${messageIdHeader}

--B1--
`;

const arf = (recipient: string, messageIdHeader: string) => `From: Feedback Loop <fbl@isp.example>
To: bounces@lawn.example
Subject: Abuse report
Message-ID: <arf.${++n}@isp.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="A1"

--A1
Content-Type: text/plain; charset=us-ascii

This is an email abuse report for an email message received from IP 203.0.113.7.

--A1
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: SomeISP-FBL/1.0
Version: 1
Original-Rcpt-To: <${recipient}>

--A1
Content-Type: message/rfc822

From: Lahore Lawn <hello@lawn.example>
To: ${recipient}
Subject: Eid offer
Message-ID: ${messageIdHeader}

Shop now
--A1--
`;

const status = (id: string) => server.runtime.ports.messaging.queries.get(accountId, id);
const suppressed = (address: string) => server.runtime.store.transaction((r) => r.messages.isSuppressed(accountId, 'email', address));

beforeAll(async () => {
  const port = await startOutgoing();
  server = await startTestServer({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'Lahore Lawn <hello@lawn.example>',
    MAIL_BOUNCE_ADDRESS: 'bounces@lawn.example',
  });
  inbound = await startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    onReport: (report) => recordDeliveryReport(server.runtime.store, report, new Date().toISOString()),
    logger: createLogger('silent'),
  });
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Lahore Lawn', 'PKR');
  shop = (await t.upsertConnection({ accountId, platform: 'shopify', domain: 'lawn-bounces.myshopify.com', currency: 'PKR' })).id;
  for (const [ext, email] of [
    ['b1', 'gone@example.pk'],
    ['b2', 'full@example.pk'],
    ['b3', 'spam@example.pk'],
    ['b4', 'other@example.pk'],
  ] as const) {
    await applyEvent(server.runtime.store, shop, { type: 'customer.upserted', customer: customer(ext, { email }) });
    customers[email] = (await server.runtime.store.transaction((r) => r.customers.findIdentity(shop, ext)))!.customerId;
  }
  await applyEvent(server.runtime.store, shop, {
    type: 'customer.consent',
    externalId: 'b3',
    email: 'spam@example.pk',
    phone: null,
    consents: [{ channel: 'email', state: 'subscribed', source: 'shopify', detail: 'subscribed', decidedAt: '2026-01-01T00:00:00.000Z' }],
  });
});

afterAll(async () => {
  await inbound?.close();
  await server?.close();
  await new Promise<void>((r) => (outgoing ? outgoing.close(() => r()) : r()));
});

describe('bounces and complaints over real SMTP', () => {
  it('sends with the bounce address as the envelope sender', async () => {
    await sendOne('gone@example.pk');
    expect(received.at(-1)!.mailFrom).toBe('bounces@lawn.example');
    expect(received.at(-1)!.mail.from?.text).toContain('hello@lawn.example');
  });

  it('a hard bounce marks the message bounced, suppresses the address, and the next mail there is not sent', async () => {
    const sent = await sendOne('gone@example.pk');
    expect(await deliverToRapport(dsn('gone@example.pk', sent.messageIdHeader, 'failed', '5.1.1'))).toEqual({ ok: true });
    const m = await status(sent.id);
    expect(m).toMatchObject({ status: 'bounced' });
    expect(m!.error).toContain('User unknown');
    expect(await suppressed('gone@example.pk')).toBe(true);
    // A replayed report changes nothing more.
    expect(await deliverToRapport(dsn('gone@example.pk', sent.messageIdHeader, 'failed', '5.1.1'))).toEqual({ ok: true });
    expect((await status(sent.id))!.events.filter((e) => e.status === 'bounced')).toHaveLength(1);

    const before = received.length;
    const { id } = await server.runtime.store.transaction((r) => queueMessage(r, message('gone@example.pk'), new Date().toISOString()));
    await sendDueMessages(server.runtime.messaging.sender);
    expect(received).toHaveLength(before);
    expect(await status(id)).toMatchObject({ status: 'suppressed', error: 'address_suppressed' });
  });

  it('a soft bounce, or a report about another address, changes nothing', async () => {
    const sent = await sendOne('full@example.pk');
    expect(await deliverToRapport(dsn('full@example.pk', sent.messageIdHeader, 'delayed', '4.2.2'))).toEqual({ ok: true });
    expect(await deliverToRapport(dsn('someone-else@example.pk', sent.messageIdHeader, 'failed', '5.1.1'))).toEqual({ ok: true });
    expect(await status(sent.id)).toMatchObject({ status: 'sent' });
    expect(await suppressed('full@example.pk')).toBe(false);
  });

  it('a complaint suppresses the address and unsubscribes the shopper from marketing', async () => {
    const sent = await sendOne('spam@example.pk');
    expect(await deliverToRapport(arf('spam@example.pk', sent.messageIdHeader))).toEqual({ ok: true });
    expect(await suppressed('spam@example.pk')).toBe(true);
    const consent = await server.runtime.store.transaction((r) => r.consents.get(customers['spam@example.pk']!, 'email'));
    expect(consent).toMatchObject({ state: 'unsubscribed', source: 'complaint' });
    expect((await status(sent.id))!.events.map((e) => e.status)).toContain('complained');
  });

  it('refuses mail that is no delivery report with 550, and accepts a report about an unknown message', async () => {
    const plain = await deliverToRapport('From: a@example.pk\nTo: bounces@lawn.example\nSubject: hello\n\nJust saying hi\n');
    expect(plain).toMatchObject({ ok: false, code: 550 });
    expect(await deliverToRapport(dsn('other@example.pk', '<msg_0000000000000000000000000000@lawn.example>', 'failed', '5.1.1'))).toEqual({
      ok: true,
    });
    expect(await suppressed('other@example.pk')).toBe(false);
  });
});
