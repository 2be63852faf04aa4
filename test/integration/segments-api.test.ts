import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { checkAllMembership } from '../../src/crm/segments/membership-check.service.ts';
import { customer, order } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// The saved segments API over a store built from canonical events: preview with count and
// sample, positioned errors with suggestions, CRUD, member pages and the CSV, each shop seeing
// only its own customers and segments.

const SHOP = 'segments-api.myshopify.com';
const OTHER = 'segments-other.myshopify.com';
let server: TestServer;
let token: string;
let otherToken: string;
let shopify: string;

async function call(method: string, path: string, body?: unknown, bearer = token) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null) as Record<string, any>,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Crafts', 'PKR');
  shopify = (await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' })).id;
  const otherAccount = await t.createAccount('Other', 'PKR');
  const other = (await t.upsertConnection({ accountId: otherAccount, platform: 'shopify', domain: OTHER, currency: 'PKR' })).id;
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER);
  const store = server.runtime.store;
  // Customers 1..12: customer i has i % 4 orders of 1,000 rupees each; even ones are tagged vip.
  for (let i = 1; i <= 12; i++) {
    const c = customer(String(i), {
      email: `shopper${i}@example.pk`,
      firstName: i % 2 ? 'Ayesha' : 'عائشہ',
      tags: i % 2 ? [] : ['vip'],
    });
    await applyEvent(store, shopify, { type: 'customer.upserted', customer: c });
    for (let k = 0; k < i % 4; k++) {
      await applyEvent(store, shopify, {
        type: 'order.upserted',
        order: order(`${i}-${k}`, { customer: c, currency: 'PKR', totalMinor: 100_000, placedAt: `2026-03-0${k + 1}T00:00:00.000Z` }),
      });
    }
  }
  // Another shop's tagged, ordering customer: never in this shop's segments.
  const stranger = customer('x', { email: 'x@example.pk', tags: ['vip'] });
  await applyEvent(store, other, { type: 'customer.upserted', customer: stranger });
  await applyEvent(store, other, { type: 'order.upserted', order: order('x-1', { customer: stranger, currency: 'PKR' }) });
});
afterAll(() => server.close());

describe('segment preview', () => {
  it('counts and samples the matching customers of the caller’s shop only', async () => {
    // i % 4 >= 2 and even: 2, 6, 10 (two orders each).
    const res = await call('POST', '/api/segments/preview', { query: "number_of_orders >= 2 and tags contains 'vip'" });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(3);
    expect(res.body.sample).toHaveLength(3);
    expect(res.body.sample[0]).toMatchObject({ numberOfOrders: 2, amountSpent: '2000.00', currency: 'PKR', firstName: 'عائشہ' });
    expect((await call('POST', '/api/segments/preview', { query: "tags CONTAINS 'vip'" }, otherToken)).body.count).toBe(1);
  });

  it('reads quotes and SQL in a text as text', async () => {
    const res = await call('POST', '/api/segments/preview', { query: "tags CONTAINS 'x''); DELETE FROM customers; --' OR city = 'لاہور'" });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(0);
    expect((await call('POST', '/api/segments/preview', { query: 'number_of_orders >= 0' })).body.count).toBe(12);
  });

  it.each([
    ['last_order > -90d', 0, 'last_order_date'],
    ["tags = 'vip'", 5, 'CONTAINS'],
    ["rfm_segment = 'champion'", 14, 'champions'],
  ])('answers 400 for %j with the position and a suggestion', async (query, position, suggestion) => {
    const res = await call('POST', '/api/segments/preview', { query });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', details: { position, suggestion } });
    expect(res.body.error.message).toEqual(expect.any(String));
  });
});

describe('field catalogue', () => {
  it('lists every field with its type, operators and enum values, behind auth', async () => {
    expect((await fetch(`${server.url}/api/segments/fields`)).status).toBe(401);
    const res = await call('GET', '/api/segments/fields');
    expect(res.status).toBe(200);
    const fields = res.body.fields as Array<{ name: string; type: string; operators: string[]; values: string[]; description: string }>;
    const byName = new Map(fields.map((f) => [f.name, f]));
    expect(fields).toHaveLength(34);
    expect(byName.get('last_order_date')).toMatchObject({ type: 'date', many: false, nullable: true, values: [] });
    expect(byName.get('tags')?.operators).toEqual(['CONTAINS', 'IN', 'IS NULL', 'IS NOT NULL']);
    expect(byName.get('city')).toMatchObject({ type: 'text', many: true });
    expect(byName.get('churn_risk')?.values).toEqual(['low', 'medium', 'high']);
    expect(byName.get('amount_spent')?.description).toMatch(/spent/i);
    expect(res.body.keywords).toEqual(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'CONTAINS', 'IS', 'NULL']);
  });

  it('offers only what the parser accepts: each enum value of each enum field previews', async () => {
    const { fields } = (await call('GET', '/api/segments/fields')).body as {
      fields: Array<{ name: string; operators: string[]; values: string[] }>;
    };
    for (const f of fields.filter((x) => x.values.length)) {
      for (const v of f.values) {
        const res = await call('POST', '/api/segments/preview', { query: `${f.name} ${f.operators.includes('=') ? '=' : 'IN'} '${v}'` });
        expect([f.name, v, res.status]).toEqual([f.name, v, 200]);
      }
    }
  });
});

describe('saved segments', () => {
  it('create, list, rename, page members, export, delete', async () => {
    const created = await call('POST', '/api/segments', { name: 'Repeat buyers', query: 'number_of_orders>=2' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Repeat buyers', query: 'number_of_orders >= 2', builtIn: null });
    const id = created.body.id as string;

    expect((await call('POST', '/api/segments', { name: 'Repeat buyers', query: 'number_of_orders >= 3' })).status).toBe(409);
    const bad = await call('POST', '/api/segments', { name: 'Broken', query: 'number_of_orders >' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.position).toBe(18);
    const listed = (await call('GET', '/api/segments')).body.segments as { name: string; builtIn: string | null }[];
    expect(listed.filter((s) => !s.builtIn).map((s) => s.name)).toEqual(['Repeat buyers']);
    // The built-ins come with every shop (no tiers here), in the catalogue's order.
    expect(listed.filter((s) => s.builtIn).map((s) => s.builtIn)).toEqual([
      'rfm:champions',
      'rfm:loyal',
      'rfm:potential_loyalists',
      'rfm:new',
      'rfm:at_risk',
      'rfm:cant_lose',
      'rfm:hibernating',
      'rfm:lost',
      'first_time_buyers',
      'lapsed',
      'cod_risk',
    ]);
    expect(
      (await call('GET', '/api/segments', undefined, otherToken)).body.segments.filter((s: { builtIn: string | null }) => !s.builtIn),
    ).toEqual([]);

    // Customers with i % 4 in {2, 3}: 2, 3, 6, 7, 10, 11, in pages of four.
    const first = await call('GET', `/api/segments/${id}/members?first=4`);
    expect(first.status).toBe(200);
    expect(first.body.members).toHaveLength(4);
    const second = await call('GET', `/api/segments/${id}/members?first=4&after=${first.body.next}`);
    expect(second.body.members).toHaveLength(2);
    expect(second.body.next).toBeNull();
    const ids = [...first.body.members, ...second.body.members].map((m: { id: string }) => m.id);
    expect(new Set(ids).size).toBe(6);

    const csv = await call('GET', `/api/segments/${id}/members.csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,first_name,last_name,email,orders,amount_spent,currency,last_order_at');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(ids);

    const renamed = await call('PATCH', `/api/segments/${id}`, {
      name: 'Loyal VIPs',
      query: "number_of_orders >= 3 AND tags CONTAINS 'vip'",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Loyal VIPs', query: "number_of_orders >= 3 AND tags CONTAINS 'vip'" });
    // Even and i % 4 = 3: nobody.
    expect((await call('GET', `/api/segments/${id}/members`)).body.members).toEqual([]);
    expect((await call('PATCH', `/api/segments/${id}`, { query: 'tags > 3' })).status).toBe(400);

    // Another shop can neither read nor delete it.
    expect((await call('GET', `/api/segments/${id}/members`, undefined, otherToken)).status).toBe(404);
    expect((await call('DELETE', `/api/segments/${id}`, undefined, otherToken)).status).toBe(404);
    expect((await call('DELETE', `/api/segments/${id}`)).body).toEqual({ deleted: true });
    expect((await call('GET', `/api/segments/${id}/members`)).status).toBe(404);
  });

  it('keeps members as events arrive, records sizes daily, and guards the built-ins', async () => {
    const created = await call('POST', '/api/segments', { name: 'Three or more', query: 'number_of_orders >= 3' });
    const id = created.body.id as string;
    // Filled at once: customers 3, 7, 11.
    expect((await call('GET', `/api/segments/${id}/members`)).body.members).toHaveLength(3);
    // A webhook-path event brings customer 2 (two orders) to three: kept at once, no rescan.
    await applyEvent(server.runtime.store, shopify, {
      type: 'order.upserted',
      order: order('2-extra', { customer: customer('2'), currency: 'PKR', totalMinor: 100_000, placedAt: '2026-03-05T00:00:00.000Z' }),
    });
    expect((await call('GET', `/api/segments/${id}/members`)).body.members).toHaveLength(4);

    expect((await call('GET', `/api/segments/${id}/sizes`)).body).toEqual({ sizes: [] });
    const now = new Date();
    await checkAllMembership({ store: server.runtime.store, state: server.runtime.jobState }, now);
    expect((await call('GET', `/api/segments/${id}/sizes`)).body).toEqual({ sizes: [{ day: now.toISOString().slice(0, 10), size: 4 }] });
    expect((await call('GET', `/api/segments/${id}/sizes`, undefined, otherToken)).status).toBe(404);

    const builtIn = ((await call('GET', '/api/segments')).body.segments as { id: string; builtIn: string | null }[]).find(
      (s) => s.builtIn === 'first_time_buyers',
    )!;
    // Customers 1, 5, 9 have one order each.
    expect((await call('GET', `/api/segments/${builtIn.id}/members`)).body.members).toHaveLength(3);
    expect((await call('DELETE', `/api/segments/${builtIn.id}`)).status).toBe(409);

    // Staff tags (written outside the webhook path) move membership too, one customer and in bulk.
    const gifted = (await call('POST', '/api/segments', { name: 'Gift list', query: "tags CONTAINS 'gift'" })).body.id as string;
    const [one, two, three] = (await call('GET', `/api/segments/${builtIn.id}/members`)).body.members.map((m: { id: string }) => m.id);
    expect((await call('PUT', `/api/customers/${one}/tags`, { tags: ['gift'] })).status).toBe(200);
    expect((await call('POST', '/api/customers/tags', { customerIds: [two, three], add: ['gift'] })).status).toBe(200);
    const giftMembers = (await call('GET', `/api/segments/${gifted}/members`)).body.members.map((m: { id: string }) => m.id);
    expect(giftMembers.sort()).toEqual([one, two, three].sort());
    expect((await call('PUT', `/api/customers/${one}/tags`, { tags: [] })).status).toBe(200);
    expect((await call('GET', `/api/segments/${gifted}/members`)).body.members).toHaveLength(2);
    expect((await call('PATCH', `/api/segments/${builtIn.id}`, { query: 'number_of_orders = 2' })).status).toBe(409);
  });
});
