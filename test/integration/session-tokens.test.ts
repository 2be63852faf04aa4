import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomer } from '../helpers/customers.ts';
import { startTestServer, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// Every admin API call with an App Bridge session token is verified by @shopify/shopify-api's
// decodeSessionToken (current secret, then the previous one) and scoped to the shop in `dest`.

const SHOP_A = 'tokens-a.myshopify.com';
const SHOP_B = 'tokens-b.myshopify.com';
let server: TestServer;
let customerOfA: string;

beforeAll(async () => {
  server = await startTestServer({ SHOPIFY_API_SECRET_PREVIOUS: 'the-previous-secret' });
  const t = server.runtime.tenancy;
  const a = await t.createAccount('A');
  const b = await t.createAccount('B');
  const shopA = (await t.upsertConnection({ accountId: a, platform: 'shopify', domain: SHOP_A, accessToken: 'shpat_a' })).id;
  await t.upsertConnection({ accountId: b, platform: 'shopify', domain: SHOP_B, accessToken: 'shpat_b' });
  customerOfA = await addCustomer(server, shopA, '1', { email: 'a@example.com', firstName: 'Aye' });
});
afterAll(() => server.close());

async function getCustomer(token: string) {
  const res = await fetch(`${server.url}/api/customers/${customerOfA}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
}

describe('session tokens', () => {
  const now = Math.floor(Date.now() / 1000);
  it.each([
    { title: 'valid', make: () => sessionToken(SHOP_A), status: 200, message: null },
    {
      title: 'valid, signed with the previous secret (rotation)',
      make: () => sessionToken(SHOP_A, { secret: 'the-previous-secret' }),
      status: 200,
      message: null,
    },
    { title: 'expired', make: () => sessionToken(SHOP_A, { exp: now - 60, nbf: now - 120 }), status: 401, message: /expired/ },
    { title: 'wrong audience', make: () => sessionToken(SHOP_A, { aud: 'another-app' }), status: 401, message: /aud/ },
    { title: 'wrong signature', make: () => sessionToken(SHOP_A, { secret: `not-${TEST_API_SECRET}` }), status: 401, message: /signature/ },
    // Checkout and customer-account extensions' tokens share the secret and audience; a shopper can copy theirs.
    {
      title: 'a checkout extension token (issuer is the shop, not its admin)',
      make: () => sessionToken(SHOP_A, { iss: `https://${SHOP_A}` }),
      status: 401,
      message: /admin/,
    },
    {
      title: 'an issuer of another shop',
      make: () => sessionToken(SHOP_A, { iss: `https://${SHOP_B}/admin` }),
      status: 401,
      message: /admin/,
    },
    // A valid token of shop B: verified, but scoped to B's account, so A's customer does not exist for it.
    { title: 'other shop', make: () => sessionToken(SHOP_B), status: 404, message: /\w/ },
  ])('$title -> $status', async ({ make, status, message }) => {
    const res = await getCustomer(await make());
    expect(res.status).toBe(status);
    if (message) expect(res.body.error?.message).toMatch(message);
  });
});
