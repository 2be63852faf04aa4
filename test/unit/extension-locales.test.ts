import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The checkout, order-status and admin blocks speak every language the panel does. Punjabi has two
// scripts: `pa` is Gurmukhi (CLDR's default, written in India) and `pa-PK` Shahmukhi (Pakistan);
// Shopify picks the regional file for a buyer whose locale carries the region, else the language.

const root = fileURLToPath(new URL('../../extensions', import.meta.url));
const EXTENSIONS = ['rapport-checkout', 'rapport-order-status', 'rapport-admin-block'];
const LOCALES = ['en.default', 'ur', 'hi', 'pa', 'pa-PK'];
const load = (ext: string, locale: string) =>
  JSON.parse(readFileSync(join(root, ext, 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const SCRIPT = { gurmukhi: /[\u0A00-\u0A7F]/, arabic: /[\u0600-\u06FF]/, devanagari: /[\u0900-\u097F]/ };

describe.each(EXTENSIONS)('%s locales', (ext) => {
  const en = load(ext, 'en.default');

  it('has exactly en, ur, hi, pa (Gurmukhi) and pa-PK (Shahmukhi)', () => {
    expect(
      readdirSync(join(root, ext, 'locales'))
        .map((f) => f.replace(/\.json$/, ''))
        .sort(),
    ).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES.filter((l) => l !== 'en.default'))('%s has every key, with the same placeholders', (locale) => {
    const t = load(ext, locale);
    expect(Object.keys(t).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(placeholders(t[key]!), `${locale}.${key}`).toEqual(placeholders(en[key]!));
  });

  it.each([
    ['pa', SCRIPT.gurmukhi, SCRIPT.arabic],
    ['pa-PK', SCRIPT.arabic, SCRIPT.gurmukhi],
    ['ur', SCRIPT.arabic, SCRIPT.gurmukhi],
    ['hi', SCRIPT.devanagari, SCRIPT.arabic],
  ] as const)('%s is written in its script', (locale, script, other) => {
    const text = Object.values(load(ext, locale)).join(' ');
    expect(text).toMatch(script);
    expect(text).not.toMatch(other);
  });
});
