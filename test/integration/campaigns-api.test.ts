import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCampaignPage } from '../../src/crm/campaigns/campaign-send.service.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { customer } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// The campaigns API: drafts validated at the edge (400 naming the field, nothing saved), a
// template or segment of another shop refused, a campaign that is sending is not edited (409),
// cancel withdraws, lists page by cursor, and another shop sees none of it (404).

const SHOP = 'campaigns-api.myshopify.com';
const OTHER = 'campaigns-other.myshopify.com';
let server: TestServer;
let token: string;
let otherToken: string;
let templateId: string;
let otherTemplate: string;

async function call(method: string, path: string, body?: unknown, bearer = token) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const template = (name: string) => ({
  name,
  purpose: 'marketing',
  variants: { en: { subject: 'Hi {{ first_name }}', body: '<mj-section><mj-column><mj-text>Sale</mj-text></mj-column></mj-section>' } },
});
const draft = (over: Record<string, unknown> = {}) => ({
  name: 'Eid sale',
  audience: { kind: 'filter', filters: { minOrders: 0 } },
  variants: [{ key: 'A', templateId }],
  ...over,
});
const count = async () => (await call('GET', '/api/campaigns')).body.campaigns.length as number;

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Multan Mangoes', 'PKR');
  const shop = (await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' })).id;
  const otherAccount = await t.createAccount('Other', 'PKR');
  await t.upsertConnection({ accountId: otherAccount, platform: 'shopify', domain: OTHER, currency: 'PKR' });
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER);
  for (let i = 0; i < 5; i++)
    await applyEvent(server.runtime.store, shop, { type: 'customer.upserted', customer: customer(`c${i}`, { email: `c${i}@example.pk` }) });
  templateId = (await call('POST', '/api/message-templates', template('Eid'))).body.id as string;
  otherTemplate = (await call('POST', '/api/message-templates', template('Theirs'), otherToken)).body.id as string;
});
afterAll(() => server?.close());

describe('campaigns API', () => {
  it.each([
    { title: 'holdout above 50%', body: () => draft({ holdoutPercent: 60 }), path: 'holdoutPercent' },
    { title: 'no variant', body: () => draft({ variants: [] }), path: 'variants' },
    {
      title: 'two variants with one key',
      body: () =>
        draft({
          variants: [
            { key: 'A', templateId },
            { key: 'A', templateId },
          ],
        }),
      path: 'variants.1.key',
    },
    { title: 'a window that is not a time', body: () => draft({ window: { opens: '25:00', closes: '20:00' } }), path: 'window.opens' },
    { title: 'an empty window', body: () => draft({ window: { opens: '10:00', closes: '10:00' } }), path: 'window.closes' },
    { title: 'an unknown audience kind', body: () => draft({ audience: { kind: 'everyone' } }), path: 'audience.kind' },
    {
      title: 'a filter range upside down',
      body: () => draft({ audience: { kind: 'filter', filters: { minOrders: 5, maxOrders: 1 } } }),
      path: 'audience.filters.maxOrders',
    },
    { title: 'a sendAt that is no instant', body: () => draft({ sendAt: 'tomorrow' }), path: 'sendAt' },
  ])('refuses $title with 400 naming the field, saving nothing', async ({ body, path }) => {
    const res = await call('POST', '/api/campaigns', body());
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    expect(await count()).toBe(0);
  });

  it('refuses an unknown field', async () => {
    expect((await call('POST', '/api/campaigns', { ...draft(), throttle: 5 })).status).toBe(400);
    expect(await count()).toBe(0);
  });

  it("refuses another shop's template and an unknown segment", async () => {
    const theirs = await call('POST', '/api/campaigns', draft({ variants: [{ key: 'A', templateId: otherTemplate }] }));
    expect(theirs.status).toBe(400);
    expect(theirs.body.error.details).toEqual([{ path: 'variants.0.templateId', message: 'No such message template' }]);
    const segment = await call('POST', '/api/campaigns', draft({ audience: { kind: 'segment', segmentId: 'seg_nope' } }));
    expect(segment.status).toBe(400);
    expect(await count()).toBe(0);
  });

  it('creates, edits a draft, sends, then refuses edits with 409 and cancels', async () => {
    const created = await call('POST', '/api/campaigns', draft({ window: { opens: '10:00', closes: '20:00' } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      holdoutPercent: 10,
      attributionDays: 5,
      window: { opens: '10:00', closes: '20:00' },
    });
    const id = created.body.id as string;
    const edited = await call('PUT', `/api/campaigns/${id}`, draft({ name: 'Eid sale 2', holdoutPercent: 0 }));
    expect(edited.body).toMatchObject({ name: 'Eid sale 2', holdoutPercent: 0, window: null });

    expect((await call('POST', `/api/campaigns/${id}/schedule`, {})).body.status).toBe('scheduled');
    const page = await sendCampaignPage(server.runtime.messaging.campaigns, edited.body.accountId ?? (await accountOf()), id, new Date());
    expect(page.outcome).toBe('page');
    const sending = await call('GET', `/api/campaigns/${id}`);
    expect(sending.body).toMatchObject({ status: 'sending', counts: { recipients: 5, queued: 5 } });
    const refused = await call('PUT', `/api/campaigns/${id}`, draft());
    expect(refused.status).toBe(409);
    expect((await call('POST', `/api/campaigns/${id}/schedule`, {})).status).toBe(409);

    const cancelled = await call('POST', `/api/campaigns/${id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', withdrawn: 5 });
    const recipients = await call('GET', `/api/campaigns/${id}/recipients?first=2`);
    expect(recipients.body.recipients).toHaveLength(2);
    expect(recipients.body.recipients[0]).toMatchObject({ outcome: 'queued', messageStatus: 'suppressed', group: 'A' });
    const rest = await call('GET', `/api/campaigns/${id}/recipients?first=10&after=${recipients.body.endCursor}`);
    expect(rest.body.recipients).toHaveLength(3);
    expect(rest.body.endCursor).toBeNull();
    const report = await call('GET', `/api/campaigns/${id}/report`);
    expect(report.body.groups).toEqual([expect.objectContaining({ group: 'A', recipients: 5, suppressed: 5, sent: 0 })]);
  });

  it('pages the list newest first and shows another shop nothing', async () => {
    for (let i = 0; i < 3; i++) await call('POST', '/api/campaigns', draft({ name: `Draft ${i}` }));
    const first = await call('GET', '/api/campaigns?first=2');
    expect(first.body.campaigns.map((c: { name: string }) => c.name)).toEqual(['Draft 2', 'Draft 1']);
    const next = await call('GET', `/api/campaigns?first=2&after=${first.body.endCursor}`);
    expect(next.body.campaigns.map((c: { name: string }) => c.name)).toEqual(['Draft 0', 'Eid sale 2']);
    expect(next.body.endCursor).toBeNull();
    expect((await call('GET', '/api/campaigns?after=garbage')).status).toBe(400);

    const id = first.body.campaigns[0].id as string;
    expect((await call('GET', '/api/campaigns', undefined, otherToken)).body.campaigns).toEqual([]);
    for (const [method, path] of [
      ['GET', `/api/campaigns/${id}`],
      ['GET', `/api/campaigns/${id}/report`],
      ['GET', `/api/campaigns/${id}/recipients`],
      ['POST', `/api/campaigns/${id}/cancel`],
    ] as const)
      expect((await call(method, path, undefined, otherToken)).status, path).toBe(404);
    expect(
      (await call('PUT', `/api/campaigns/${id}`, draft({ variants: [{ key: 'A', templateId: otherTemplate }] }), otherToken)).status,
    ).toBe(404);
  });

  it('sets and clears the frequency cap', async () => {
    expect((await call('GET', '/api/campaign-settings')).body).toEqual({ cap: null });
    expect((await call('PUT', '/api/campaign-settings', { cap: { messages: 2, days: 7 } })).body).toEqual({
      cap: { messages: 2, days: 7 },
    });
    expect((await call('GET', '/api/campaign-settings')).body).toEqual({ cap: { messages: 2, days: 7 } });
    expect((await call('GET', '/api/campaign-settings', undefined, otherToken)).body).toEqual({ cap: null });
    expect((await call('PUT', '/api/campaign-settings', { cap: { messages: 0, days: 7 } })).status).toBe(400);
    expect((await call('PUT', '/api/campaign-settings', { cap: null })).body).toEqual({ cap: null });
  });
});

async function accountOf(): Promise<string> {
  const rows = await server.runtime.database.x.all<{ id: string }>({ text: "SELECT id FROM accounts WHERE name = 'Multan Mangoes'" });
  return rows[0]!.id;
}
