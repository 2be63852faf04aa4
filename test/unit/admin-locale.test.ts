import { describe, expect, it } from 'vitest';
import { languageFromAdminLocale } from '../../web/src/adminLocale.ts';

// Inside Shopify admin the panel follows the admin user's language unless the merchant chose one.
describe('panel language from the Shopify admin locale', () => {
  it.each([
    ['en-US', 'en'], ['ur-PK', 'ur'], ['ur', 'ur'], ['hi-IN', 'hi'], ['HI_in', 'hi'],
    ['pa-PK', 'pa'], ['pa-Arab-PK', 'pa'], ['pa-Arab', 'pa'],
    // Our Punjabi is Shahmukhi: Gurmukhi admins get the default rather than a script they do not read.
    ['pa-IN', null], ['pa', null], ['pa-Guru-IN', null],
    ['fr-FR', null], ['', null], [null, null], [undefined, null],
  ] as const)('%s -> %s', (locale, expected) => {
    expect(languageFromAdminLocale(locale)).toBe(expected);
  });
});
