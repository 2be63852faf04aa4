import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAbandonedCheckouts } from '../../src/crm/checkouts/abandoned-checkout.pass.ts';
import { messageTemplatesOn } from '../../src/db/message-templates.repo.ts';
import { startWooFake, type WooFake } from '../fakes/woocommerce.fake.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sql } from '../helpers/sql.ts';

// The WooCommerce abandoned checkout through the REST sync (the WooCommerce REST fake), not
// webhooks: an order left pending with its payment_url, pulled when the store connects, is due after
// the flow's delay and written to once (the customer subscribed through the Rapport plugin's meta);
// paying it, seen by the next reconcile, recovers it. Both databases.

let server: TestServer;
let woo: WooFake;
let token: string;
let connectionId: string;
let accountId: string;
const start = Date.now();
const later = (minutes: number) => new Date(start + minutes * 60_000).toISOString();

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const checkout = (externalId: string) =>
  sql(server).get<{ status: string; recovery_url: string; recovered_minor: number | null }>(
    'SELECT status, recovery_url, recovered_minor FROM checkouts WHERE connection_id = ? AND external_id = ?',
    connectionId,
    externalId,
  );

beforeAll(async () => {
  server = await startTestServer(
    { SHOPIFY_APP_URL: 'https://rapport.example' /* webhooks' delivery URL */, OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' /* the local fake */ },
    undefined,
    {
      wooAllowHttpLoopback: true,
      platformRetries: 0,
    },
  );
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Multan Mangoes', 'PKR');
  await t.createAdminUser(accountId, 'owner@mangoes.example', 'correct horse battery');
  token = (await t.login('owner@mangoes.example', 'correct horse battery'))!.token;
  // The flow is on before the store connects: checkouts are due only when it was on as they arrived.
  const t1 = await api('POST', '/api/flows/abandoned_checkout/default-template');
  expect(t1.status).toBe(201);
  expect((await api('PATCH', '/api/flows/abandoned_checkout', { enabled: true, delayMinutes: 45 })).status).toBe(200);
  expect(await messageTemplatesOn(server.runtime.database.x).get(accountId, t1.body.templateId)).toBeTruthy();

  woo = await startWooFake({ start: new Date(start).toISOString().slice(0, 19) });
  woo.addCustomer({
    id: 77,
    email: 'sana@example.pk',
    meta_data: [
      { id: 1, key: 'rapport_marketing_consent', value: 'subscribed' },
      { id: 2, key: 'rapport_marketing_consent_at', value: new Date(start - 86_400_000).toISOString().slice(0, 19) },
    ],
  });
  woo.addOrder(
    {
      id: 880,
      status: 'pending',
      payment_method: 'jazzcash',
      date_paid_gmt: null,
      customer_id: 77,
      billing: { first_name: 'Sana', email: 'sana@example.pk', phone: '03211234567', country: 'PK' },
      payment_url: 'https://shop.example.pk/checkout/order-pay/880/?pay_for_order=true&key=wc_order_880',
    },
    'order-cod-processing.json',
  );
  const r = await api('POST', '/api/connections/woocommerce', {
    url: woo.url,
    consumerKey: woo.consumerKey,
    consumerSecret: woo.consumerSecret,
  });
  expect(r.status).toBe(201);
  connectionId = r.body.connection.id;
  await server.runtime.wooSync.idle(connectionId);
});
afterAll(async () => {
  await server.close();
  await woo.close();
});

it('an order left pending, pulled by the sync, gets one message with its payment link; paid later, it is recovered', async () => {
  expect(await checkout('880')).toMatchObject({
    status: 'open',
    recovery_url: 'https://shop.example.pk/checkout/order-pay/880/?pay_for_order=true&key=wc_order_880',
  });
  const deps = server.runtime.messaging.checkouts;
  expect(await runAbandonedCheckouts(deps, later(30))).toEqual({ messaged: 0, skipped: 0 });
  expect(await runAbandonedCheckouts(deps, later(50))).toEqual({ messaged: 1, skipped: 0 });
  expect(await runAbandonedCheckouts(deps, later(55))).toEqual({ messaged: 0, skipped: 0 });
  const html = await sql(server).value<string>(
    `SELECT b.html FROM messages m JOIN message_bodies b ON b.message_id = m.id
     WHERE m.account_id = ? AND m.source_id = 'abandoned_checkout'`,
    accountId,
  );
  expect(html).toContain('href="https://shop.example.pk/checkout/order-pay/880/?pay_for_order=true&amp;key=wc_order_880"');

  woo.updateOrder(880, { status: 'processing', date_paid_gmt: new Date(start + 60 * 60_000).toISOString().slice(0, 19) });
  expect((await api('POST', `/api/connections/woocommerce/${connectionId}/reconcile`, {})).status).toBe(200);
  expect(await checkout('880')).toMatchObject({ status: 'recovered' });
  expect(Number((await checkout('880'))!.recovered_minor)).toBeGreaterThan(0);
});
