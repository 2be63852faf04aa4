import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveCustomer } from '../../src/crm/customers/customers.service.ts';
import { adjustPoints } from '../../src/crm/loyalty/actions.service.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { createTier } from '../../src/crm/loyalty/tier-admin.service.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { describeWithPhp } from '../helpers/php.ts';

// The whole plugin, loaded by php-cli under a small WordPress + WooCommerce stand-in
// (tests/wp-harness.php: the documented hook and registry shapes), talking over real HTTP to a
// real Rapport server: it declares HPOS and Cart/Checkout blocks compatibility, registers its
// Store API cart data and its blocks integration on both blocks, puts the same "earn" figure in
// the Store API and the classic cart, and offers the privacy text.

const PLUGIN = fileURLToPath(new URL('../../extensions/woocommerce/rapport-loyalty/', import.meta.url));
const SITE = 'https://hooks.example.pk';
const SECRET = 'hooks-storefront-secret-0123456789abcdef';

let server: TestServer;
let connectionId: string;

/** php-cli without blocking the event loop: the plugin calls the server running in this process. */
function php(args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('php', args, { cwd: PLUGIN });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`php exited ${code}: ${err}${out}`))));
    child.stdin.end(input);
  });
}

async function runPlugin(
  user: { id: number; email: string } | null,
  cart: Array<{ product_id: number; variation_id: number; line_total: number }>,
) {
  const input = {
    settings: { connection_id: connectionId, rapport_url: server.url, storefront_secret: SECRET, widget_url: '' },
    home: SITE,
    user,
    currency: 'PKR',
    cart,
    shipping: 200,
    tax: 90,
  };
  return JSON.parse(await php(['tests/wp-harness.php'], JSON.stringify(input))) as Record<string, any>;
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Hooks', 'PKR');
  connectionId = (
    await t.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: `${SITE}/`,
      currency: 'PKR',
      country: 'PK',
      storefrontSecret: SECRET,
    })
  ).id;
  const at = new Date().toISOString();
  await server.runtime.store.transaction(async (repos) => {
    await saveProgram(
      repos,
      accountId,
      { earnOrdersPlacedFrom: '2020-01-01T00:00:00Z', earning: { rates: [{ currency: 'PKR', points: 2, per: '100' }], rounding: 'round' } },
      'test',
      at,
    );
    await createTier(repos, accountId, { name: 'Gold', threshold: 50, multiplier: 2, entryPoints: 0, perks: null }, at);
    const connection = (await repos.connections.get(connectionId))!;
    const { customerId } = await resolveCustomer(
      repos,
      connection,
      {
        externalId: '41',
        email: 'gold@example.pk',
        phone: null,
        firstName: 'G',
        lastName: 'M',
        locale: null,
        tags: [],
        addresses: [],
        createdAt: at,
        updatedAt: at,
      },
      at,
    );
    await adjustPoints(repos, accountId, customerId!, 60, 'seed', 'staff:test', 'seed-41', at);
  });
});
afterAll(() => server.close());

describeWithPhp('the plugin in a WooCommerce store', () => {
  it('declares HPOS and Cart and Checkout blocks compatibility', async () => {
    const r = await runPlugin(null, []);
    expect(r.compat).toEqual(
      expect.arrayContaining([
        ['custom_order_tables', 'rapport-loyalty.php', true],
        ['cart_checkout_blocks', 'rapport-loyalty.php', true],
      ]),
    );
  });

  it('registers its blocks integration on the cart and the checkout block, with its script and translations', async () => {
    const r = await runPlugin(null, []);
    for (const block of ['cart', 'checkout']) {
      expect(r.registries[block]['rapport-loyalty']).toEqual({
        scripts: ['rapport-loyalty-blocks'],
        editor: [],
        data: { joinUrl: 'https://shop.test/my-account/' },
      });
    }
    expect(r.scripts['rapport-loyalty-blocks'].src).toMatch(/assets\/rapport-loyalty-blocks\.js$/);
    expect(r.scripts['rapport-loyalty-blocks'].deps).toEqual(
      expect.arrayContaining(['wc-blocks-checkout', 'wc-settings', 'wp-plugins', 'wp-element', 'wp-i18n']),
    );
    expect(r.translations).toContainEqual(['rapport-loyalty-blocks', 'rapport-loyalty', true]);
    const script = readFileSync(join(PLUGIN, 'assets/rapport-loyalty-blocks.js'), 'utf8');
    expect(script).toContain("getSetting( 'rapport-loyalty_data'");
    expect(script).toContain("props.extensions[ 'rapport-loyalty' ]");
    expect(script).toContain("scope: 'woocommerce-checkout'");
  });

  it("a member's Store API cart data and classic cart show the same figure, from the server's rule with their tier", async () => {
    // 1,000.50 + 499.99 = 1,500.49 of goods; 2 per 100, rounded, x2 (Gold): 60.0196 -> 60.
    const r = await runPlugin({ id: 41, email: 'gold@example.pk' }, [
      { product_id: 501, variation_id: 0, line_total: 1000.5 },
      { product_id: 7001, variation_id: 7002, line_total: 499.99 },
    ]);
    expect(r.storeApi).toHaveLength(1);
    expect(r.storeApi[0]).toMatchObject({
      endpoint: 'cart',
      namespace: 'rapport-loyalty',
      schema_type: 'ARRAY_A',
      data: { points: 60, formatted: '60', logged_in: true },
    });
    expect(Object.keys(r.storeApi[0].schema).sort()).toEqual(['formatted', 'logged_in', 'points']);
    expect(r.classicCart).toContain('Earn 60 points with this purchase.');
    expect(r.classicCart).not.toContain('rapport-earn__join');
    // One signed request for both: the rule is cached per member.
    expect(r.requests).toEqual([{ url: `${server.url}/storefront/woocommerce/${connectionId}/loyalty/earning`, authorized: true }]);
    expect(r.transients).toEqual(['rapport_loyalty_rule_41']);
  });

  it('a guest sees the rule without a multiplier and an invitation to join; an empty cart shows nothing', async () => {
    const guest = await runPlugin(null, [{ product_id: 501, variation_id: 0, line_total: 150 }]);
    expect(guest.storeApi[0].data).toEqual({ points: 3, formatted: '3', logged_in: false });
    expect(guest.classicCart).toContain('Earn 3 points with this purchase.');
    expect(guest.classicCart).toContain('rapport-earn__join');
    expect(guest.requests).toEqual([{ url: expect.stringContaining('/loyalty/earning'), authorized: false }]);
    expect(guest.transients).toEqual(['rapport_loyalty_rule']);
    const empty = await runPlugin(null, []);
    expect(empty.storeApi[0].data).toEqual({ points: null, formatted: '', logged_in: false });
    expect(empty.classicCart).toBe('');
  });

  it('when Rapport cannot be reached, nothing is shown and the failure is cached briefly', async () => {
    const input = {
      settings: { connection_id: connectionId, rapport_url: 'http://127.0.0.1:9', storefront_secret: SECRET, widget_url: '' },
      home: SITE,
      user: null,
      currency: 'PKR',
      cart: [{ product_id: 501, variation_id: 0, line_total: 150 }],
      shipping: 0,
      tax: 0,
    };
    const r = JSON.parse(await php(['tests/wp-harness.php'], JSON.stringify(input))) as Record<string, any>;
    expect(r.storeApi[0].data.points).toBeNull();
    expect(r.classicCart).toBe('');
    expect(r.requests).toHaveLength(1);
  });

  it('offers privacy policy text that says what is sent and what is not', async () => {
    const r = await runPlugin(null, []);
    expect(r.privacy.title).toBe('Rapport Loyalty');
    const text = String(r.privacy.html);
    expect(text.match(/<p>/g)).toHaveLength(5);
    for (const fact of [
      'signed token',
      'email address',
      'account number',
      'IP address',
      'amounts of carts are not sent',
      'not through this plugin',
      'birthday (day and month only, no year)',
      'Email me news and offers',
    ])
      expect(text).toContain(fact);
    const readme = readFileSync(join(PLUGIN, 'readme.txt'), 'utf8');
    expect(readme).toContain('== Privacy ==');
    for (const fact of [
      'email address',
      'user id',
      'IP address',
      'cart contents and\n  amounts are not sent',
      'birthday (day and month, no year)',
    ])
      expect(readme).toContain(fact);
  });
});
