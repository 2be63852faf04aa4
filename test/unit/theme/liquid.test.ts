import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEXTS } from '../../../extensions/rapport-widget/src/panel/texts.ts';
import { blockNames, blockSchema, readLocale, renderBlock, THEME_DIR, type ShopContext } from '../../helpers/theme-liquid.ts';

// The theme app extension's Liquid rendered under liquidjs for a logged-in customer, a guest and
// Urdu, plus the extension's limits (Liquid size, block count) and locale completeness.

const member: ShopContext = { locale: 'en', customer: { id: 7064055069, first_name: 'Bilal' } };
const guest: ShopContext = { locale: 'en', customer: null };
const urdu: ShopContext = { ...member, locale: 'ur' };

async function config(ctx: ShopContext): Promise<Record<string, any>> {
  const html = await renderBlock('rapport-embed', ctx);
  const m = /<script type="application\/json" id="rapport-config">([\s\S]*?)<\/script>/.exec(html);
  expect(m, html).not.toBeNull();
  return JSON.parse(m![1]!) as Record<string, any>;
}

describe('app embed (launcher configuration)', () => {
  it.each([
    ['a logged-in customer', member, true, 'ltr', 'Rewards'],
    ['a guest', guest, false, 'ltr', 'Rewards'],
    ['Urdu', urdu, true, 'rtl', 'انعامات'],
  ] as const)('renders valid JSON for %s', async (_title, ctx, loggedIn, dir, launcher) => {
    const c = await config(ctx);
    expect(c).toMatchObject({
      platform: 'shopify',
      apiBase: '/apps/rapport',
      loggedIn,
      dir,
      locale: ctx.locale,
      position: 'right',
      currency: 'PKR',
    });
    expect(c.panelUrl).toMatch(/rapport-panel\.js/);
    expect(c.texts.launcher).toBe(launcher);
    expect(Object.keys(c.texts).sort()).toEqual(Object.keys(DEFAULT_TEXTS).sort());
    if (ctx.locale === 'ur') expect(c.texts.wayOrder).toBe('ہر {amount} خرچ کرنے پر {points} پوائنٹس');
  });

  it('passes no customer identity to the page: the app proxy signature carries it', async () => {
    const html = await renderBlock('rapport-embed', member);
    expect(html).not.toContain('7064055069');
    expect(html).not.toContain('Bilal');
  });

  it('lets the theme editor override the launcher text and position', async () => {
    const html = await renderBlock('rapport-embed', { ...member, settings: { launcher_label: 'Points "club"', position: 'left' } });
    const c = JSON.parse(/<script[^>]*>([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, any>;
    expect(c.texts.launcher).toBe('Points "club"');
    expect(c.position).toBe('left');
  });
});

describe('Punjabi: the script follows the store, or the merchant', () => {
  const punjabi: ShopContext = { ...member, locale: 'pa' };
  it.each([
    ['a store in India', { shopCountry: 'IN' }, 'ltr', 'pa-Guru', 'ਇਨਾਮ'],
    ['a store in Pakistan', { shopCountry: 'PK' }, 'rtl', 'pa-Arab', 'انعام'],
    ['a store elsewhere (Canada)', { shopCountry: 'CA' }, 'ltr', 'pa-Guru', 'ਇਨਾਮ'],
    ['a Pakistani store that chose Gurmukhi', { shopCountry: 'PK', settings: { punjabi_script: 'gurmukhi' } }, 'ltr', 'pa-Guru', 'ਇਨਾਮ'],
    ['an Indian store that chose Shahmukhi', { shopCountry: 'IN', settings: { punjabi_script: 'shahmukhi' } }, 'rtl', 'pa-Arab', 'انعام'],
  ] as const)('%s', async (_title, over, dir, lang, launcher) => {
    const c = await config({ ...punjabi, ...over });
    expect(c).toMatchObject({ dir, lang, locale: 'pa' });
    expect(c.texts.launcher).toBe(launcher);
    expect(Object.keys(c.texts).sort()).toEqual(Object.keys(DEFAULT_TEXTS).sort());
    expect(Object.values(c.texts).join(' ')).not.toMatch(dir === 'rtl' ? /[\u0A00-\u0A7F]/ : /[\u0600-\u06FF]/);
    const block = await renderBlock('points-balance', { ...punjabi, ...over });
    expect(block).toContain(`dir="${dir}"`);
    expect(block).toContain(dir === 'rtl' ? 'تہاڈے پوائنٹ' : 'ਤੁਹਾਡੇ ਪੁਆਇੰਟ');
  });

  it('other languages ignore the Punjabi setting', async () => {
    const c = await config({ ...urdu, shopCountry: 'IN', settings: { punjabi_script: 'gurmukhi' } });
    expect(c).toMatchObject({ dir: 'rtl', lang: 'ur', locale: 'ur' });
  });
});

describe('app blocks', () => {
  it('points balance: a reserved slot for members, a join link for guests', async () => {
    const m = await renderBlock('points-balance', member);
    expect(m).toContain('<span data-rapport-balance');
    expect(m).toContain('data-rapport-open="rewards"');
    const g = await renderBlock('points-balance', guest);
    expect(g).not.toContain('<span data-rapport-balance');
    expect(g).toContain('data-rapport-open="home"');
    expect(g).toContain('Join our rewards');
  });

  it('earn points: price and currency for the script, a guest wording, Urdu text', async () => {
    const m = await renderBlock('earn-points', { ...member, productPriceCents: 123_400 });
    expect(m).toContain('data-price="123400"');
    expect(m).toContain('data-currency="PKR"');
    expect(m).toContain('data-template="Earn {points} points with this purchase"');
    expect(await renderBlock('earn-points', guest)).toContain('when you join');
    expect(await renderBlock('earn-points', urdu)).toContain('اس خریداری پر {points} پوائنٹس کمائیں');
  });

  it("earn points: every variant's price as JSON, so the figure can follow the selected variant", async () => {
    const html = await renderBlock('earn-points', {
      ...member,
      productVariants: [
        { id: 41_001, price: 250_000 },
        { id: 41_002, price: 400_000 },
      ],
    });
    expect(html).toContain('data-variant="41001"');
    const json = /<script type="application\/json" data-rapport-variants>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual({ 41001: 250_000, 41002: 400_000 });
  });

  it('rewards list: reserved height, and a hint only in the theme editor', async () => {
    const live = await renderBlock('rewards-list', member);
    expect(live).toContain('data-rapport-inline="rewards"');
    expect(live).toContain('min-block-size:280px');
    expect(live).not.toContain('app embed');
    expect(await renderBlock('rewards-list', { ...member, designMode: true })).toContain('app embed');
  });
});

describe('extension limits and locales', () => {
  const liquidFiles = ['blocks', 'snippets'].flatMap((d) => readdirSync(join(THEME_DIR, d)).map((f) => join(THEME_DIR, d, f)));

  it('stays within Shopify limits: 100 KB of Liquid, 30 blocks, one embed targeting body', () => {
    const total = liquidFiles.reduce((s, f) => s + statSync(f).size, 0);
    expect(total).toBeLessThan(100 * 1024);
    expect(blockNames().length).toBeLessThanOrEqual(30);
    expect(blockNames().filter((b) => blockSchema(b).target === 'body')).toEqual(['rapport-embed']);
  });

  const keys = (o: unknown, p = ''): string[] =>
    o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => keys(v, p ? `${p}.${k}` : k)) : [p];

  it.each(['ur', 'pa', 'hi'])('%s has every storefront and schema key of the default locale', (lang) => {
    expect(keys(readLocale(lang)).sort()).toEqual(keys(readLocale('en.default')).sort());
    expect(keys(readLocale(`${lang}.schema`)).sort()).toEqual(keys(readLocale('en.default.schema')).sort());
  });

  it('every widget string of the panel is in every locale, and in both Punjabi scripts', () => {
    const widgetKeys = Object.keys(DEFAULT_TEXTS).sort();
    for (const lang of ['en.default', 'ur', 'hi', 'pa']) {
      const r = readLocale(lang).rapport as any;
      expect(Object.keys(r.widget).sort(), lang).toEqual(widgetKeys);
      // Punjabi's Shahmukhi strings: theme-check wants every key in every locale, so the other
      // languages repeat their own strings there (never shown: only Punjabi picks that branch).
      expect(Object.keys(r.shahmukhi.widget).sort(), lang).toEqual(widgetKeys);
      if (lang !== 'pa') expect(r.shahmukhi, lang).toEqual({ dir: r.dir, widget: r.widget, blocks: r.blocks });
    }
  });

  it('writes each Punjabi script in its own letters, with the same placeholders as English', () => {
    const pa = readLocale('pa').rapport as any;
    const en = (readLocale('en.default').rapport as any).widget as Record<string, string>;
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [tree, script, other] of [
      [pa, /[\u0A00-\u0A7F]/, /[\u0600-\u06FF]/],
      [pa.shahmukhi, /[\u0600-\u06FF]/, /[\u0A00-\u0A7F]/],
    ] as const) {
      for (const [key, value] of Object.entries({ ...tree.widget, ...tree.blocks }) as Array<[string, string]>) {
        if (key === 'whatsapp' || key === 'email') continue; // brand and loanwords may stay as is
        expect(value, key).toMatch(script);
        expect(value, key).not.toMatch(other);
        if (en[key] !== undefined) expect(holes(value), key).toEqual(holes(en[key]));
      }
    }
  });

  it('every t: key in a block schema exists in the default schema locale', () => {
    const schemaLocale = readLocale('en.default.schema');
    for (const b of blockNames()) {
      const used = [...JSON.stringify(blockSchema(b)).matchAll(/"t:([\w.]+)"/g)].map((m) => m[1]!);
      for (const key of used) {
        const value = key.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], schemaLocale);
        expect(typeof value, `${b}: t:${key}`).toBe('string');
      }
    }
  });

  it('Urdu and Shahmukhi Punjabi lay out right to left, Gurmukhi left to right', () => {
    expect(readLocale('ur').rapport).toMatchObject({ dir: 'rtl' });
    expect(readLocale('pa').rapport).toMatchObject({ dir: 'ltr', shahmukhi: { dir: 'rtl' } });
    expect(readLocale('hi').rapport).toMatchObject({ dir: 'ltr' });
    expect(readFileSync(join(THEME_DIR, 'locales', 'ur.json'), 'utf8')).not.toContain('{{');
  });
});
