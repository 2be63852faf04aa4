import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// Issue #12: security headers on the panel and the API, without breaking embedding in Shopify
// admin, App Bridge, or the storefront's CORS.

const SHOP = 'hdr-shop.myshopify.com';
let server: TestServer;

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'rapport-dist-'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><html><head><!-- rapport:app-bridge --><meta charset="utf-8"></head><body></body></html>',
  );
  server = await startTestServer({}, undefined, { webDist: dist });
  const accountId = await server.runtime.tenancy.createAccount('H');
  await server.runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP });
});
afterAll(() => server.close());

const csp = (res: Response) => res.headers.get('content-security-policy') ?? '';

describe('admin panel page', () => {
  it('embedded (shop and host given): may be framed by that shop and Shopify admin only; App Bridge still loads', async () => {
    const res = await fetch(`${server.url}/?shop=${SHOP}&host=YWRtaW4uc2hvcGlmeS5jb20`);
    expect(res.status).toBe(200);
    expect(csp(res)).toContain(`frame-ancestors https://${SHOP} https://admin.shopify.com`);
    expect(csp(res)).not.toMatch(/script-src|default-src/); // App Bridge from cdn.shopify.com is not blocked
    expect(res.headers.get('x-frame-options')).toBeNull(); // it would forbid Shopify admin's frame
    expect(await res.text()).toContain('cdn.shopify.com/shopifycloud/app-bridge.js');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it.each([
    ['standalone', '/'],
    ['a shop that is not a myshopify.com domain', '/?shop=evil.example&host=eA'],
    ['a shop param trying to add a source', `/?shop=${encodeURIComponent(`${SHOP} https://evil.example`)}&host=eA`],
  ])('%s: may not be framed at all', async (_t, path) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    expect(csp(res)).toContain("frame-ancestors 'none'");
    expect(csp(res)).not.toContain('evil.example');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('API', () => {
  it('customer data is never cached, not sniffed, no referrer', async () => {
    const res = await fetch(`${server.url}/api/customers`, { headers: { authorization: `Bearer ${await sessionToken(SHOP)}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(csp(res)).toContain("frame-ancestors 'none'");
  });

  it('errors too are not cached', async () => {
    const res = await fetch(`${server.url}/api/customers`);
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('the OpenAPI document may be cached', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).not.toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('checkout extensions may still read the storefront API from any origin', async () => {
    const res = await fetch(`${server.url}/storefront/checkout/loyalty`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://extensions.shopifycdn.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy') ?? 'cross-origin').toBe('cross-origin');
  });
});
