import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appProxyMessage, verifyAppProxy } from '../../../src/http/storefront/app-proxy.ts';

// Shopify's published example (shopify.dev, "Authenticate app proxies"): shared secret "hush",
// timestamp 1317327555. The expected signatures are the documented ones.
const DOC_TIME = 1317327555;
const OPTS = { pathPrefixes: ['/apps/awesome_reviews'] };
const BASE = 'extra=1&extra=2&shop=shop-name.myshopify.com&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555';

describe('app proxy signature', () => {
  it('builds the message Shopify signs: sorted, repeated values joined, decoded, no separators', () => {
    expect(appProxyMessage(new URLSearchParams(`${BASE}&signature=x`))).toBe(
      'extra=1,2path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555',
    );
  });

  it.each([
    [BASE, 'a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3', null],
    [`${BASE}&logged_in_customer_id=1`, '4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb', '1'],
  ])('verifies the documented example %#', (query, signature, customerId) => {
    const q = new URLSearchParams(`${query}&signature=${signature}`);
    expect(verifyAppProxy(q, ['hush'], DOC_TIME + 30, OPTS)).toEqual({ ok: true, shop: 'shop-name.myshopify.com', customerId });
    expect(verifyAppProxy(q, ['rotated-new', 'hush'], DOC_TIME, OPTS)).toMatchObject({ ok: true });
    expect(verifyAppProxy(q, ['hush'], DOC_TIME + 91, OPTS)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyAppProxy(q, ['hush'], DOC_TIME - 91, OPTS)).toEqual({ ok: false, reason: 'future' });
    expect(verifyAppProxy(q, ['not-hush'], DOC_TIME, OPTS)).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('refuses what could be split another way: "=" in a name or value, or a path_prefix not ours', () => {
    const sign = (query: string) =>
      new URLSearchParams(
        `${query}&signature=${createHmac('sha256', 'hush')
          .update(appProxyMessage(new URLSearchParams(query)))
          .digest('hex')}`,
      );
    expect(verifyAppProxy(sign(`${BASE}&a=b%3Dc`), ['hush'], DOC_TIME, OPTS)).toEqual({ ok: false, reason: 'ambiguous_parameter' });
    expect(verifyAppProxy(sign(`${BASE}&a%3Db=c`), ['hush'], DOC_TIME, OPTS)).toEqual({ ok: false, reason: 'ambiguous_parameter' });
    expect(verifyAppProxy(sign(BASE), ['hush'], DOC_TIME, { pathPrefixes: ['/apps/rapport'] })).toEqual({
      ok: false,
      reason: 'wrong_path_prefix',
    });
    expect(verifyAppProxy(sign(`${BASE}&a=b`), ['hush'], DOC_TIME, OPTS)).toMatchObject({ ok: true });
  });

  it('refuses a second shop parameter rather than guessing which one was signed', () => {
    const q = new URLSearchParams(
      `${BASE}&shop=evil.myshopify.com&signature=a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3`,
    );
    expect(verifyAppProxy(q, ['hush'], DOC_TIME, OPTS)).toEqual({ ok: false, reason: 'duplicate_parameter' });
  });
});
