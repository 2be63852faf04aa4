import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWidget, LAUNCHER_BUDGET_GZ, THEME_DIR } from '../../../extensions/rapport-widget/build.ts';
import { readFileSync as readJson } from 'node:fs';
import { earnedState } from '../../../extensions/rapport-order-status/src/earned.ts';
import { fill } from '../../../extensions/rapport-widget/src/config.ts';
import { pointsForPrice, variantPrice } from '../../../extensions/rapport-widget/src/earn.ts';
import { DEFAULT_TEXTS } from '../../../extensions/rapport-widget/src/panel/texts.ts';
import { campaignText, formatMoney, wayText } from '../../../extensions/rapport-widget/src/panel/ways.ts';
import { applyShopifyCode, createRedeemer, messageKey } from '../../../extensions/rapport-widget/src/panel/redeem.ts';
import type { Campaign } from '../../../extensions/rapport-widget/src/api.ts';
import { fromWooPlugin } from '../../../extensions/rapport-widget/src/woo.ts';

// The widget's budget and its logic that needs no browser: the bundle sizes (and that the
// committed assets are what the sources build to), points per price, the redeem retry rules,
// and the Ajax cart call.

const out = mkdtempSync(join(tmpdir(), 'rapport-widget-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('bundle', () => {
  it("keeps the launcher within 10 KB gzipped (and theme-check's 10,000 B raw), the panel lazy", async () => {
    const sizes = await buildWidget(out);
    expect(sizes['rapport-widget'].gzip).toBeLessThanOrEqual(LAUNCHER_BUDGET_GZ);
    expect(sizes['rapport-widget'].bytes).toBeLessThanOrEqual(10_000);
    expect(sizes['rapport-panel'].gzip).toBeLessThanOrEqual(12 * 1024);
    for (const name of ['rapport-widget.js', 'rapport-panel.js']) {
      expect(readFileSync(join(THEME_DIR, 'assets', name), 'utf8'), `${name} is stale: run npm run build:widget`).toBe(
        readFileSync(join(out, name), 'utf8'),
      );
    }
    // No third-party origin in the launcher: it talks to the page's own origin only.
    expect(readFileSync(join(out, 'rapport-widget.js'), 'utf8')).not.toMatch(/https?:\/\//);
  });
});

describe('points for a price', () => {
  it.each([
    ['1 per 100 PKR, Rs 2,500', 250_000, 'PKR', 1, 25],
    ['rounds down', 249_999, 'PKR', 1, 24],
    ['tier multiplier', 250_000, 'PKR', 1.5, 37],
    ['another currency has no rate', 250_000, 'USD', 1, null],
  ] as const)('%s', (_t, cents, currency, multiplier, expected) => {
    expect(pointsForPrice(cents, currency, [{ currency: 'PKR', points: 1, per: '100' }], multiplier)).toBe(expected);
  });
});

describe('points for the selected variant', () => {
  const json = '{"41001":250000,"41002":400000}';
  it('reads the variant price from the block JSON and recomputes', () => {
    expect(variantPrice(json, '41002')).toBe(400_000);
    expect(pointsForPrice(variantPrice(json, '41002')!, 'PKR', [{ currency: 'PKR', points: 1, per: '100' }])).toBe(40);
  });
  it.each([
    ['an unknown variant', json, '9'],
    ['broken JSON', '{', '41001'],
    ['no JSON', null, '41001'],
  ] as const)('keeps the figure for %s', (_t, j, id) => {
    expect(variantPrice(j, id)).toBeNull();
  });
});

describe("ways to earn in the shopper's language", () => {
  const locale = (lang: string) =>
    (JSON.parse(readJson(join(THEME_DIR, 'locales', `${lang}.json`), 'utf8')) as { rapport: { widget: Record<string, string> } }).rapport
      .widget;
  const ways = [
    { action: 'order', points: null, rates: [{ points: 1, per: '100', currency: 'PKR' }], description: '1 point per 100 PKR spent.' },
    { action: 'signup', points: 25, description: 'Create an account: 25 points.' },
    { action: 'referral', points: 200, description: 'Refer a friend: 200 points when their first order is complete.' },
    { action: 'somethingNew', points: 5, description: 'Something new: 5 points.' },
  ];
  const render = (texts: Record<string, string>, lang: string) => {
    const nf = new Intl.NumberFormat(lang);
    return ways.map((w) =>
      wayText(
        w,
        (k, v) => fill(texts[k] ?? k, v),
        (n) => nf.format(n),
        lang,
      ).replace(/\u00a0/g, ' '),
    );
  };

  it("words them from the widget texts, not from the server's English", () => {
    expect(render(DEFAULT_TEXTS, 'en')).toEqual([
      '1 point for every PKR 100 spent',
      'Create an account: 25 points',
      'Refer a friend: 200 points when their first order is complete',
      'Something new: 5 points.',
    ]);
  });

  it("renders Urdu from the Urdu locale (the server's English only for an unknown action)", () => {
    const ur = render(locale('ur'), 'ur');
    expect(ur[0]).toMatch(/^ہر .*100.* خرچ کرنے پر 1 پوائنٹ$/);
    expect(ur[1]).toBe('اکاؤنٹ بنائیں: 25 پوائنٹس');
    expect(ur[2]).toBe('دوست کو بلائیں: اس کا پہلا آرڈر مکمل ہونے پر 200 پوائنٹس');
    expect(ur[3]).toBe('Something new: 5 points.');
    expect(render(locale('hi'), 'hi')[1]).toBe('खाता बनाएँ: 25 पॉइंट');
  });

  it('groups rupees the Indian way in every language', () => {
    for (const lang of ['en', 'ur', 'pa', 'hi']) expect(formatMoney(150_000, 'INR', lang)).toMatch(/1,50,000/);
    expect(formatMoney(100_000, 'PKR', 'en')).toMatch(/100,000/);
    expect(formatMoney(12.5, 'USD', 'en')).toBe('$12.50');
  });
});

describe('a running points campaign in the panel', () => {
  const locale = (lang: string) =>
    (JSON.parse(readJson(join(THEME_DIR, 'locales', `${lang}.json`), 'utf8')) as { rapport: { widget: Record<string, string> } }).rapport
      .widget;
  // Ends at midnight Monday 7 Dec 2026 in Karachi (19:00 UTC on Sunday): the last day is Sunday.
  const double: Campaign = {
    id: 'pcm_1',
    name: 'Weekend double points',
    kind: 'multiplier',
    multiplier: 2,
    bonusPoints: 0,
    minOrderMinor: null,
    currency: 'PKR',
    endsAt: '2026-12-06T19:00:00.000Z',
    timeZone: 'Asia/Karachi',
    messages: { ur: 'اتوار تک دگنے پوائنٹس!' },
  };
  const now = Date.parse('2026-12-04T10:00:00.000Z');
  const text = (texts: Record<string, string>, lang: string, c: Campaign) =>
    campaignText(
      c,
      (k, v) => fill(texts[k] ?? k, v),
      (n) => new Intl.NumberFormat(lang).format(n),
      lang,
      now,
    );

  it("says the merchant's own line in the shopper's language, else words one up to the last day", () => {
    expect(text(locale('ur'), 'ur', double)).toBe('اتوار تک دگنے پوائنٹس!');
    expect(text(DEFAULT_TEXTS, 'en', double)).toBe('2× points until Sunday');
    expect(text(locale('hi'), 'hi', double)).toBe('रविवार तक 2 गुना पॉइंट');
    const bonus: Campaign = { ...double, kind: 'bonus', multiplier: 1, bonusPoints: 50, endsAt: '2026-12-31T19:00:00.000Z' };
    expect(text(DEFAULT_TEXTS, 'en', bonus)).toBe('50 bonus points on every order until Dec 31, 2026');
  });
});

describe("order status block: this order's points", () => {
  const member = (pending: number) => ({ balance: 100, pending, tier: null });
  it.each([
    ['still on hold', 25, member(40), false, 'pending'],
    ['released', 25, member(0), false, 'available'],
    ['a guest', 25, null, false, 'pending'],
    ['cancelled', 25, member(0), true, 'cancelled'],
    ['no rate for the currency', null, member(0), false, 'none'],
  ] as const)('%s', (_t, earn, m, cancelled, state) => {
    expect(earnedState(earn, m, cancelled)).toBe(state);
  });
});

describe('redeem', () => {
  type Reply = { ok: true; status: number; data: any } | { ok: false; status: number; message: string; reason: string | null };
  function harness(replies: Reply[]) {
    const sent: any[] = [];
    let n = 0;
    const redeem = createRedeemer({
      post: (async (_path: string, body: unknown) => {
        sent.push(body);
        return replies.shift()!;
      }) as any,
      newKey: () => `key-${++n}`,
      apply: async () => true,
    });
    return { redeem, sent };
  }
  const ok: Reply = { ok: true, status: 201, data: { redemption: { code: 'RP-ONE', rewardName: 'PKR 200 off' }, balance: 100 } };

  it('reuses the key after a 503 or no connection, and takes a fresh one after an answer', async () => {
    const { redeem, sent } = harness([
      { ok: false, status: 503, message: 'points are back', reason: 'platform' },
      { ok: false, status: 0, message: '', reason: 'network' },
      ok,
      { ok: false, status: 409, message: 'You need 200 points and have 100', reason: 'insufficient_points' },
      ok,
    ]);
    expect(await redeem('r1')).toMatchObject({ ok: false, retryable: true, messageKey: 'errStore' });
    expect(await redeem('r1')).toMatchObject({ ok: false, retryable: true, messageKey: 'errNetwork' });
    expect(await redeem('r1')).toEqual({ ok: true, value: { code: 'RP-ONE', rewardName: 'PKR 200 off', balance: 100, applied: true } });
    expect(await redeem('r1')).toMatchObject({
      ok: false,
      retryable: false,
      messageKey: 'errInsufficient',
      serverMessage: 'You need 200 points and have 100',
    });
    await redeem('r1');
    expect(sent.map((b) => b.idempotencyKey)).toEqual(['key-1', 'key-1', 'key-1', 'key-2', 'key-3']);
  });

  it.each([
    [409, 'limit', 'errLimit'],
    [409, 'tier', 'errTier'],
    [409, 'key_reused', 'errGeneric'],
    [401, null, 'errLogin'],
    [429, null, 'errBusy'],
    [502, 'platform', 'errStore'],
  ] as const)('%i %s -> %s', (status, reason, key) => {
    expect(messageKey(status, reason)).toBe(key);
  });

  it('applies the code through /cart/update.js, keeping codes already on the cart', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const fake = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      const codes = url.endsWith('cart.js')
        ? [{ code: 'WELCOME', applicable: true }]
        : [
            { code: 'WELCOME', applicable: true },
            { code: 'RP-ONE', applicable: true },
          ];
      return new Response(JSON.stringify({ discount_codes: codes }), { status: 200 });
    }) as typeof fetch;
    expect(await applyShopifyCode('RP-ONE', '/ur/', fake)).toBe(true);
    expect(calls.map(([u]) => u)).toEqual(['/ur/cart.js', '/ur/cart/update.js']);
    expect(JSON.parse(String(calls[1]![1]!.body))).toEqual({ discount: 'WELCOME,RP-ONE' });
  });
});

describe('WooCommerce plugin configuration', () => {
  const jwt = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;
  const plugin = {
    apiBase: 'https://rapport.example/storefront/woocommerce/c1',
    tokenUrl: 'https://shop.example.pk/wp-json/rapport-loyalty/v1/token',
    nonce: 'n1',
    locale: 'ur',
    rtl: true,
    currency: 'PKR',
    joinUrl: '/my-account/',
  };

  it('maps window.RapportLoyalty, keeps a live token and renews one about to expire', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const fake = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify({ token: jwt(2_000) }), { status: 200 });
    }) as typeof fetch;
    const live = fromWooPlugin({ ...plugin, token: jwt(1_000) }, fake, () => 500);
    expect(live).toMatchObject({
      platform: 'woocommerce',
      apiBase: plugin.apiBase,
      loggedIn: true,
      dir: 'rtl',
      locale: 'ur',
      currency: 'PKR',
    });
    expect(await live.getToken!()).toBe(jwt(1_000));
    expect(calls).toHaveLength(0);
    const expiring = fromWooPlugin({ ...plugin, token: jwt(1_000) }, fake, () => 990);
    expect(await expiring.getToken!()).toBe(jwt(2_000));
    expect(calls[0]![0]).toBe(plugin.tokenUrl);
    expect((calls[0]![1]!.headers as Record<string, string>)['X-WP-Nonce']).toBe('n1');
  });

  it('treats a page without a token as a guest', async () => {
    const guest = fromWooPlugin({ ...plugin, token: null, tokenUrl: '' });
    expect(guest.loggedIn).toBe(false);
    expect(await guest.getToken!()).toBeNull();
  });
});
