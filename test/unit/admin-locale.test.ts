import { describe, expect, it } from 'vitest';
import { languageFromAdminLocale, needsStoreCountry, punjabiFor } from '../../web/src/adminLocale.ts';

// Inside Shopify admin the panel follows the admin user's language unless the merchant chose one.
describe('panel language from the Shopify admin locale', () => {
  it.each([
    ['en-US', 'en'],
    ['ur-PK', 'ur'],
    ['ur', 'ur'],
    ['hi-IN', 'hi'],
    ['HI_in', 'hi'],
    // Punjabi: the script the locale names wins, then its region.
    ['pa-PK', 'pa-Arab'],
    ['pa-Arab-PK', 'pa-Arab'],
    ['pa-Arab', 'pa-Arab'],
    ['pa_Arab_IN', 'pa-Arab'],
    ['pa-IN', 'pa-Guru'],
    ['pa-Guru-IN', 'pa-Guru'],
    ['pa-Guru', 'pa-Guru'],
    ['pa-Guru-PK', 'pa-Guru'],
    ['fr-FR', null],
    ['', null],
    [null, null],
    [undefined, null],
  ] as const)('%s -> %s', (locale, expected) => {
    expect(languageFromAdminLocale(locale)).toBe(expected);
  });

  it.each([
    ['PK', 'pa-Arab'],
    ['pk', 'pa-Arab'],
    ['IN', 'pa-Guru'],
    ['CA', 'pa-Guru'],
    [null, 'pa-Guru'],
    [undefined, 'pa-Guru'],
  ] as const)('plain "pa" in a store in %s -> %s', (country, expected) => {
    expect(needsStoreCountry('pa')).toBe(true);
    expect(languageFromAdminLocale('pa', country)).toBe(expected);
    expect(punjabiFor(country)).toBe(expected);
  });

  it('asks for the store country only for a Punjabi locale without script or region', () => {
    expect(['pa', 'PA', 'pa-x-test', 'pa-PK', 'pa-IN', 'pa-Arab', 'pa-Guru', 'ur', null].map(needsStoreCountry)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
