import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every language of the admin panel has exactly the English keys (a missing key would show
// English in the middle of an Urdu page; an extra one is a typo).

const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../web/src/locales/${lang}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const keys = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();

describe('admin panel translations', () => {
  const english = keys(load('en'));
  it.each(['ur', 'pa', 'hi'])('%s has the same keys as en', (lang) => {
    expect(keys(load(lang))).toEqual(english);
  });

  it.each(['ur', 'pa', 'hi'])('%s keeps every {{placeholder}} of en', (lang) => {
    const flat = (o: Record<string, unknown>, prefix = ''): Array<[string, string]> =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]]));
    const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
    const other = new Map(flat(load(lang)));
    for (const [key, text] of flat(load('en'))) expect([key, placeholders(other.get(key) ?? '')]).toEqual([key, placeholders(text)]);
  });
});
