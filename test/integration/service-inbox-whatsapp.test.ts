import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/sql/executor.ts';
import { startWhatsAppWorld, type WhatsAppWorld } from '../helpers/whatsapp.ts';

// The service inbox's WhatsApp path over a real server and database with the Cloud API fake: a
// signed webhook with a customer's text makes a ticket for the customer matched by phone; a
// replayed webhook (the same value, or the same wamid in another delivery) adds nothing; a reply
// through the API goes out as WhatsApp text inside the 24-hour window; the customer's next message
// joins the same ticket; outside the window the reply is a 409 saying a template is needed.

let w: WhatsAppWorld;
let first: Record<string, unknown>;
const count = async (sql: string, params: Record<string, unknown> = {}) =>
  Number((await w.server.runtime.database.x.get<{ n: number }>(query(`SELECT count(*) AS n FROM ${sql}`), params))!.n);
const tickets = async (path = '/api/tickets') => (await w.api('GET', path)).body;

beforeAll(async () => {
  w = await startWhatsAppWorld('wa-inbox.myshopify.com');
});
afterAll(async () => {
  await w?.close();
});

describe('WhatsApp in, reply out', () => {
  let ticketId: string;

  it("a customer's message becomes a ticket for the customer matched by phone", async () => {
    first = w.fake.textValue('923001234567', 'Mera order kab aayega?', { id: 'wamid.in.first' });
    expect((await w.webhook(first)).status).toBe(200);
    await w.apply();
    const list = await tickets();
    expect(list.counts).toMatchObject({ open: 1 });
    expect(list.tickets[0]).toMatchObject({
      customerId: w.customerId,
      channel: 'whatsapp',
      contact: '+923001234567',
      subject: 'Mera order kab aayega?',
      status: 'open',
    });
    ticketId = list.tickets[0].id;
    // On the timeline once: the webhook's own entry, not a second one for the ticket.
    expect(await count(`timeline_events WHERE customer_id = :id AND kind = 'message_received'`, { id: w.customerId })).toBe(1);
  });

  it('a replayed webhook, or the same message in another delivery, makes no second message', async () => {
    expect((await w.webhook(first)).body).toMatchObject({ stored: 0, duplicates: 1 });
    // The same wamid with other contact details: another stored value, still one message.
    const again = w.fake.textValue('923001234567', 'Mera order kab aayega?', { id: 'wamid.in.first', name: 'Ayesha K' });
    expect((await w.webhook(again)).body).toMatchObject({ stored: 1 });
    await w.apply();
    const t = (await w.api('GET', `/api/tickets/${ticketId}`)).body;
    expect(t.messages).toHaveLength(1);
    expect(await count(`ticket_messages WHERE external_id = 'wamid.in.first'`)).toBe(1);
    expect((await tickets()).tickets).toHaveLength(1);
  });

  it('a reply goes out as WhatsApp text; the next message joins the same ticket', async () => {
    const res = await w.api('POST', `/api/tickets/${ticketId}/replies`, { text: 'Kal tak pohanch jaye ga.', language: 'ur' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ direction: 'out', channel: 'whatsapp', messageId: null });
    const before = w.fake.sent.length;
    expect(await w.send()).toMatchObject({ sent: 1 });
    expect(w.fake.sent).toHaveLength(before + 1);
    expect(w.fake.sent.at(-1)!.body).toMatchObject({ to: '923001234567', type: 'text', text: { body: 'Kal tak pohanch jaye ga.' } });
    expect((await w.api('GET', `/api/tickets/${ticketId}`)).body.firstResponseAt).toBe(res.body.createdAt);

    await w.webhook(w.fake.textValue('923001234567', 'Shukriya!'));
    await w.apply();
    const t = (await w.api('GET', `/api/tickets/${ticketId}`)).body;
    expect(t.messages.map((m: { direction: string; text: string }) => [m.direction, m.text])).toEqual([
      ['in', 'Mera order kab aayega?'],
      ['out', 'Kal tak pohanch jaye ga.'],
      ['in', 'Shukriya!'],
    ]);
    expect((await tickets()).tickets).toHaveLength(1);
  });

  it('a STOP word is no conversation (it only changes consent)', async () => {
    await w.webhook(w.fake.textValue('923001234567', 'STOP'));
    await w.apply();
    expect((await w.api('GET', `/api/tickets/${ticketId}`)).body.messages).toHaveLength(3);
  });

  it('outside the 24-hour window a reply is a 409 saying a template is needed, and nothing is queued', async () => {
    const old = new Date(Date.now() - 48 * 3600_000);
    await w.webhook(w.fake.textValue('923331112222', 'Hello, is this shop open?', { at: old }));
    await w.apply();
    const stranger = (await tickets()).tickets.find((t: { contact: string }) => t.contact === '+923331112222');
    expect(stranger).toBeDefined();
    expect(stranger.customerId).not.toBe(w.customerId);
    const queued = await count('messages');
    const res = await w.api('POST', `/api/tickets/${stranger.id}/replies`, { text: 'Yes!' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('template');
    expect(await count('messages')).toBe(queued);
    // A note is always possible.
    expect((await w.api('POST', `/api/tickets/${stranger.id}/notes`, { text: 'Send the welcome template' })).status).toBe(201);
  });
});
