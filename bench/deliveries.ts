import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'lossless-json';

// Shopify orders/create deliveries for the benchmarks, built from the real fixture. The body is
// serialised once with placeholders (lossless, so 18-digit ids stay exact) and each delivery only
// fills them in: building 50,000 bodies takes well under a second, none of it in a timed phase.

export const SHOP = 'bench-shop.myshopify.com';
export const SECRET = 'bench-app-secret';
export const FIXTURE_PATH = fileURLToPath(new URL('../test/fixtures/shopify/order-card-paid.json', import.meta.url));

/** A request ready to write: headers (with content-length) and the body bytes. */
export type Prepared = { path: string; headers: Record<string, string>; body: Buffer };

type Slot = 'ORDER_ID' | 'ORDER_NAME' | 'ORDER_NUMBER' | 'CUSTOMER_ID' | 'EMAIL' | 'LAST_NAME';
const mark = (slot: Slot) => `@@${slot}@@`;

type Json = Record<string, unknown>;
/** texts[0] slot[0] texts[1] slot[1] ... texts[n]. */
type Template = { texts: string[]; slots: Slot[] };
let template: Template | undefined;

function loadTemplate(): Template {
  if (template) return template;
  let raw: string;
  try {
    raw = readFileSync(FIXTURE_PATH, 'utf8');
  } catch {
    throw new Error(`bench: fixture ${FIXTURE_PATH} is missing (it is written with the Shopify adapter); nothing to send`);
  }
  const o = parse(raw) as Json;
  const customer = o.customer as Json | undefined;
  const address = customer?.default_address as Json | undefined;
  if (!customer || !address) throw new Error('bench: order-card-paid.json has no customer.default_address; update bench/deliveries.ts');
  Object.assign(o, {
    id: mark('ORDER_ID'),
    admin_graphql_api_id: `gid://shopify/Order/${mark('ORDER_ID')}`,
    name: mark('ORDER_NAME'),
    order_number: mark('ORDER_NUMBER'),
    email: mark('EMAIL'),
    contact_email: mark('EMAIL'),
  });
  Object.assign(customer, {
    id: mark('CUSTOMER_ID'),
    admin_graphql_api_id: `gid://shopify/Customer/${mark('CUSTOMER_ID')}`,
    email: mark('EMAIL'),
    last_name: mark('LAST_NAME'),
  });
  Object.assign(address, { customer_id: mark('CUSTOMER_ID'), last_name: mark('LAST_NAME') });
  const text = stringify(o)!;
  // Split into literal text and slot names; number slots swallow the quotes around them.
  const t: Template = { texts: [], slots: [] };
  const re = /"@@(ORDER_ID|ORDER_NUMBER|CUSTOMER_ID)@@"|@@(ORDER_ID|ORDER_NAME|ORDER_NUMBER|CUSTOMER_ID|EMAIL|LAST_NAME)@@/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    t.texts.push(text.slice(last, m.index));
    t.slots.push((m[1] ?? m[2]) as Slot);
    last = m.index + m[0].length;
  }
  t.texts.push(text.slice(last));
  template = t;
  return t;
}

/** Order `i` of the run: a distinct 18-digit order id; customer `i % customers` (so customers repeat). */
export function orderBody(i: number, customers: number): string {
  const k = i % customers;
  const values: Record<Slot, string> = {
    ORDER_ID: String(900_000_000_000_000_000n + BigInt(i)),
    ORDER_NAME: `#B${i}`,
    ORDER_NUMBER: String(100_000 + i),
    CUSTOMER_ID: String(800_000_000_000_000_000n + BigInt(k)),
    EMAIL: `shopper.${k}@example.com`,
    LAST_NAME: `Shopper${k}`,
  };
  const { texts, slots } = loadTemplate();
  let out = texts[0]!;
  for (let s = 0; s < slots.length; s++) out += values[slots[s]!] + texts[s + 1]!;
  return out;
}

/** A signed Shopify delivery of `body` (webhook and event ids from `key`). */
export function signed(body: Buffer, key: string, topic = 'orders/create', triggeredAt = new Date().toISOString()): Prepared {
  return {
    path: '/webhooks/shopify',
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': SHOP,
      'x-shopify-api-version': '2025-07',
      'x-shopify-webhook-id': `bench-webhook-${key}`,
      'x-shopify-event-id': `bench-event-${key}`,
      'x-shopify-triggered-at': triggeredAt,
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
    },
  };
}

/** Deliveries `from`..`from + count - 1`, each with its own webhook id, event id and HMAC. */
export function signedDeliveries(from: number, count: number, customers = 5_000): Prepared[] {
  const triggeredAt = new Date().toISOString();
  const out: Prepared[] = new Array(count);
  for (let n = 0; n < count; n++)
    out[n] = signed(Buffer.from(orderBody(from + n, customers)), String(from + n), 'orders/create', triggeredAt);
  return out;
}

/** Order `i` (orders/updated) with `lineItems` lean line items: ~1 MB at 16,000, under intake's 5 MB. */
export function hugeOrderDelivery(i: number, lineItems: number): Prepared {
  const o = parse(orderBody(i, 5_000)) as Json;
  o.line_items = Array.from({ length: lineItems }, (_, n) => ({ id: 700_000 + n, title: `Item ${n}`, price: '1.00', quantity: 1 }));
  return signed(Buffer.from(stringify(o)!), `huge-${i}`, 'orders/updated');
}
