import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { customer } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// POST /api/campaigns/audience-size: what the panel's confirmation states before a send. The
// same customers the send would expand (a segment's kept members, or the customer filters),
// erased customers left out, another shop's never counted; how many have an address on each
// channel. On SQLite and PostgreSQL (the `pg` project).

const SHOP = 'audience-size.myshopify.com';
const OTHER = 'audience-size-other.myshopify.com';
let server: TestServer;
let token: string;
let otherToken: string;
let segmentId: string;

async function call(body: unknown, bearer = token) {
  const res = await fetch(`${server.url}/api/campaigns/audience-size`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Quetta Dry Fruit', 'PKR');
  const shop = (await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' })).id;
  const otherAccount = await t.createAccount('Other', 'PKR');
  const other = (await t.upsertConnection({ accountId: otherAccount, platform: 'shopify', domain: OTHER, currency: 'PKR' })).id;
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER);
  // 10 tagged `eid`: 6 with an email and a phone, 2 with an email only, 2 with a phone only; 3 untagged with an email.
  for (let i = 0; i < 13; i++) {
    const tagged = i < 10;
    const email = i < 8 || !tagged ? `c${i}@example.pk` : null;
    const phone = tagged && (i < 6 || i >= 8) ? `+92300000000${i % 10}` : null;
    await applyEvent(server.runtime.store, shop, {
      type: 'customer.upserted',
      customer: customer(`c${i}`, { email, phone, tags: tagged ? ['eid'] : ['retail'] }),
    });
  }
  // The other shop's tagged customers are never counted here.
  for (let i = 0; i < 4; i++)
    await applyEvent(server.runtime.store, other, {
      type: 'customer.upserted',
      customer: customer(`o${i}`, { email: `o${i}@example.pk`, tags: ['eid'] }),
    });
  const segment = await fetch(`${server.url}/api/segments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Eid', query: "tags contains 'eid'" }),
  });
  expect(segment.status).toBe(201);
  segmentId = ((await segment.json()) as { id: string }).id;
});
afterAll(() => server?.close());

describe('campaign audience size', () => {
  it.each([
    {
      title: 'a segment: its kept members',
      audience: () => ({ kind: 'segment', segmentId }),
      size: { customers: 10, withEmail: 8, withPhone: 8 },
    },
    {
      title: 'customer filters: any of the tags',
      audience: () => ({ kind: 'filter', filters: { tags: ['eid'] } }),
      size: { customers: 10, withEmail: 8, withPhone: 8 },
    },
    {
      title: 'no filters: every customer of the shop',
      audience: () => ({ kind: 'filter', filters: {} }),
      size: { customers: 13, withEmail: 11, withPhone: 8 },
    },
    {
      title: 'filters nobody matches',
      audience: () => ({ kind: 'filter', filters: { minOrders: 1 } }),
      size: { customers: 0, withEmail: 0, withPhone: 0 },
    },
  ])('$title', async ({ audience, size }) => {
    const r = await call({ audience: audience() });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(size);
  });

  it('another shop cannot size this shop’s segment, nor count its customers', async () => {
    const r = await call({ audience: { kind: 'segment', segmentId } }, otherToken);
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ path: 'audience.segmentId', message: 'No such segment' }]);
    expect((await call({ audience: { kind: 'filter', filters: { tags: ['eid'] } } }, otherToken)).body).toEqual({
      customers: 4,
      withEmail: 4,
      withPhone: 0,
    });
  });

  it.each([
    { title: 'an unknown segment', body: { audience: { kind: 'segment', segmentId: 'seg_nope' } }, path: 'audience.segmentId' },
    {
      title: 'min orders above max',
      body: { audience: { kind: 'filter', filters: { minOrders: 3, maxOrders: 1 } } },
      path: 'audience.filters.maxOrders',
    },
    { title: 'an unknown field', body: { audience: { kind: 'filter', filters: {} }, extra: 1 }, path: '' },
    { title: 'no audience', body: {}, path: 'audience' },
  ])('refuses $title with a 400 naming the field', async ({ body, path }) => {
    const r = await call(body);
    expect(r.status).toBe(400);
    expect((r.body.error.details as Array<{ path: string }>).map((d) => d.path)).toContain(path);
  });
});
