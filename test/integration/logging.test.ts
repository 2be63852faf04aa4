import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken, shopifyHmac } from '../helpers/signed.ts';

// Logs are structured and carry request ids, but never secrets, tokens, signatures or
// shoppers' personal data, even at the most verbose level.

const SHOP = 'log-test.myshopify.com';
const lines: string[] = [];
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'trace' }, { write: (line) => void lines.push(line) });
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Logs');
  await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, accessToken: 'shpat_never_logged_123' });
  await t.createAdminUser(accountId, 'owner@logs.example', 'password never logged');
});
afterAll(() => server.close());

describe('logs', () => {
  it('hold request ids and no secrets or personal data', async () => {
    const body = fixture('shopify/order-cod-pending.json');
    await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body });
    await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body, hmac: shopifyHmac(body, 'wrong') });
    await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body: '{"id": 1, "email": "bad.payload@example.com"}' });
    await server.drain();
    const token = await sessionToken(SHOP);
    await fetch(`${server.url}/api/customers`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${server.url}/api/customers`, { headers: { authorization: 'Bearer forged.jwt.value' } });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@logs.example', password: 'password never logged' }),
    });
    const { token: loginToken } = (await login.json()) as { token: string };

    const text = lines.join('');
    if (process.env.SHOW_LOGS) console.log(text);
    expect(lines.length).toBeGreaterThan(3);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.some((l) => JSON.stringify(l).includes('"id"') && (l.req || l.requestId))).toBe(true);
    for (const secret of [
      TEST_API_SECRET,
      'shpat_never_logged_123',
      'password never logged',
      token,
      loginToken,
      shopifyHmac(body, TEST_API_SECRET),
      '+923001234567',
      'عائشہ',
      'bad.payload@example.com',
      'owner@logs.example',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
