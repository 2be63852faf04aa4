import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { startShopifySyncScheduler } from '../../src/jobs/shopify-sync.scheduler.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { SHOPIFY_WEBHOOK_TOPICS, topicsFor } from '../../src/platforms/shopify/webhooks.register.ts';
import { createRuntime } from '../../src/runtime.ts';
import { startShopifyAppFake, type ShopifyAppFake } from '../fakes/shopify-app.fake.ts';
import { startWooFake } from '../fakes/woocommerce.fake.ts';
import { TEST_ENCRYPTION_KEY } from '../helpers/server.ts';
import { gqlCustomer, gqlOrder } from '../helpers/shopify-orders.ts';

// `rapport connect shopify` and `rapport disconnect` as child processes against a temporary
// SQLite file, with Admin API calls sent to the local Shopify fake (SHOPIFY_ADMIN_ORIGIN).

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-connect-'));
const dbFile = join(dir, 'cli.sqlite');
const TOKEN = 'shpat_right0123456789abcdef0123456789';
const LATER_TOKEN = 'shpat_later0123456789abcdef012345678';
const HOOK_URI = 'https://crm.example.pk/webhooks/shopify';
const env = {
  DATABASE_URL: `file:${dbFile}`,
  ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'https://crm.example.pk/',
  OUTBOUND_ALLOW_PRIVATE: '127.0.0.1',
}; // the local WooCommerce fake
let fake: ShopifyAppFake;
let later: ShopifyAppFake;

const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

beforeAll(async () => {
  fake = await startShopifyAppFake({
    apiKey: 'unused',
    apiSecret: 'unused',
    accessToken: TOKEN,
    customers: [gqlCustomer(1), gqlCustomer(2)],
    orders: [
      gqlOrder({ n: 1, createdAt: ago(200), customer: 1 }),
      gqlOrder({ n: 2, createdAt: ago(20), customer: 2 }),
      gqlOrder({ n: 3, createdAt: ago(2), customer: 2 }),
    ],
  });
  later = await startShopifyAppFake({
    apiKey: 'unused',
    apiSecret: 'unused',
    accessToken: LATER_TOKEN,
    orders: [gqlOrder({ n: 9, createdAt: ago(3), customer: 9 })],
  });
});
afterAll(async () => {
  await fake.close();
  await later.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function rapport(origin: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/rapport.js', ...args], {
      env: { ...process.env, ...env, SHOPIFY_ADMIN_ORIGIN: origin },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function db<T>(read: (d: Database.Database) => T): T {
  const d = new Database(dbFile, { readonly: true });
  try {
    return read(d);
  } finally {
    d.close();
  }
}
type Row = {
  id: string;
  status: string;
  name: string;
  currency: string;
  country: string | null;
  timezone: string | null;
  access_token_enc: string | null;
  webhook_secret_enc: string | null;
};
const connection = (domain: string) => db((d) => d.prepare('SELECT * FROM connections WHERE domain = ?').get(domain) as Row | undefined);
const ordersOf = (id: string) =>
  db((d) => (d.prepare('SELECT count(*) AS n FROM orders WHERE connection_id = ?').get(id) as { n: number }).n);
const dbBytes = () => readFileSync(dbFile).toString('latin1') + readFileSync(`${dbFile}-wal`, { flag: 'a+' }).toString('latin1');
const shopify = (origin: string, shop: string, token: string, ...more: string[]) =>
  rapport(origin, 'connect', 'shopify', '--shop', shop, '--access-token', token, '--webhook-secret', 'whsec-cli-123', ...more);

describe('rapport connect shopify', () => {
  it('refuses a wrong token in one line and stores nothing', async () => {
    const r = await shopify(fake.origin, 'cli-shop.myshopify.com', 'shpat_wrong_token_000');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rapport: The access token was refused by cli-shop\.myshopify\.com \(401\): .+\n$/);
    expect(r.stderr).not.toContain('shpat_wrong_token_000');
    expect(connection('cli-shop.myshopify.com')).toBeUndefined();
    expect(fake.subscriptions).toEqual([]);
  });

  it('names the missing required scopes and stores nothing', async () => {
    fake.setScope('read_orders,read_all_orders');
    const r = await shopify(fake.origin, 'cli-shop.myshopify.com', TOKEN);
    fake.setScope('read_customers,write_customers,read_orders,read_all_orders,read_products,write_discounts');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lacks the scopes read_customers\b/);
    expect(r.stderr).not.toMatch(/read_orders/);
    expect(connection('cli-shop.myshopify.com')).toBeUndefined();
  });

  it('takes currency, country and name from the shop, warns about optional scopes and subscribes the webhooks', async () => {
    fake.setScope('read_customers,read_orders');
    const r = await shopify(fake.origin, 'cli-shop.myshopify.com', TOKEN, '--no-import');
    fake.setScope('read_customers,write_customers,read_orders,read_all_orders,read_products,write_discounts');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Connected Rapport Test Shop (cli-shop.myshopify.com)');
    expect(r.stdout).toMatch(/Currency PKR, country PK, time zone Asia\/Karachi/);
    for (const scope of ['read_all_orders', 'write_discounts', 'write_customers', 'read_products'])
      expect(r.stdout).toMatch(new RegExp(`Warning: Scope ${scope} is not granted: .+`));
    // Shopify refuses product topics without read_products: left out until it is granted.
    const allowed = topicsFor('read_customers,read_orders');
    expect(allowed).not.toContain('products/update');
    expect(r.stdout).toContain(`Webhooks: ${allowed.length} subscribed, 0 already subscribed, delivered to ${HOOK_URI}.`);
    expect(fake.subscriptions.map((s) => s.topic)).not.toContain('PRODUCTS_UPDATE');
    expect(r.stdout).toMatch(/Compliance topics .* cannot be subscribed by API/);
    expect(connection('cli-shop.myshopify.com')).toMatchObject({
      status: 'active',
      name: 'Rapport Test Shop',
      currency: 'PKR',
      country: 'PK',
      timezone: 'Asia/Karachi',
    });
    expect(ordersOf(connection('cli-shop.myshopify.com')!.id)).toBe(0); // --no-import
  });

  it('run again: no duplicate webhooks, overrides win, and the import runs in the foreground with progress', async () => {
    const r = await shopify(fake.origin, 'cli-shop.myshopify.com', TOKEN, '--currency', 'USD', '--name', 'My shop');
    expect(r.code, r.stderr).toBe(0);
    // read_products granted since: its three topics now, the rest already there.
    expect(r.stdout).toContain(`Webhooks: 3 subscribed, ${SHOPIFY_WEBHOOK_TOPICS.length - 3} already subscribed`);
    expect(fake.subscriptions).toHaveLength(SHOPIFY_WEBHOOK_TOPICS.length);
    expect(new Set(fake.subscriptions.map((s) => s.topic)).size).toBe(SHOPIFY_WEBHOOK_TOPICS.length);
    expect(fake.subscriptions.every((s) => s.uri === HOOK_URI && s.format === 'JSON')).toBe(true);
    expect(fake.subscriptions.map((s) => s.topic)).toEqual(
      expect.arrayContaining([
        'ORDERS_CREATE',
        'ORDERS_PARTIALLY_FULFILLED',
        'REFUNDS_CREATE',
        'CUSTOMERS_DELETE',
        'PRODUCTS_UPDATE',
        'APP_UNINSTALLED',
      ]),
    );
    expect(r.stdout).toMatch(/Importing customers: 2 of 2 records \(100%\), completed/);
    expect(r.stdout).toMatch(/Importing orders: 3 of 3 records \(100%\), completed/);
    expect(r.stdout).toContain('History import finished.');
    const c = connection('cli-shop.myshopify.com')!;
    expect(c).toMatchObject({ name: 'My shop', currency: 'USD', country: 'PK' });
    expect(ordersOf(c.id)).toBe(3); // read_all_orders granted: the 200-day-old order too
    expect(r.stdout).not.toContain(TOKEN);
    expect(dbBytes()).not.toContain(TOKEN);
  });

  it('--no-verify stores an unverified connection that the server verifies, subscribes and imports once Shopify answers', async () => {
    expect((await shopify(later.origin, 'later-shop.myshopify.com', LATER_TOKEN, '--no-verify')).stderr).toMatch(
      /--no-verify needs --currency/,
    );
    const r = await shopify('http://127.0.0.1:9', 'later-shop.myshopify.com', LATER_TOKEN, '--no-verify', '--currency', 'PKR');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/unverified/);
    const stored = connection('later-shop.myshopify.com')!;
    expect(stored).toMatchObject({ status: 'unverified', currency: 'PKR', country: null });
    expect(later.requests).toHaveLength(0);

    const config = loadConfig({ ...env, NODE_ENV: 'test', SHOPIFY_ADMIN_ORIGIN: later.origin });
    const rt = await createRuntime(config, createLogger('silent'), { shopifyBulk: { pollMs: 20 } });
    try {
      // Not used for anything while unverified.
      expect(await rt.shopify.startBackfill(stored.id)).toMatchObject({ started: false });
      const scheduler = startShopifySyncScheduler({
        shopify: rt.shopify,
        logger: createLogger('silent'),
        reconcileMs: 3_600_000,
        writebackMs: 3_600_000,
      });
      for (let i = 0; i < 100 && (await rt.tenancy.connection(stored.id))?.status !== 'active'; i++)
        await new Promise((res) => setTimeout(res, 50));
      await scheduler.stop();
      await rt.shopify.idle();
    } finally {
      await rt.close();
    }
    expect(connection('later-shop.myshopify.com')).toMatchObject({
      status: 'active',
      name: 'Rapport Test Shop',
      currency: 'PKR',
      country: 'PK',
      timezone: 'Asia/Karachi',
    });
    expect(later.subscriptions).toHaveLength(SHOPIFY_WEBHOOK_TOPICS.length);
    expect(ordersOf(stored.id)).toBe(1);
  });
});

describe('rapport disconnect', () => {
  it('removes the Shopify subscriptions at the store and the secrets here, keeps the orders; again is a no-op', async () => {
    const id = connection('cli-shop.myshopify.com')!.id;
    const r = await rapport(fake.origin, 'disconnect', id);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Removed ${SHOPIFY_WEBHOOK_TOPICS.length} webhook subscription(s) at the store.`);
    expect(r.stdout).toMatch(/Customer profiles, orders and points .* are kept/);
    expect(fake.subscriptions).toEqual([]);
    expect(connection('cli-shop.myshopify.com')).toMatchObject({
      status: 'disconnected',
      access_token_enc: null,
      webhook_secret_enc: null,
    });
    expect(ordersOf(id)).toBe(3);
    const again = await rapport(fake.origin, 'disconnect', id);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already disconnected/);
    expect((await rapport(fake.origin, 'disconnect', 'con_nope')).stderr).toMatch(/No connection con_nope/);
  });

  it('still deletes the keys when the store cannot be reached, and says what was left there', async () => {
    await later.close();
    const id = connection('later-shop.myshopify.com')!.id;
    const r = await rapport(later.origin, 'disconnect', id);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Warning: could not remove its webhooks at the store \(.+\); 0 removed/);
    expect(connection('later-shop.myshopify.com')).toMatchObject({
      status: 'disconnected',
      access_token_enc: null,
      webhook_secret_enc: null,
    });
  });

  it('deletes the WooCommerce webhooks Rapport registered and the REST keys', async () => {
    const woo = await startWooFake();
    try {
      const c = await rapport(
        fake.origin,
        'connect',
        'woocommerce',
        '--url',
        woo.url,
        '--consumer-key',
        woo.consumerKey,
        '--consumer-secret',
        woo.consumerSecret,
      );
      expect(c.code, c.stderr).toBe(0);
      const id = /as (con_\w+)/.exec(c.stdout)![1]!;
      const rt = await createRuntime(loadConfig({ ...env, NODE_ENV: 'test' }), createLogger('silent'));
      try {
        await rt.wooSync.registerWebhooks(id);
      } finally {
        await rt.close();
      }
      expect(woo.webhooks.size).toBe(11);
      const r = await rapport(fake.origin, 'disconnect', id);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Removed 11 webhook subscription(s) at the store.');
      expect(woo.webhooks.size).toBe(0);
      const row = db((d) => d.prepare('SELECT * FROM connections WHERE id = ?').get(id)) as Record<string, unknown>;
      expect(row).toMatchObject({
        status: 'disconnected',
        api_key_enc: null,
        api_secret_enc: null,
        webhook_secret_enc: null,
        storefront_secret_enc: null,
      });
    } finally {
      await woo.close();
    }
  });
});
