// Standalone (no imports) so the unit tests can load it without the panel's JSON and App Bridge types.
type Language = 'en' | 'ur' | 'pa' | 'hi';

/**
 * The panel language for a Shopify admin locale (BCP 47, e.g. `ur-PK`, `hi-IN`), or null when the
 * panel does not speak it. Our `pa` is Shahmukhi, so only Punjabi written in Arabic script or in
 * Pakistan maps to it; Gurmukhi Punjabi (`pa`, `pa-IN`) falls back like any other language.
 */
export function languageFromAdminLocale(locale: string | null | undefined): Language | null {
  if (!locale) return null;
  const [lang, ...rest] = locale.replace(/_/g, '-').toLowerCase().split('-');
  if (lang === 'en' || lang === 'ur' || lang === 'hi') return lang;
  if (lang === 'pa' && rest.some((part) => part === 'arab' || part === 'pk')) return 'pa';
  return null;
}
