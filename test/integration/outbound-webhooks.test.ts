import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEvents } from '../../src/crm/domain-events/consumer.service.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { verifySignature } from '../../src/crm/webhooks/signature.ts';
import { customer } from '../helpers/canonical.ts';
import { deliverDue, MAX_ATTEMPTS, publish } from '../../src/crm/webhooks/webhooks.service.ts';
import { apiCall, loginToken } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Outbound webhooks end to end: a merchant subscribes a real local HTTP receiver through the API
// (the secret shown once), Rapport's events are delivered signed (the receiver checks the
// signature as a merchant's code would), a failing receiver is retried with backoff and finally
// shown as failed, a failed delivery is retried by hand, a private address is refused without the
// allow-list, another shop sees nothing, bad input is a 400 naming the field.

type Hit = { headers: IncomingMessage['headers']; body: string };
let receiver: Server;
let receiverUrl: string;
const hits: Hit[] = [];
let answer = 200;
let server: TestServer;
let tokenA: string;
let tokenB: string;
let accountA: string;

async function startReceiver(): Promise<void> {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answer;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
}

const api = (method: string, path: string, body?: unknown, token = tokenA) => apiCall(server, method, path, body, token);
const deliver = (at = new Date()) => deliverDue({ port: server.runtime.ports.webhooks, post: server.runtime.webhookPost }, () => at);
const event = (kind: string, key: string, data: Record<string, unknown> = {}) => ({
  accountId: accountA,
  customerId: 'cus_1',
  kind,
  occurredAt: '2026-12-02T08:00:00.000Z',
  subjectType: 'tier',
  subjectId: 'tier_gold',
  data,
  dedupeKey: key,
});

beforeAll(async () => {
  await startReceiver();
  server = await startTestServer({ OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
  const t = server.runtime.tenancy;
  accountA = await t.createAccount('Karachi Kurtas', 'PKR');
  const accountB = await t.createAccount('Delhi Dupattas', 'INR');
  await t.createAdminUser(accountA, 'a@kurtas.example', 'correct horse battery');
  await t.createAdminUser(accountB, 'b@dupattas.example', 'correct horse battery');
  tokenA = await loginToken(server, 'a@kurtas.example', 'correct horse battery');
  tokenB = await loginToken(server, 'b@dupattas.example', 'correct horse battery');
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('outbound webhooks', () => {
  let id: string;
  let secret: string;

  it('refuses a bad URL or topic with the field, and subscribes with the secret shown once', async () => {
    const bad = await api('POST', '/api/webhooks', { url: 'ftp://x.example/h', topics: ['tier.changed', 'nope'] });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/url/);
    expect(bad.text).toMatch(/topics/);
    const creds = await api('POST', '/api/webhooks', { url: 'https://user:pw@x.example/h', topics: ['tier.changed'] });
    expect(creds.status).toBe(400);

    const created = await api('POST', '/api/webhooks', {
      url: receiverUrl,
      topics: ['tier.changed', 'points.changed'],
      description: 'ERP',
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    ({ id } = created.body.subscription);
    secret = created.body.secret;
    const listed = await api('GET', '/api/webhooks');
    expect(listed.body.subscriptions).toEqual([expect.objectContaining({ id, url: receiverUrl, active: true })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.topics).toContain('segment.entered');
  });

  it('delivers a subscribed event once, signed, and nothing for other topics', async () => {
    const port = server.runtime.ports.webhooks;
    const now = new Date().toISOString();
    expect(await publish(port, event('tier_changed', 'tier_changed:cus_1:1', { from: 'Silver', to: 'Gold' }), now)).toBe(1);
    expect(await publish(port, event('tier_changed', 'tier_changed:cus_1:1', { from: 'Silver', to: 'Gold' }), now)).toBe(0); // a replay
    expect(await publish(port, event('segment_entered', 'segment_entered:x'), now)).toBe(0); // not subscribed
    expect(await publish(port, event('order_placed', 'order_placed:x'), now)).toBe(0); // no such topic
    expect(await deliver()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    expect(hit.headers['x-rapport-topic']).toBe('tier.changed');
    expect(hit.headers['x-rapport-event']).toBe('tier_changed:cus_1:1');
    expect(verifySignature(secret, hit.body, String(hit.headers['x-rapport-signature']), Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature('whsec_other', hit.body, String(hit.headers['x-rapport-signature']), Math.floor(Date.now() / 1000))).toBe(false);
    expect(JSON.parse(hit.body)).toEqual({
      id: 'tier_changed:cus_1:1',
      topic: 'tier.changed',
      occurredAt: '2026-12-02T08:00:00.000Z',
      customerId: 'cus_1',
      subject: { type: 'tier', id: 'tier_gold' },
      data: { from: 'Silver', to: 'Gold' },
    });
    expect(await deliver()).toMatchObject({ claimed: 0 });
  });

  it('retries a failing receiver with backoff, shows the failure, and retries by hand', async () => {
    answer = 503;
    const port = server.runtime.ports.webhooks;
    await publish(port, event('points', 'points:entry_9', { points: 120 }), new Date().toISOString());
    let at = Date.now();
    expect(await deliver(new Date(at))).toMatchObject({ claimed: 1, retried: 1 });
    expect(await deliver(new Date(at + 30_000))).toMatchObject({ claimed: 0 }); // the first backoff is a minute
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      at += 2 * 86_400_000;
      await deliver(new Date(at));
    }
    const list = await api('GET', `/api/webhooks/${id}/deliveries`);
    const failed = list.body.deliveries.find((d: { eventKey: string }) => d.eventKey === 'points:entry_9');
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatusCode: 503, lastError: 'HTTP 503' });

    answer = 200;
    const retried = await api('POST', `/api/webhooks/${id}/deliveries/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    const after = await api('GET', `/api/webhooks/${id}/deliveries`);
    expect(after.body.deliveries.find((d: { id: string }) => d.id === failed.id)).toMatchObject({
      status: 'delivered',
      lastStatusCode: 200,
    });
    expect((await api('POST', `/api/webhooks/${id}/deliveries/${failed.id}/retry`)).status).toBe(404); // not failed any more
  });

  it('sends a test ping, and pauses', async () => {
    const before = hits.length;
    const test = await api('POST', `/api/webhooks/${id}/test`);
    expect(test.status).toBe(202);
    await deliver();
    expect(hits.at(-1)!.headers['x-rapport-topic']).toBe('test');
    expect(hits.length).toBe(before + 1);
    const paused = await api('PATCH', `/api/webhooks/${id}`, { active: false });
    expect(paused.body).toMatchObject({ active: false, topics: ['tier.changed', 'points.changed'] });
    expect(await publish(server.runtime.ports.webhooks, event('tier_changed', 'tier_changed:cus_1:2'), new Date().toISOString())).toBe(0);
  });

  it('delivers what happens in the shop through the domain-event queue, and queues nothing for a shop without webhooks', async () => {
    const created = await api('POST', '/api/webhooks', { url: receiverUrl, topics: ['customer.created'] });
    const shop = (
      await server.runtime.tenancy.upsertConnection({
        accountId: accountA,
        platform: 'shopify',
        domain: 'kurtas.myshopify.com',
        currency: 'PKR',
      })
    ).id;
    const before = hits.length;
    await applyEvent(server.runtime.store, shop, { type: 'customer.upserted', customer: customer('k1', { email: 'zara@example.pk' }) });
    // A replayed delivery adds no timeline entry, so nothing more is queued.
    await applyEvent(server.runtime.store, shop, { type: 'customer.upserted', customer: customer('k1', { email: 'zara@example.pk' }) });
    expect(await consumeEvents(server.runtime.webhookEvents)).toMatchObject({ claimed: 1, handled: 1 });
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(hits.length).toBe(before + 1);
    const hit = hits.at(-1)!;
    expect(hit.headers['x-rapport-topic']).toBe('customer.created');
    expect(verifySignature(created.body.secret, hit.body, String(hit.headers['x-rapport-signature']), Math.floor(Date.now() / 1000))).toBe(
      true,
    );
    expect(JSON.parse(hit.body)).toMatchObject({ topic: 'customer.created', customerId: expect.stringMatching(/^cus_/) });

    const otherShop = (
      await server.runtime.tenancy.upsertConnection({
        accountId: await server.runtime.tenancy.createAccount('Quiet', 'PKR'),
        platform: 'shopify',
        domain: 'quiet.myshopify.com',
        currency: 'PKR',
      })
    ).id;
    await applyEvent(server.runtime.store, otherShop, { type: 'customer.upserted', customer: customer('q1', { email: 'q@example.pk' }) });
    expect(await consumeEvents(server.runtime.webhookEvents)).toMatchObject({ claimed: 0 });
    await api('DELETE', `/api/webhooks/${created.body.subscription.id}`);
  });

  it("another shop can neither see nor change a shop's subscriptions", async () => {
    expect((await api('GET', '/api/webhooks', undefined, tokenB)).body.subscriptions).toEqual([]);
    expect((await api('PATCH', `/api/webhooks/${id}`, { active: true }, tokenB)).status).toBe(404);
    expect((await api('GET', `/api/webhooks/${id}/deliveries`, undefined, tokenB)).status).toBe(404);
    expect((await api('DELETE', `/api/webhooks/${id}`, undefined, tokenB)).status).toBe(404);
    expect((await api('DELETE', `/api/webhooks/${id}`)).status).toBe(200);
  });
});

describe('outbound webhooks without the private-address allowance', () => {
  it('refuse to post to a private address, recording why', async () => {
    const strict = await startTestServer({});
    try {
      const t = strict.runtime.tenancy;
      const account = await t.createAccount('Strict', 'PKR');
      const { subscription } = await import('../../src/crm/webhooks/webhooks.service.ts').then((m) =>
        m.createSubscription(
          strict.runtime.ports.webhooks,
          account,
          { url: receiverUrl, topics: ['tier.changed'] },
          new Date().toISOString(),
        ),
      );
      await publish(strict.runtime.ports.webhooks, { ...event('tier_changed', 'k'), accountId: account }, new Date().toISOString());
      const pass = await deliverDue({ port: strict.runtime.ports.webhooks, post: strict.runtime.webhookPost });
      expect(pass).toMatchObject({ claimed: 1, retried: 1 });
      const [d] = await strict.runtime.ports.webhooks.deliveries(account, subscription.id, 10);
      expect(d!.lastError).toMatch(/private|not allowed|refused/i);
    } finally {
      await strict.close();
    }
  });
});
