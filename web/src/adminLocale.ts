// Standalone (no imports) so the unit tests can load it without the panel's JSON and App Bridge types.
type Language = 'en' | 'ur' | 'pa-Arab' | 'pa-Guru' | 'hi';
type Punjabi = 'pa-Arab' | 'pa-Guru';

/**
 * Punjabi's script for a store's country: Pakistan writes Shahmukhi (Arabic script, RTL), India
 * Gurmukhi (LTR); any other or unknown country gets Gurmukhi, the script of most Punjabi software.
 */
export function punjabiFor(country: string | null | undefined): Punjabi {
  return country?.toUpperCase() === 'PK' ? 'pa-Arab' : 'pa-Guru';
}

function parts(locale: string): string[] {
  return locale.replace(/_/g, '-').toLowerCase().split('-');
}

/** A Punjabi locale that names neither script nor country (`pa`): only the store's country decides. */
export function needsStoreCountry(locale: string | null | undefined): boolean {
  if (!locale) return false;
  const [lang, ...rest] = parts(locale);
  return lang === 'pa' && !rest.some((p) => ['arab', 'guru', 'pk', 'in'].includes(p));
}

/**
 * The panel language for a Shopify admin locale (BCP 47, e.g. `ur-PK`, `hi-IN`, `pa-IN`), or null
 * when the panel does not speak it. Punjabi follows the script or the region the locale names
 * (`pa-Arab`, `pa-PK` -> Shahmukhi; `pa-Guru`, `pa-IN` -> Gurmukhi), else the store's country.
 */
export function languageFromAdminLocale(locale: string | null | undefined, storeCountry?: string | null): Language | null {
  if (!locale) return null;
  const [lang, ...rest] = parts(locale);
  if (lang === 'en' || lang === 'ur' || lang === 'hi') return lang;
  if (lang !== 'pa') return null;
  if (rest.includes('arab')) return 'pa-Arab';
  if (rest.includes('guru')) return 'pa-Guru';
  if (rest.includes('pk')) return 'pa-Arab';
  if (rest.includes('in')) return 'pa-Guru';
  return punjabiFor(storeCountry);
}
