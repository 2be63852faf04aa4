import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, postWoo, sessionToken } from '../helpers/signed.ts';

// The catalogue from product webhooks: Shopify's products/* and WooCommerce's product.* (a variable
// product names its variations by id; each variation comes on its own), versioned by updated_at so
// duplicates and late deliveries change nothing; the admin's list, search and one product; tenancy.

const SHOP = 'catalogue-test.myshopify.com';
const OTHER = 'catalogue-other.myshopify.com';
const SECRET = 'woo-catalogue-secret-123';
let server: TestServer;
let token: string;
let otherToken: string;
let wooId: string;

type Obj = Record<string, any>;
async function api(path: string, auth = token) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${auth}` } });
  return { status: res.status, body: (await res.json()) as Obj };
}
async function shopify(topic: string, body: string, shop = SHOP) {
  expect((await postShopify(server.url, { topic, shop, body })).status).toBe(200);
  await server.drain();
}
async function woo(topic: string, body: string) {
  expect((await postWoo(server.url, { connectionId: wooId, topic, body, secret: SECRET })).status).toBe(200);
  await server.drain();
}
const product = (change: (p: Obj) => void = () => {}) => fixture('shopify/product-update.json', change);
async function findOne(search: string, auth = token) {
  const list = await api(`/api/products?search=${encodeURIComponent(search)}`, auth);
  expect(list.status).toBe(200);
  return list.body.products as Obj[];
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Catalogue Bazaar', 'PKR');
  await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' });
  wooId = (
    await t.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: 'https://pk.example.pk/',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: SECRET,
    })
  ).id;
  const other = await t.createAccount('Other Bazaar', 'PKR');
  await t.upsertConnection({ accountId: other, platform: 'shopify', domain: OTHER, currency: 'PKR', country: 'PK' });
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER);
});
afterAll(() => server.close());

describe('Shopify products', () => {
  it('keeps a product with its variants, prices in minor units, stock only where tracked', async () => {
    await shopify('products/create', product());
    const [item] = await findOne('lawn');
    expect(item).toMatchObject({
      title: 'Lawn Suit (3-piece)',
      status: 'active',
      vendor: 'Gul Ahmed',
      currency: 'PKR',
      platform: 'shopify',
      variantCount: 2,
      minPriceMinor: 520_000,
      maxPriceMinor: 540_000,
      inventoryQuantity: 12,
    });
    const one = await api(`/api/products/${item!.id}`);
    expect(one.status).toBe(200);
    expect(one.body.externalId).toBe('9123456789012345678');
    expect(one.body.variants).toMatchObject([
      {
        externalId: '45123456789012345',
        title: 'Small',
        sku: 'LAWN-3P-S',
        priceMinor: 520_000,
        compareAtPriceMinor: 650_000,
        inventoryQuantity: 12,
        imageUrl: 'https://cdn.shopify.com/s/files/1/0000/0001/products/lawn-small.jpg',
      },
      { externalId: '45123456789012346', title: 'Medium', sku: 'LAWN-3P-M', priceMinor: 540_000, inventoryQuantity: null, imageUrl: null },
    ]);
    // By SKU too.
    expect((await findOne('lawn-3p-m')).map((p) => p.id)).toEqual([item!.id]);
  });

  it('applies a newer update (a variant removed, a price changed) and ignores a late or repeated one', async () => {
    const newer = product((p) => {
      p.updated_at = '2026-11-05T10:00:00+05:00';
      p.title = 'Lawn Suit (3-piece), Eid edition';
      p.variants = [{ ...p.variants[0], price: '4999.50' }];
    });
    await shopify('products/update', newer);
    await shopify('products/update', product()); // the older payload, delivered late
    await shopify('products/update', newer); // and the newer one again
    const [item] = await findOne('eid edition');
    expect(item).toMatchObject({ title: 'Lawn Suit (3-piece), Eid edition', variantCount: 1, minPriceMinor: 499_950 });
    expect((await api(`/api/products/${item!.id}`)).body.variants.map((v: Obj) => v.sku)).toEqual(['LAWN-3P-S']);
  });

  it('a deleted product leaves the list but stays readable by id; a payload from before the delete does not bring it back', async () => {
    const [item] = await findOne('lawn');
    await shopify('products/delete', '{"id":9123456789012345678}');
    expect(await findOne('lawn')).toEqual([]);
    const one = await api(`/api/products/${item!.id}`);
    expect(one.status).toBe(200);
    expect(one.body.deletedAt).not.toBeNull();
    await shopify(
      'products/update',
      product((p) => (p.updated_at = '2026-11-06T10:00:00+05:00')),
    );
    expect(await findOne('lawn')).toEqual([]);
  });

  it('another shop sees none of it: its list is empty and the id is a 404', async () => {
    await shopify(
      'products/create',
      product((p) => (p.id = 1111)),
      OTHER,
    );
    const mine = await api('/api/products?first=100');
    const theirs = await api('/api/products', otherToken);
    expect(theirs.body.products).toHaveLength(1);
    expect(mine.body.products.map((p: Obj) => p.id)).not.toContain(theirs.body.products[0].id);
    expect((await api(`/api/products/${theirs.body.products[0].id}`)).status).toBe(404);
  });

  it('refuses a bad cursor or status with a reason', async () => {
    const bad = await api('/api/products?after=nonsense');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('after');
    expect((await api('/api/products?status=sold')).status).toBe(400);
  });
});

describe('WooCommerce products', () => {
  it('a variable product keeps its variations by id; each variation fills in its price and stock; a late one changes nothing', async () => {
    await woo('product.updated', fixture('woocommerce/product-variable.json'));
    let [item] = await findOne('khussa');
    expect(item).toMatchObject({ platform: 'woocommerce', variantCount: 2, minPriceMinor: null });
    await woo('product.updated', fixture('woocommerce/product-variation.json'));
    await woo(
      'product.updated',
      fixture('woocommerce/product-variation.json', (v) => {
        v.date_modified_gmt = '2026-11-01T00:00:00';
        v.price = '1';
      }),
    );
    [item] = await findOne('khussa');
    expect(item).toMatchObject({ variantCount: 2, minPriceMinor: 220_000, maxPriceMinor: 220_000, inventoryQuantity: 7 });
    const one = await api(`/api/products/${item!.id}`);
    expect(one.body.variants).toMatchObject([
      { externalId: '802', title: '38', sku: 'KHUSSA-38', priceMinor: 220_000, compareAtPriceMinor: 250_000, inventoryQuantity: 7 },
      { externalId: '803', priceMinor: null },
    ]);
    // The parent again (newer, still naming both): the variation's details stay.
    await woo(
      'product.updated',
      fixture('woocommerce/product-variable.json', (p) => (p.date_modified_gmt = '2026-11-03T07:00:00')),
    );
    expect((await api(`/api/products/${item!.id}`)).body.variants[0].priceMinor).toBe(220_000);
  });

  it('a simple product is its own one variant; a draft is filtered by status; trash removes it', async () => {
    const simple = fixture('woocommerce/product-variable.json', (p) => {
      p.id = 900;
      p.name = 'Ajrak shawl';
      p.type = 'simple';
      p.variations = [];
      p.sku = 'AJRAK';
      p.price = '3200';
      p.regular_price = '3200';
      p.status = 'draft';
    });
    await woo('product.created', simple);
    expect(await findOne('ajrak')).toMatchObject([{ status: 'draft', variantCount: 1, minPriceMinor: 320_000 }]);
    expect((await api('/api/products?status=active&search=ajrak')).body.products).toEqual([]);
    await woo('product.deleted', JSON.stringify({ id: 900 }));
    expect(await findOne('ajrak')).toEqual([]);
  });
});
