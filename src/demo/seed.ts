import type { CanonicalCustomer, CanonicalOrder, FulfilmentStatus, PaymentMethod } from '../crm/events.ts';
import { applyEvent } from '../crm/ingest.service.ts';
import { query } from '../db/sql/executor.ts';
import type { Runtime } from '../runtime.ts';
import { DEMO_LOGIN } from './demo-login.ts';
import { seedLoyalty } from './loyalty.ts';
import { demoShopper, type DemoShopper } from './names.ts';
import { loadPurchases, mulberry32, type Purchase } from './purchases.ts';

// The demo merchant: a Pakistani Shopify store (PKR, mostly cash on delivery) and a WooCommerce
// store selling abroad (USD, cards), sharing some shoppers. Everything goes through the same
// canonical events and domain services as real webhooks.

export const DEMO_ACCOUNT_ID = 'acc_demo';
export { DEMO_LOGIN } from './demo-login.ts';
const PKR_PER_USD = 280;
const TITLES = [
  'Coke Studio Season 14',
  'Nusrat Fateh Ali Khan: Mustt Mustt',
  'Abida Parveen Live',
  'Diljit Dosanjh: G.O.A.T.',
  'Arijit Singh Unplugged',
  'The Beatles: Abbey Road',
  'Ali Sethi: Rung',
  'Noor Jehan Classics',
];

type SeedSummary = { customers: number; orders: number; connections: number; source: string; tookMs: number };

export async function demoExists(rt: Runtime): Promise<boolean> {
  return (await rt.tenancy.getAccount(DEMO_ACCOUNT_ID)) !== undefined;
}

const deleteAccount = query('DELETE FROM accounts WHERE id = :id');

/** Deletes the demo account; foreign keys cascade to every row of the account, on either database. */
export async function removeDemo(rt: Runtime): Promise<void> {
  await rt.database.x.run(deleteAccount, { id: DEMO_ACCOUNT_ID });
}

export async function seedDemo(rt: Runtime, options: { customers?: number; now?: Date } = {}): Promise<SeedSummary> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const { purchases, source } = loadPurchases(options.customers ?? 2357, now);
  await rt.tenancy.createAccount('Rapport Demo Bazaar', 'PKR', DEMO_ACCOUNT_ID);
  await rt.tenancy.createAdminUser(DEMO_ACCOUNT_ID, DEMO_LOGIN.email, DEMO_LOGIN.password);
  const shopify = (
    await rt.tenancy.upsertConnection({
      accountId: DEMO_ACCOUNT_ID,
      platform: 'shopify',
      domain: 'rapport-demo.myshopify.com',
      name: 'Demo Bazaar (Shopify)',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: 'demo-secret',
    })
  ).id;
  const woo = (
    await rt.tenancy.upsertConnection({
      accountId: DEMO_ACCOUNT_ID,
      platform: 'woocommerce',
      domain: 'https://demo-woo.rapport.local/',
      name: 'Demo Bazaar Abroad (WooCommerce)',
      currency: 'USD',
      country: 'GB',
      webhookSecret: 'demo-secret',
    })
  ).id;

  await seedLoyalty(rt, DEMO_ACCOUNT_ID, new Date(Math.min(...purchases.map((p) => p.date.getTime()))), now);

  const byCustomer = new Map<number, Purchase[]>();
  for (const p of purchases) byCustomer.set(p.customer, [...(byCustomer.get(p.customer) ?? []), p]);
  let orders = 0;
  for (const [id, list] of byCustomer) {
    const shopper = demoShopper(id);
    const rand = mulberry32(id);
    const onWoo = shopper.country === 'GB' || (shopper.country === 'IN' && rand() < 0.5);
    const both = rand() < 0.05 && shopper.email !== null; // shops in both stores with one email
    const guest = rand() < 0.1;
    for (const [n, p] of list.entries()) {
      const useWoo = both ? n % 2 === 1 : onWoo;
      const connectionId = useWoo ? woo : shopify;
      const customer = guest ? null : canonicalCustomer(shopper, useWoo ? `w${id}` : `s${id}`, p.date);
      if (customer && n === 0) await applyEvent(rt.store, connectionId, { type: 'customer.upserted', customer }, now.toISOString());
      await applyEvent(
        rt.store,
        connectionId,
        { type: 'order.upserted', order: demoOrder(shopper, customer, p, `${id}-${n}`, useWoo, now, rand) },
        now.toISOString(),
      );
      orders++;
    }
  }
  return { customers: byCustomer.size, orders, connections: 2, source, tookMs: Date.now() - started };
}

function canonicalCustomer(s: DemoShopper, externalId: string, firstSeen: Date): CanonicalCustomer {
  return {
    externalId,
    email: s.email,
    phone: s.phone,
    firstName: s.firstName,
    lastName: s.lastName,
    locale: s.country === 'PK' ? 'ur' : s.country === 'IN' ? 'pa' : 'en',
    tags: null,
    addresses: [
      {
        name: `${s.firstName} ${s.lastName}`,
        line1: `House ${(s.id % 97) + 1}, Block ${String.fromCharCode(65 + (s.id % 6))}`,
        line2: null,
        city: s.city,
        province: null,
        zip: null,
        countryCode: s.country,
        phone: s.phone,
      },
    ],
    createdAt: firstSeen.toISOString(),
    updatedAt: firstSeen.toISOString(),
  };
}

function demoOrder(
  s: DemoShopper,
  customer: CanonicalCustomer | null,
  p: Purchase,
  key: string,
  woo: boolean,
  now: Date,
  rand: () => number,
): CanonicalOrder {
  const currency = woo ? 'USD' : 'PKR';
  const totalMinor = woo ? Math.round(p.dollars * 100) : Math.round(p.dollars * PKR_PER_USD) * 100;
  const ageDays = (now.getTime() - p.date.getTime()) / 86_400_000;
  const method: PaymentMethod = woo ? 'card' : rand() < 0.75 ? 'cod' : rand() < 0.6 ? 'card' : 'wallet';
  const placed = p.date.toISOString();
  const later = (days: number) => new Date(p.date.getTime() + days * 86_400_000).toISOString();
  let fulfilment: FulfilmentStatus = ageDays > 10 ? 'delivered' : ageDays > 3 ? 'fulfilled' : 'unfulfilled';
  let cancelledAt: string | null = null;
  let paidAt: string | null = method === 'cod' ? (fulfilment === 'delivered' ? later(5) : null) : placed;
  if (method === 'cod' && ageDays > 10 && rand() < 0.08) {
    fulfilment = 'returned'; // returned to origin: the shopper refused the parcel
    cancelledAt = later(9);
    paidAt = null;
  } else if (method !== 'cod' && rand() < 0.02) {
    cancelledAt = later(1);
  }
  const refund = method !== 'cod' && !cancelledAt && rand() < 0.04 ? Math.round(totalMinor * 0.3) : 0;
  const lines = Math.min(p.units, 1 + Math.floor(rand() * 3));
  const lineItems = Array.from({ length: lines }, (_, i) => {
    const quantity = i === lines - 1 ? p.units - (lines - 1) : 1;
    const share = i === lines - 1 ? totalMinor - Math.floor(totalMinor / p.units) * (p.units - quantity) : Math.floor(totalMinor / p.units);
    return {
      externalId: `${key}-${i}`,
      productId: String(100 + ((p.customer + i) % TITLES.length)),
      variantId: null,
      sku: `CD-${(p.customer + i) % TITLES.length}`,
      title: TITLES[(p.customer + i) % TITLES.length]!,
      quantity,
      priceMinor: Math.round(share / quantity),
      totalMinor: share,
      giftCard: false,
    };
  });
  const updatedAt = cancelledAt ?? (fulfilment === 'delivered' ? later(5) : placed);
  return {
    externalId: key,
    name: `#${key}`,
    email: s.email,
    phone: s.phone,
    customer,
    guestName: customer ? null : { firstName: s.firstName, lastName: s.lastName },
    status: cancelledAt ? 'cancelled' : fulfilment === 'delivered' ? 'closed' : 'open',
    paymentStatus: refund ? 'partially_refunded' : paidAt ? 'paid' : cancelledAt ? 'voided' : 'pending',
    fulfilmentStatus: fulfilment,
    paymentMethod: method,
    platformStatus: woo ? (fulfilment === 'delivered' ? 'completed' : 'processing') : fulfilment === 'returned' ? 'rto' : null,
    gateway: method === 'cod' ? 'Cash on Delivery (COD)' : method === 'wallet' ? 'JazzCash' : 'Card',
    currency,
    subtotalMinor: totalMinor,
    shippingMinor: 0,
    taxMinor: 0,
    discountMinor: 0,
    totalMinor,
    presentment: null,
    placedAt: placed,
    paidAt,
    fulfilledAt: fulfilment === 'unfulfilled' ? null : later(2),
    deliveredAt: fulfilment === 'delivered' ? later(5) : null,
    cancelledAt,
    updatedAt,
    trashed: false,
    test: false,
    lineItems,
    refunds: refund
      ? [{ externalId: `r${key}`, orderExternalId: key, amountMinor: refund, currency, reason: 'Damaged case', createdAt: later(7) }]
      : [],
    discountCodes: [],
    shippingAddress: customer?.addresses[0] ?? null,
    billingAddress: null,
  };
}
