import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { fixture, fixtureObject } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, postWoo } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Marketing consent from both platforms becomes one canonical decision per channel, and the
// program's newsletter points are paid exactly once per customer, whatever the platforms send:
// duplicates, out-of-order deliveries, unsubscribing and subscribing again.

const SHOP = 'sialkot-sports.myshopify.com';
const WOO_SECRET = 'woo-consent-webhook-secret';
let server: TestServer;
let shopifyConnection: string;
let wooConnection: string;

const CONSENT_TOPIC = 'customers_email_marketing_consent/update';
const shopperId = String(fixtureObject('shopify/customer-create.json').id);

async function shopify(topic: string, body: string, webhookId?: string) {
  const res = await postShopify(server.url, { topic, shop: SHOP, body, webhookId });
  expect(res.status).toBe(200);
  await server.drain();
}

async function woo(topic: string, body: string) {
  const res = await postWoo(server.url, { connectionId: wooConnection, topic, body, secret: WOO_SECRET });
  expect(res.status).toBe(200);
  await server.drain();
}

function consentBody(state: string, at: string | null, level: string | null = 'single_opt_in'): string {
  return fixture('shopify/customers-email-marketing-consent-update.json', {
    email_marketing_consent: { state, opt_in_level: level, consent_updated_at: at },
  });
}

async function customerOf(connectionId: string, externalId: string): Promise<string> {
  return (await sql(server).value<string>(
    'SELECT customer_id FROM customer_identities WHERE connection_id = ? AND external_id = ?',
    connectionId,
    externalId,
  ))!;
}

async function newsletterPoints(customerId: string): Promise<number[]> {
  return (
    await sql(server).all<{ d: number }>(
      "SELECT available_delta AS d FROM points_ledger WHERE customer_id = ? AND reason = 'newsletter' ORDER BY id",
      customerId,
    )
  ).map((r) => r.d);
}

function consent(customerId: string) {
  return sql(server).get<Record<string, string | null>>(
    `SELECT state, source, detail, decided_at AS "decidedAt", first_subscribed_at AS "firstSubscribedAt" FROM customer_consents WHERE customer_id = ? AND channel = 'email'`,
    customerId,
  );
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const a = await t.createAccount('Sialkot Sports', 'PKR');
  shopifyConnection = (await t.upsertConnection({ accountId: a, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' })).id;
  const w = await t.createAccount('Karachi Consent', 'PKR');
  wooConnection = (
    await t.upsertConnection({
      accountId: w,
      platform: 'woocommerce',
      domain: 'https://shop.example.pk/',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: WOO_SECRET,
    })
  ).id;
  for (const account of [a, w]) {
    await server.runtime.store.transaction((repos) =>
      saveProgram(
        repos,
        account,
        {
          earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
          earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
          actions: { newsletter: 40 },
        },
        'test',
        new Date().toISOString(),
      ),
    );
  }
});
afterAll(() => server.close());

describe('Shopify customers_email_marketing_consent/update', () => {
  it('a subscription before the customer is known starts the profile and pays 40 points once', async () => {
    await shopify(CONSENT_TOPIC, consentBody('subscribed', '2026-11-20T10:00:00+05:00', 'confirmed_opt_in'), 'consent-1');
    const id = await customerOf(shopifyConnection, shopperId);
    expect(await newsletterPoints(id)).toEqual([40]);
    expect(await consent(id)).toEqual({
      state: 'subscribed',
      source: 'shopify',
      detail: 'subscribed/confirmed_opt_in',
      decidedAt: '2026-11-20T05:00:00.000Z',
      firstSubscribedAt: '2026-11-20T05:00:00.000Z',
    });

    // The customer's own payload, arriving later, fills the profile in (its version is newer).
    await shopify('customers/create', fixture('shopify/customer-create.json'));
    expect(await customerOf(shopifyConnection, shopperId)).toBe(id);
    expect(await sql(server).value('SELECT first_name FROM customers WHERE id = ?', id)).toBe('بلال');
  });

  it('a redelivery (same webhook id) and a second delivery of the same decision pay nothing', async () => {
    const id = await customerOf(shopifyConnection, shopperId);
    await shopify(CONSENT_TOPIC, consentBody('subscribed', '2026-11-20T10:00:00+05:00', 'confirmed_opt_in'), 'consent-1');
    await shopify(CONSENT_TOPIC, consentBody('subscribed', '2026-11-20T10:00:00+05:00', 'confirmed_opt_in'), 'consent-1b');
    expect(await newsletterPoints(id)).toEqual([40]);
  });

  it('an older decision delivered late never overwrites a newer one', async () => {
    const id = await customerOf(shopifyConnection, shopperId);
    await shopify(CONSENT_TOPIC, consentBody('not_subscribed', '2026-11-19T09:00:00Z', null));
    expect(await consent(id)).toMatchObject({ state: 'subscribed', decidedAt: '2026-11-20T05:00:00.000Z' });
  });

  it('unsubscribing and subscribing again is recorded, and pays nothing more', async () => {
    const id = await customerOf(shopifyConnection, shopperId);
    await shopify(CONSENT_TOPIC, consentBody('unsubscribed', '2026-11-25T08:00:00Z', null));
    expect(await consent(id)).toMatchObject({ state: 'unsubscribed', firstSubscribedAt: '2026-11-20T05:00:00.000Z' });
    await shopify(CONSENT_TOPIC, consentBody('subscribed', '2026-11-26T08:00:00Z'));
    expect(await consent(id)).toMatchObject({
      state: 'subscribed',
      decidedAt: '2026-11-26T08:00:00.000Z',
      firstSubscribedAt: '2026-11-20T05:00:00.000Z',
    });
    expect(await newsletterPoints(id)).toEqual([40]);
    expect(await sql(server).count("SELECT count(*) FROM timeline_events WHERE customer_id = ? AND kind = 'consent_changed'", id)).toBe(3);
  });

  it('pending (double opt-in not confirmed) is not a subscription', async () => {
    const body = fixture('shopify/customers-email-marketing-consent-update.json', {
      customer_id: 11,
      email_address: 'pending@example.pk',
      email_marketing_consent: { state: 'pending', opt_in_level: 'confirmed_opt_in', consent_updated_at: '2026-11-21T00:00:00Z' },
    });
    await shopify(CONSENT_TOPIC, body);
    const id = await customerOf(shopifyConnection, '11');
    expect(await consent(id)).toMatchObject({ state: 'unknown', detail: 'pending/confirmed_opt_in' });
    expect(await newsletterPoints(id)).toEqual([]);
  });

  it('consent inside a customers/update payload (API versions before 2025-01) counts the same way', async () => {
    const body = fixture('shopify/customer-create.json', {
      id: 12,
      email: 'legacy@example.pk',
      phone: null,
      addresses: [],
      default_address: null,
      updated_at: '2026-11-22T00:00:00Z',
      email_marketing_consent: { state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: '2026-11-22T00:00:00Z' },
    });
    await shopify('customers/update', body);
    await shopify('customers/update', body);
    expect(await newsletterPoints(await customerOf(shopifyConnection, '12'))).toEqual([40]);
  });

  it('subscriptions from before the program started pay nothing (no windfall from history)', async () => {
    const body = fixture('shopify/customers-email-marketing-consent-update.json', {
      customer_id: 13,
      email_address: 'old@example.pk',
      email_marketing_consent: { state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: '2025-06-01T00:00:00Z' },
    });
    await shopify(CONSENT_TOPIC, body);
    const id = await customerOf(shopifyConnection, '13');
    expect(await consent(id)).toMatchObject({ state: 'subscribed' });
    expect(await newsletterPoints(id)).toEqual([]);
  });
});

describe('WooCommerce: the plugin opt-in on the customer (meta_data)', () => {
  const customer = (state: string, at: string, modified: string) =>
    fixture('woocommerce/customer-created.json', {
      date_modified_gmt: modified,
      meta_data: [
        { id: 1, key: 'rapport_marketing_consent', value: state },
        { id: 2, key: 'rapport_marketing_consent_at', value: at },
      ],
    });

  it('subscribes once, ignores an out-of-order older payload, and never pays twice', async () => {
    await woo('customer.updated', customer('subscribed', '2026-11-20T10:00:00', '2026-11-20T10:00:01'));
    const id = await customerOf(wooConnection, '26');
    expect(await newsletterPoints(id)).toEqual([40]);
    expect(await consent(id)).toMatchObject({ state: 'subscribed', source: 'woocommerce_plugin', decidedAt: '2026-11-20T10:00:00.000Z' });

    // Duplicate delivery, then an older payload (WooCommerce does not order deliveries either).
    await woo('customer.updated', customer('subscribed', '2026-11-20T10:00:00', '2026-11-20T10:00:01'));
    await woo('customer.updated', customer('unsubscribed', '2026-11-19T10:00:00', '2026-11-19T10:00:01'));
    expect(await consent(id)).toMatchObject({ state: 'subscribed' });

    await woo('customer.updated', customer('unsubscribed', '2026-11-21T10:00:00', '2026-11-21T10:00:01'));
    await woo('customer.updated', customer('subscribed', '2026-11-22T10:00:00', '2026-11-22T10:00:01'));
    expect(await consent(id)).toMatchObject({ state: 'subscribed', decidedAt: '2026-11-22T10:00:00.000Z' });
    expect(await newsletterPoints(id)).toEqual([40]);
  });

  it('a customer without the plugin meta has no consent row and no points', async () => {
    await woo(
      'customer.created',
      fixture('woocommerce/customer-created.json', {
        id: 27,
        email: 'plain@example.pk',
        billing: { email: 'plain@example.pk', phone: '' },
      }),
    );
    const id = await customerOf(wooConnection, '27');
    expect(await consent(id)).toBeUndefined();
    expect(await newsletterPoints(id)).toEqual([]);
  });
});
