import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboundSmtp, type InboundSmtp } from '../../src/channels/email/inbound-smtp.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { recordDeliveryReport } from '../../src/crm/messaging/delivery-reports.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import { processInboundMail } from '../../src/crm/service/inbound-mail.service.ts';
import { query } from '../../src/db/sql/executor.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { apiCall, loginToken } from '../helpers/api.ts';
import { customer, order } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The service inbox's email path end to end, real SMTP both ways: a customer's mail reaches
// Rapport's inbound listener at the shop's support address (stored before the 250), the job
// threads it into a ticket linked to the customer and the order they name; a reply through the
// API leaves through a real SMTP server with In-Reply-To / References and Reply-To; the customer's
// answer to it threads into the same ticket. Also: redelivery, the subject token and plus-address
// fallbacks, auto-replies, attachment limits, notes that never leave, unknown recipients refused
// at RCPT time, and another shop seeing nothing.

let outgoing: SMTPServer;
const received: ParsedMail[] = [];
let server: TestServer;
let inbound: InboundSmtp;
let accountId: string;
let customerId: string;
let shopId: string;
let tokenA: string;
let tokenB: string;
let n = 0;

const api = (method: string, path: string, body?: unknown, token = tokenA) => apiCall(server, method, path, body, token);
const thread = () => processInboundMail(server.runtime.service.inboundMail);
const send = () => sendDueMessages(server.runtime.messaging.sender);
const count = async (sql: string, params: Record<string, unknown> = {}) =>
  Number((await server.runtime.database.x.get<{ n: number }>(query(`SELECT count(*) AS n FROM ${sql}`), params))!.n);

async function startOutgoing(): Promise<number> {
  outgoing = new SMTPServer({
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
  await new Promise<void>((resolve) => outgoing.listen(0, '127.0.0.1', () => resolve()));
  return (outgoing.server.address() as AddressInfo).port;
}

type Delivery = { ok: true } | { ok: false; code: number | undefined; message: string };

/** Hands a raw mail to Rapport's inbound listener through a real SMTP client. */
async function deliver(raw: string, to: string | string[] = 'support@lawn.example', from = 'ayesha@example.pk'): Promise<Delivery> {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true });
  try {
    await client.sendMail({ envelope: { from, to }, raw });
    return { ok: true };
  } catch (err) {
    const e = err as { responseCode?: number; message: string };
    return { ok: false, code: e.responseCode, message: e.message };
  } finally {
    client.close();
  }
}

function mail(o: { subject: string; body: string; messageId?: string; headers?: string; from?: string; to?: string }): string {
  return [
    `From: ${o.from ?? 'Ayesha Khan <ayesha@example.pk>'}`,
    `To: ${o.to ?? 'support@lawn.example'}`,
    `Subject: ${o.subject}`,
    `Message-ID: ${o.messageId ?? `<c${++n}.${Date.now()}@mail.example.pk>`}`,
    'Date: Wed, 02 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...(o.headers ? [o.headers] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');
}

const getTicket = async (id: string, token = tokenA) => api('GET', `/api/tickets/${id}`, undefined, token);

beforeAll(async () => {
  const port = await startOutgoing();
  server = await startTestServer({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'Lahore Lawn <hello@lawn.example>',
    MAIL_BOUNCE_ADDRESS: 'bounces@lawn.example',
    SUPPORT_ATTACHMENT_MAX_BYTES: '4000',
  });
  // Wired as roles.ts wires it beside the HTTP server.
  inbound = await startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    onReport: (report) => recordDeliveryReport(server.runtime.store, report, new Date().toISOString()),
    route: server.runtime.service.route,
    onSupportMail: (m) => server.runtime.service.inboundMail.queue.accept(m, new Date().toISOString()),
    logger: createLogger('silent'),
  });
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Lahore Lawn', 'PKR');
  const shop = (shopId = (await t.upsertConnection({ accountId, platform: 'shopify', domain: 'lawn-inbox.myshopify.com', currency: 'PKR' }))
    .id);
  await t.createAdminUser(accountId, 'owner@lawn.example', 'correct horse battery');
  tokenA = await loginToken(server, 'owner@lawn.example', 'correct horse battery');
  const other = await t.createAccount('Karachi Kurta', 'PKR');
  await t.createAdminUser(other, 'owner@kurta.example', 'correct horse battery');
  tokenB = await loginToken(server, 'owner@kurta.example', 'correct horse battery');

  const shopper = customer('c1', { email: 'Ayesha@Example.pk', firstName: 'Ayesha', lastName: 'Khan' });
  await applyEvent(server.runtime.store, shop, { type: 'customer.upserted', customer: shopper });
  await applyEvent(server.runtime.store, shop, { type: 'order.upserted', order: order('5501', { customer: shopper, currency: 'PKR' }) });
  await applyEvent(server.runtime.store, shop, { type: 'order.upserted', order: order('5502', { customer: shopper, currency: 'PKR' }) });
  customerId = (await server.runtime.store.transaction((r) => r.customers.findIdentity(shop, 'c1')))!.customerId;
});

afterAll(async () => {
  await inbound?.close();
  await server?.close();
  await new Promise<void>((r) => (outgoing ? outgoing.close(() => r()) : r()));
});

describe('support address settings', () => {
  it('saves the address, unique across shops (409), and refuses a bad one (400)', async () => {
    expect((await api('GET', '/api/support-settings')).body).toEqual({ supportAddress: null, updatedAt: null });
    const put = await api('PUT', '/api/support-settings', { supportAddress: 'Support@Lawn.example' });
    expect(put.status).toBe(200);
    expect(put.body.supportAddress).toBe('support@lawn.example');
    expect((await api('PUT', '/api/support-settings', { supportAddress: 'support@lawn.example' }, tokenB)).status).toBe(409);
    expect((await api('PUT', '/api/support-settings', { supportAddress: 'not an address' }, tokenB)).status).toBe(400);
    expect((await api('PUT', '/api/support-settings', { supportAddress: 'help+x@kurta.example' }, tokenB)).status).toBe(400);
    expect((await api('PUT', '/api/support-settings', { supportAddress: 'help@kurta.example' }, tokenB)).status).toBe(200);
  });
});

describe('email in, reply out, answer threaded', () => {
  let ticketId: string;
  let firstMessageId: string;
  let replyMail: ParsedMail;

  it('refuses an unknown recipient at RCPT time (550) and stores nothing', async () => {
    const before = await count('inbound_mail');
    const res = await deliver(mail({ subject: 'hello', body: 'hi' }), 'someone@lawn.example');
    expect(res).toMatchObject({ ok: false, code: 550 });
    expect(await count('inbound_mail')).toBe(before);
  });

  it("a customer's mail becomes a ticket linked to the customer and the order they name", async () => {
    firstMessageId = `<first.${Date.now()}@mail.example.pk>`;
    const raw = mail({ subject: 'Where is my parcel?', body: 'Salam, my order #5501 has not arrived yet.', messageId: firstMessageId });
    expect(await deliver(raw)).toEqual({ ok: true });
    // Stored before the 250: the raw mail is in the queue until the job threads it.
    expect(await count(`inbound_mail WHERE status = 'pending'`)).toBe(1);
    expect(await thread()).toMatchObject({ processed: 1 });

    const list = await api('GET', '/api/tickets');
    expect(list.status).toBe(200);
    expect(list.body.counts).toEqual({ open: 1, pending: 0, solved: 0, closed: 0 });
    const [t] = list.body.tickets;
    expect(t).toMatchObject({
      number: 1001,
      reference: '#1001',
      customerId,
      customerName: 'Ayesha Khan',
      subject: 'Where is my parcel?',
      status: 'open',
      channel: 'email',
      contact: 'ayesha@example.pk',
    });
    ticketId = t.id;
    const one = await getTicket(ticketId);
    expect(one.body.orders).toEqual([expect.objectContaining({ name: '#5501', linkedBy: 'detected' })]);
    expect(one.body.messages).toHaveLength(1);
    expect(one.body.messages[0]).toMatchObject({ direction: 'in', messageId: firstMessageId, fromAddress: 'ayesha@example.pk' });
    expect(one.body.messages[0].html).toContain('#5501');
    expect(await count(`timeline_events WHERE customer_id = :customerId AND kind = 'ticket_created'`, { customerId })).toBe(1);
  });

  it('the same mail delivered twice is one message', async () => {
    const raw = mail({ subject: 'Where is my parcel?', body: 'Salam, my order #5501 has not arrived yet.', messageId: firstMessageId });
    expect(await deliver(raw)).toEqual({ ok: true });
    expect(await thread()).toMatchObject({ duplicates: 1, processed: 0 });
    expect((await getTicket(ticketId)).body.messages).toHaveLength(1);
  });

  it('a reply leaves by SMTP with In-Reply-To, References, Reply-To and the ticket token', async () => {
    const res = await api('POST', `/api/tickets/${ticketId}/replies`, {
      text: 'Your parcel is with the courier.\nIt arrives tomorrow.',
      status: 'pending',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ direction: 'out', channel: 'email', inReplyTo: firstMessageId, references: [firstMessageId] });
    const before = received.length;
    expect(await send()).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(before + 1);
    replyMail = received.at(-1)!;
    expect(replyMail.subject).toBe('Re: Where is my parcel? [#1001]');
    expect(replyMail.inReplyTo).toBe(firstMessageId);
    expect(replyMail.references).toEqual(firstMessageId);
    expect(replyMail.replyTo?.text).toBe('support@lawn.example');
    expect(replyMail.to && 'text' in replyMail.to ? replyMail.to.text : '').toBe('ayesha@example.pk');
    // The Message-ID recorded on the ticket is the one that left.
    expect(replyMail.messageId).toBe(res.body.messageId);
    const t = (await getTicket(ticketId)).body;
    expect(t.status).toBe('pending');
    expect(t.firstResponseAt).toBe(res.body.createdAt);
    expect(await count(`timeline_events WHERE customer_id = :customerId AND kind = 'ticket_replied'`, { customerId })).toBe(1);
    expect(await count(`timeline_events WHERE customer_id = :customerId AND kind = 'message_sent'`, { customerId })).toBe(1);
  });

  it("the customer's answer to our reply threads into the same ticket and reopens it", async () => {
    const raw = mail({
      subject: 'Re: something else entirely',
      body: 'Thank you! Can you also check 5502?',
      headers: `In-Reply-To: ${replyMail.messageId}\r\nReferences: ${firstMessageId} ${replyMail.messageId}`,
    });
    expect(await deliver(raw)).toEqual({ ok: true });
    expect(await thread()).toMatchObject({ processed: 1 });
    expect((await api('GET', '/api/tickets')).body.tickets).toHaveLength(1);
    const t = (await getTicket(ticketId)).body;
    expect(t.status).toBe('open');
    expect(t.messages.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out', 'in']);
    expect(t.orders.map((o: { name: string }) => o.name).sort()).toEqual(['#5501', '#5502']);
  });

  it('without threading headers, the subject token or a plus-address finds the ticket', async () => {
    expect(await deliver(mail({ subject: 'About [#1001]', body: 'One more thing.' }))).toEqual({ ok: true });
    expect(await deliver(mail({ subject: 'New mail', body: 'And another.' }), 'support+1001@lawn.example')).toEqual({ ok: true });
    expect(await thread()).toMatchObject({ processed: 2 });
    expect((await api('GET', '/api/tickets')).body.tickets).toHaveLength(1);
    expect((await getTicket(ticketId)).body.messages).toHaveLength(5);
  });

  it("a stranger's mail with the ticket's token starts a ticket of its own", async () => {
    const raw = mail({ subject: 'Re: [#1001] let me in', body: 'Hi', from: 'Mallory <mallory@example.pk>' });
    expect(await deliver(raw, 'support+1001@lawn.example', 'mallory@example.pk')).toEqual({ ok: true });
    await thread();
    expect((await getTicket(ticketId)).body.messages).toHaveLength(5);
    const list = (await api('GET', '/api/tickets')).body.tickets;
    expect(list).toHaveLength(2);
    const mallory = list.find((t: { contact: string }) => t.contact === 'mallory@example.pk');
    expect(mallory.subject).toBe('let me in');
    // Out of the way of the tests below, which count Ayesha's open tickets.
    expect((await api('PATCH', `/api/tickets/${mallory.id}`, { status: 'closed' })).status).toBe(200);
  });

  it('an auto-reply is kept and marked, and does not reopen a solved ticket', async () => {
    expect((await api('PATCH', `/api/tickets/${ticketId}`, { status: 'solved' })).body).toMatchObject({ status: 'solved' });
    const raw = mail({
      subject: 'Out of office',
      body: 'I am away until Monday.',
      headers: `Auto-Submitted: auto-replied\r\nIn-Reply-To: ${replyMail.messageId}`,
    });
    expect(await deliver(raw)).toEqual({ ok: true });
    await thread();
    const t = (await getTicket(ticketId)).body;
    expect(t.status).toBe('solved');
    expect(t.solvedAt).not.toBeNull();
    expect(t.messages.at(-1)).toMatchObject({ direction: 'in', autoReply: true });
  });

  it('an internal note never leaves', async () => {
    const queued = await count('messages');
    const before = received.length;
    const res = await api('POST', `/api/tickets/${ticketId}/notes`, { text: 'Courier says Friday. <b>not html</b>' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ direction: 'note', channel: 'note', html: '<p>Courier says Friday. &lt;b&gt;not html&lt;/b&gt;</p>' });
    await send();
    expect(received).toHaveLength(before);
    expect(await count('messages')).toBe(queued);
  });

  it('mail from someone new starts a ticket with a new contact; a closed ticket is not reopened', async () => {
    await api('PATCH', `/api/tickets/${ticketId}`, { status: 'closed' });
    const raw = mail({ subject: `Re: [#1001] again`, body: 'Hello?', headers: `In-Reply-To: ${replyMail.messageId}` });
    expect(await deliver(raw)).toEqual({ ok: true });
    expect(
      await deliver(
        mail({ subject: 'Wholesale', body: 'Do you sell wholesale?', from: 'Bilal <bilal@example.pk>' }),
        undefined,
        'bilal@example.pk',
      ),
    ).toEqual({ ok: true });
    await thread();
    const list = (await api('GET', '/api/tickets?status=open')).body;
    expect(list.counts).toMatchObject({ open: 2, closed: 2 });
    const again = list.tickets.find((t: { customerId: string }) => t.customerId === customerId);
    expect(again.number).toBe(1003);
    const bilal = list.tickets.find((t: { contact: string }) => t.contact === 'bilal@example.pk');
    expect(bilal.customerName).toBe('Bilal');
    expect(bilal.customerId).not.toBe(customerId);
  });
});

describe('attachments', () => {
  it('keeps a small allowed file and drops an oversize one with a note', async () => {
    const small = Buffer.alloc(500, 1).toString('base64');
    const big = Buffer.alloc(6000, 2).toString('base64');
    const raw = [
      'From: Ayesha Khan <ayesha@example.pk>',
      'To: support@lawn.example',
      'Subject: Photos of the damage',
      `Message-ID: <att.${Date.now()}@mail.example.pk>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="XX"',
      '',
      '--XX',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See attached.',
      '--XX',
      'Content-Type: image/png; name="small.png"',
      'Content-Disposition: attachment; filename="small.png"',
      'Content-Transfer-Encoding: base64',
      '',
      small,
      '--XX',
      'Content-Type: application/pdf; name="big.pdf"',
      'Content-Disposition: attachment; filename="big.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      big,
      '--XX--',
      '',
    ].join('\r\n');
    expect(await deliver(raw)).toEqual({ ok: true });
    await thread();
    const list = (await api('GET', '/api/tickets?search=photos')).body;
    expect(list.tickets).toHaveLength(1);
    const t = (await getTicket(list.tickets[0].id)).body;
    const inMessage = t.messages.find((m: { direction: string }) => m.direction === 'in');
    expect(inMessage.attachments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ filename: 'small.png', size: 500, droppedReason: null }),
        expect.objectContaining({ filename: 'big.pdf', size: 6000, droppedReason: 'too_large' }),
      ]),
    );
    const note = t.messages.find((m: { direction: string }) => m.direction === 'note');
    expect(note.text).toContain('big.pdf');
    expect(await count('ticket_attachment_data')).toBe(1);
  });
});

describe('queue filters and tenancy', () => {
  it('filters by tag, assignee, channel, customer and number; pages with a cursor', async () => {
    const all = (await api('GET', '/api/tickets?status=open')).body.tickets;
    const first = all[0];
    const staff = (await api('GET', '/api/staff')).body;
    const ownerId = (staff.staff ?? staff)[0].id;
    const patched = await api('PATCH', `/api/tickets/${first.id}`, { tags: ['Wholesale', 'vip'], assigneeId: ownerId, priority: 'high' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ tags: ['vip', 'wholesale'], assigneeId: ownerId, priority: 'high' });
    expect((await api('GET', '/api/tickets?tag=vip')).body.tickets.map((t: { id: string }) => t.id)).toEqual([first.id]);
    expect((await api('GET', `/api/tickets?assignee=${ownerId}`)).body.tickets.map((t: { id: string }) => t.id)).toEqual([first.id]);
    expect((await api('GET', '/api/tickets?assignee=none')).body.tickets.map((t: { id: string }) => t.id)).not.toContain(first.id);
    expect((await api('GET', `/api/tickets?search=%23${first.number}`)).body.tickets).toHaveLength(1);
    expect(
      (await api('GET', `/api/tickets?customerId=${customerId}`)).body.tickets.every(
        (t: { customerId: string }) => t.customerId === customerId,
      ),
    ).toBe(true);
    expect((await api('GET', '/api/tickets?channel=whatsapp')).body.tickets).toEqual([]);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = (await api('GET', `/api/tickets?first=1${after ? `&after=${after}` : ''}`)).body as {
        tickets: Array<{ id: string }>;
        endCursor: string | null;
      };
      seen.push(...page.tickets.map((t) => t.id));
      after = page.endCursor;
    } while (after);
    const total = (await api('GET', '/api/tickets?first=100')).body.tickets.map((t: { id: string }) => t.id);
    expect(seen).toEqual(total);
    expect(total.length).toBeGreaterThanOrEqual(4);

    expect((await api('PATCH', `/api/tickets/${first.id}`, { assigneeId: 'usr_nobody' })).status).toBe(400);
    expect((await api('PATCH', `/api/tickets/${first.id}`, {})).status).toBe(400);
    expect((await api('GET', '/api/tickets?after=nonsense')).status).toBe(400);
  });

  it('another shop cannot read, change or answer a ticket (404) and lists none', async () => {
    const [t] = (await api('GET', '/api/tickets')).body.tickets;
    expect((await getTicket(t.id, tokenB)).status).toBe(404);
    expect((await api('PATCH', `/api/tickets/${t.id}`, { status: 'solved' }, tokenB)).status).toBe(404);
    expect((await api('POST', `/api/tickets/${t.id}/replies`, { text: 'hi' }, tokenB)).status).toBe(404);
    expect((await api('POST', `/api/tickets/${t.id}/notes`, { text: 'hi' }, tokenB)).status).toBe(404);
    expect((await api('GET', '/api/tickets', undefined, tokenB)).body).toMatchObject({ tickets: [], counts: { open: 0 } });
    expect((await getTicket(t.id)).body.status).toBe(t.status);
  });

  it('staff open a ticket for a customer; orders of someone else cannot be linked', async () => {
    const created = await api('POST', '/api/tickets', {
      customerId,
      channel: 'email',
      subject: 'Phone call: exchange',
      note: 'Wants size M',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      contact: 'ayesha@example.pk',
      status: 'open',
      messages: [expect.objectContaining({ direction: 'note' })],
    });
    expect((await api('POST', '/api/tickets', { channel: 'email', subject: 'x' })).status).toBe(400);
    expect((await api('POST', '/api/tickets', { customerId: 'cus_nobody', channel: 'email', subject: 'x' })).status).toBe(404);
    const bilal = (await api('GET', '/api/tickets?search=Wholesale')).body.tickets[0];
    const orderId = (await getTicket((await api('GET', '/api/tickets?search=%231001')).body.tickets[0].id)).body.orders[0].orderId;
    const refused = await api('PATCH', `/api/tickets/${bilal.id}`, { orderIds: [orderId] });
    expect(refused.status).toBe(400);
    const linked = await api('PATCH', `/api/tickets/${created.body.id}`, { orderIds: [orderId] });
    expect(linked.body.orders).toEqual([expect.objectContaining({ orderId, linkedBy: 'staff' })]);
  });

  it("erasure deletes the person's tickets; their next mail makes a ticket without a profile", async () => {
    const bilal = (await api('GET', '/api/tickets?search=Wholesale')).body.tickets[0];
    await applyEvent(server.runtime.store, shopId, {
      type: 'compliance.customer_redacted',
      customer: { externalId: null, email: 'bilal@example.pk', phone: null },
      orderExternalIds: [],
    });
    expect((await getTicket(bilal.id)).status).toBe(404);
    expect(await count('ticket_messages WHERE ticket_id = :id', { id: bilal.id })).toBe(0);
    const raw = mail({ subject: 'Wholesale again', body: 'Hello?', from: 'Bilal <bilal@example.pk>' });
    expect(await deliver(raw, undefined, 'bilal@example.pk')).toEqual({ ok: true });
    await thread();
    const again = (await api('GET', '/api/tickets?search=again')).body.tickets[0];
    expect(again).toMatchObject({ customerId: null, contact: 'bilal@example.pk' });
  });

  it('answers 451 (the sender retries) when the mail cannot be stored: nothing is acknowledged unstored', async () => {
    const failing = await startInboundSmtp({
      port: 0,
      host: '127.0.0.1',
      onReport: (report) => recordDeliveryReport(server.runtime.store, report, new Date().toISOString()),
      route: server.runtime.service.route,
      onSupportMail: () => Promise.reject(new Error('disk full')),
      logger: createLogger('silent'),
    });
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: failing.port, secure: false, ignoreTLS: true });
    try {
      const sent = client.sendMail({
        envelope: { from: 'ayesha@example.pk', to: 'support@lawn.example' },
        raw: mail({ subject: 'x', body: 'y' }),
      });
      await expect(sent).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      client.close();
      await failing.close();
    }
  });

  it('the bounce address still takes delivery reports only', async () => {
    const res = await deliver(mail({ subject: 'hi', body: 'not a report' }), 'bounces@lawn.example', 'someone@example.pk');
    expect(res).toMatchObject({ ok: false, code: 550 });
  });
});
