import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/sql/executor.ts';
import { startWhatsAppWorld, VERIFY_TOKEN, type WhatsAppWorld } from '../helpers/whatsapp.ts';

// /webhooks/whatsapp over a real server and database, fed by the Cloud API fake's signed
// deliveries: Meta's GET challenge; a bad or missing signature is 401 and stores nothing; status
// webhooks move a sent message to delivered, forward only, duplicates and late arrivals changing
// nothing; read and failed recorded; inbound text and button replies stored once with the
// matched customer and timeline; STOP unsubscribes WhatsApp at once (the next marketing message
// is suppressed at send time), START subscribes again.

let w: WhatsAppWorld;
const db = () => w.server.runtime.database.x;
const count = async (sql: string, params: Record<string, unknown>) =>
  Number((await db().get<{ n: number }>(query(`SELECT count(*) AS n FROM ${sql}`), params))!.n);

beforeAll(async () => {
  w = await startWhatsAppWorld('wa-webhook.myshopify.com');
});
afterAll(async () => {
  await w?.close();
});

const detail = async (id: string) => (await w.api('GET', `/api/messages/${id}`)).body;
async function sentTemplate(): Promise<{ id: string; wamid: string }> {
  const { id } = await w.queue();
  expect(await w.send()).toMatchObject({ sent: 1 });
  return { id, wamid: w.fake.sent.at(-1)!.wamid };
}

describe('GET /webhooks/whatsapp (Meta verifies the callback URL)', () => {
  it('echoes hub.challenge for the verify token, 403 otherwise', async () => {
    const ok = await fetch(
      `${w.server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${w.server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
    const mode = await fetch(`${w.server.url}/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`);
    expect(mode.status).toBe(403);
  });
});

describe('POST /webhooks/whatsapp', () => {
  it('refuses a missing or wrong signature (401) and stores nothing', async () => {
    const before = await count('whatsapp_webhooks', {});
    const value = w.fake.textValue('923001234567', 'hello');
    expect((await w.webhook(value, { signature: null })).status).toBe(401);
    expect((await w.webhook(value, { signature: w.fake.sign('something else') })).status).toBe(401);
    expect((await w.webhook(value, { signature: 'sha256=' + 'a'.repeat(64) })).status).toBe(401);
    const other = await w.webhook(value, { signature: w.fake.sign(JSON.stringify(w.fake.envelope(value)), 'another-app-secret') });
    expect(other.status).toBe(401);
    expect(await count('whatsapp_webhooks', {})).toBe(before);
  });

  it('refuses a signed body that is not a WhatsApp webhook (400)', async () => {
    const raw = JSON.stringify({ object: 'page', entry: [] });
    const res = await fetch(`${w.server.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': w.fake.sign(raw) },
      body: raw,
    });
    expect(res.status).toBe(400);
  });

  it('moves a sent message to delivered, forward only; duplicates and a late `sent` change nothing', async () => {
    const { id, wamid } = await sentTemplate();
    const delivered = w.fake.statusValue(wamid, 'delivered');
    const first = await w.webhook(delivered);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stored: 1, duplicates: 0 });
    // Meta redelivers: stored once.
    expect((await w.webhook(delivered)).body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await w.apply()).toMatchObject({ processed: 1 });
    expect((await detail(id)).status).toBe('delivered');

    // Late and out of order: `sent` after `delivered`, then read twice, in one delivery.
    await w.webhook([w.fake.statusValue(wamid, 'sent', { at: new Date(Date.now() - 60_000) }), w.fake.statusValue(wamid, 'read')]);
    await w.webhook(w.fake.statusValue(wamid, 'read', { at: new Date(Date.now() + 1000) }));
    await w.apply();
    const d = await detail(id);
    expect(d.status).toBe('delivered');
    expect(d.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sending', 'sent', 'delivered', 'read']);
  });

  it('takes a read receipt that overtook the delivery report as delivered', async () => {
    const { id, wamid } = await sentTemplate();
    await w.webhook(w.fake.statusValue(wamid, 'read'));
    await w.webhook(w.fake.statusValue(wamid, 'delivered', { at: new Date(Date.now() - 1000) }));
    await w.apply();
    const d = await detail(id);
    expect(d.status).toBe('delivered');
    expect(d.events.filter((e: { status: string }) => e.status === 'delivered')).toHaveLength(1);
  });

  it('fails a message Meta reports failed, with the error, on the timeline once', async () => {
    const { id, wamid } = await sentTemplate();
    await w.webhook(w.fake.statusValue(wamid, 'failed', { errorCode: 131026 }));
    await w.webhook(w.fake.statusValue(wamid, 'failed', { errorCode: 131026, at: new Date(Date.now() + 5000) }));
    await w.apply();
    const d = await detail(id);
    expect(d.status).toBe('failed');
    expect(d.error).toContain('131026');
    expect(await count(`timeline_events WHERE subject_id = :id AND kind = 'message_failed'`, { id })).toBe(1);
    // A delivery report after the failure does not revive it.
    await w.webhook(w.fake.statusValue(wamid, 'delivered', { at: new Date(Date.now() + 9000) }));
    await w.apply();
    expect((await detail(id)).status).toBe('failed');
  });

  it('keeps a status for a wamid it does not know yet for a retry, then leaves it', async () => {
    await w.webhook(w.fake.statusValue('wamid.unknown-to-us', 'delivered'));
    expect(await w.apply()).toMatchObject({ retried: 1 });
    // Past the grace period the job lets it go.
    expect(await w.apply(new Date(Date.now() + 3600_000))).toMatchObject({ processed: 1 });
  });

  it('stores an inbound text once, matched to the customer by phone, on the timeline', async () => {
    const value = w.fake.textValue('923001234567', 'Salam, is the kurta in stock?', { id: 'wamid.in.kurta' });
    await w.webhook(value);
    await w.webhook(value);
    await w.apply();
    const row = await db().get<Record<string, unknown>>(
      query(`SELECT account_id, channel, from_address, customer_id, kind, body FROM inbound_messages WHERE provider_message_id = :id`),
      { id: 'wamid.in.kurta' },
    );
    expect(row).toEqual({
      account_id: w.accountId,
      channel: 'whatsapp',
      from_address: '+923001234567',
      customer_id: w.customerId,
      kind: 'text',
      body: 'Salam, is the kurta in stock?',
    });
    expect(await count(`inbound_messages WHERE provider_message_id = :id`, { id: 'wamid.in.kurta' })).toBe(1);
    const timeline = await w.api('GET', `/api/customers/${w.customerId}/timeline?kind=message_received`);
    expect(timeline.status).toBe(200);
    const received = (timeline.body.events as Array<{ kind: string; data: Record<string, unknown> }>).filter(
      (e) => e.data.body === 'Salam, is the kurta in stock?',
    );
    expect(received).toHaveLength(1);
    expect(received[0]!.data).toMatchObject({ channel: 'whatsapp', kind: 'text' });
  });

  it('stores quick-reply and interactive button answers with their payload and the message they answer', async () => {
    const { wamid } = await sentTemplate();
    await w.webhook(w.fake.buttonValue('923001234567', wamid, 'Confirm', 'COD_CONFIRM', { id: 'wamid.in.btn' }));
    await w.webhook(w.fake.buttonReplyValue('923001234567', wamid, 'keep', 'Keep it', { messageId: 'wamid.in.ibtn' }));
    await w.apply();
    const rows = await db().all<Record<string, unknown>>(
      query(
        `SELECT kind, body, reply_id, context_message_id FROM inbound_messages WHERE provider_message_id IN ('wamid.in.btn', 'wamid.in.ibtn') ORDER BY kind`,
      ),
      {},
    );
    expect(rows).toEqual([
      { kind: 'button', body: 'Confirm', reply_id: 'COD_CONFIRM', context_message_id: wamid },
      { kind: 'interactive', body: 'Keep it', reply_id: 'keep', context_message_id: wamid },
    ]);
  });

  it('drops (200) a value for a number no shop has connected', async () => {
    const before = await count('whatsapp_webhooks', {});
    const value = w.fake.textValue('923001234567', 'hi');
    const env = w.fake.envelope(value);
    (env.entry[0]!.changes[0]!.value as { metadata: { phone_number_id: string } }).metadata.phone_number_id = '999999999999';
    const raw = JSON.stringify(env);
    const res = await fetch(`${w.server.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': w.fake.sign(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    expect(await count('whatsapp_webhooks', {})).toBe(before);
  });
});

describe('STOP and START', () => {
  it('STOP unsubscribes WhatsApp at once: the next marketing message is suppressed, a transactional one still goes', async () => {
    await w.webhook(w.fake.textValue('923001234567', ' Stop ', { at: new Date(Date.now() - 1000) }));
    await w.apply();
    const consent = await w.server.runtime.store.transaction((r) => r.consents.get(w.customerId, 'whatsapp'));
    expect(consent).toMatchObject({ state: 'unsubscribed', source: 'whatsapp_stop' });

    const before = w.fake.sent.length;
    const marketing = await w.queue();
    expect(await w.send()).toMatchObject({ suppressed: 1 });
    expect((await detail(marketing.id)).status).toBe('suppressed');
    expect(w.fake.sent).toHaveLength(before);
    await w.queue({ purpose: 'transactional' });
    expect(await w.send()).toMatchObject({ sent: 1 });
  });

  it('understands the Urdu “بند کرو” as STOP and “شروع” as START', async () => {
    await w.webhook(w.fake.textValue('923001234567', 'شروع', { at: new Date(Date.now()) }));
    await w.apply();
    expect(await w.server.runtime.store.transaction((r) => r.consents.get(w.customerId, 'whatsapp'))).toMatchObject({
      state: 'subscribed',
      source: 'whatsapp_opt_in',
    });
    await w.webhook(w.fake.textValue('923001234567', 'بند کرو۔', { at: new Date(Date.now() + 1000) }));
    await w.apply();
    expect(await w.server.runtime.store.transaction((r) => r.consents.get(w.customerId, 'whatsapp'))).toMatchObject({
      state: 'unsubscribed',
      source: 'whatsapp_stop',
    });
  });
});
