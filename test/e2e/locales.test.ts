import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// Every language of the admin panel has exactly the English keys (a missing key would show
// English in the middle of an Urdu page; an extra one is a typo).

// Punjabi in both scripts: Shahmukhi (pa-Arab, Pakistan) and Gurmukhi (pa-Guru, India).
const LANGS = ['ur', 'pa-Arab', 'pa-Guru', 'hi'];
const script: Record<string, RegExp> = {
  ur: /\p{Script=Arabic}/u,
  'pa-Arab': /\p{Script=Arabic}/u,
  'pa-Guru': /\p{Script=Gurmukhi}/u,
  hi: /\p{Script=Devanagari}/u,
};
const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../web/src/locales/${lang}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const keys = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o)
    .flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))
    .sort();
const flat = (o: Record<string, unknown>, prefix = ''): Array<[string, string]> =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]],
  );

describe('admin panel translations', () => {
  const english = keys(load('en'));

  it.each([
    ['pa-Arab', /\p{Script=Gurmukhi}/u],
    ['pa-Guru', /\p{Script=Arabic}/u],
  ] as const)('%s never mixes in the other Punjabi script, and reads in its own', (lang, other) => {
    const texts = flat(load(lang)).map(([key, text]) => [key, text.replace(/\{\{\w+\}\}/g, '')] as const);
    expect(texts.filter(([, text]) => other.test(text))).toEqual([]);
    // Brand and protocol names (Shopify, WooCommerce, REST API keys) stay Latin; everything else is Punjabi.
    const withLetters = texts.filter(([, text]) => /\p{L}/u.test(text));
    const own = withLetters.filter(([, text]) => script[lang]!.test(text));
    expect(own.length / withLetters.length).toBeGreaterThan(0.97);
  });

  it.each(LANGS)('%s has the same keys as en', (lang) => {
    expect(keys(load(lang))).toEqual(english);
  });

  it.each(LANGS)('%s keeps every {{placeholder}} of en', (lang) => {
    const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
    const other = new Map(flat(load(lang)));
    for (const [key, text] of flat(load('en'))) expect([key, placeholders(other.get(key) ?? '')]).toEqual([key, placeholders(text)]);
  });
});

// Polaris' own strings: partial files merged over Polaris' en.json at run time (web/src/i18n.ts).
// A key Polaris lacks would never show, and Polaris throws on a {placeholder} it does not fill.
describe('Polaris translations', () => {
  const polarisEn = new Map(
    flat(
      JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@shopify/polaris/locales/en.json'), 'utf8')) as Record<
        string,
        unknown
      >,
    ),
  );
  const loadPolaris = (lang: string) =>
    JSON.parse(readFileSync(new URL(`../../web/src/locales/polaris/${lang}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
  // The components the panel renders (and those they render: IndexTable uses IndexProvider's and
  // ResourceList's bulk-action strings, Page uses ActionMenu).
  const used = [
    'ActionList',
    'ActionMenu',
    'Badge',
    'Banner',
    'Button',
    'Common',
    'DataTable',
    'EmptySearchResult',
    'Filters',
    'Frame',
    'IndexFilters',
    'IndexProvider',
    'IndexTable',
    'Loading',
    'Modal',
    'Page',
    'Pagination',
    'ProgressBar',
    'ResourceList',
    'SkeletonPage',
    'Tabs',
    'Tag',
    'TextField',
    'TopBar',
  ];
  // Polaris fills {direction} with an English word ("ascending", "left"): kept English whole.
  const keptEnglish = new Set([
    'Polaris.DataTable.sortAccessibilityLabel',
    'Polaris.DataTable.navAccessibilityLabel',
    'Polaris.IndexTable.sortAccessibilityLabel',
  ]);

  it.each(LANGS)('%s has only keys of Polaris en.json', (lang) => {
    expect(
      flat(loadPolaris(lang))
        .map(([key]) => key)
        .filter((key) => !polarisEn.has(key)),
    ).toEqual([]);
  });

  it.each(LANGS)('%s keeps every {placeholder} of Polaris en.json', (lang) => {
    for (const [key, text] of flat(loadPolaris(lang)))
      expect([key, placeholders(text)]).toEqual([key, placeholders(polarisEn.get(key) ?? '')]);
  });

  it.each(LANGS)('%s translates every string of the components the panel uses, in its own script', (lang) => {
    const translated = new Map(flat(loadPolaris(lang)));
    for (const section of ['Pagination', 'IndexTable', 'Modal'])
      expect(Object.keys((loadPolaris(lang).Polaris ?? {}) as object)).toContain(section);
    const wanted = [...polarisEn.keys()].filter((key) => used.includes(key.split('.')[1] ?? '') && !keptEnglish.has(key));
    expect(wanted.filter((key) => !translated.has(key))).toEqual([]);
    // Text outside the placeholders is in the language's script (format-only strings aside).
    const untranslated = [...translated].filter(([, text]) => /\p{L}/u.test(text.replace(/\{\w+\}/g, '')) && !script[lang]?.test(text));
    expect(untranslated).toEqual([]);
  });
});
