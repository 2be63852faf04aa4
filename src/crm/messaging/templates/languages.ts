// The languages a template is written in, how each one looks in an email, and which variant a
// shopper gets. Punjabi here is Shahmukhi (Perso-Arabic script, written right to left like Urdu).

export const TEMPLATE_LANGUAGES = ['en', 'ur', 'pa', 'hi'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export type LanguageLook = {
  /** BCP 47 tag for `<html lang>`: Shahmukhi is `pa-Arab`, so readers and fonts do not take it for Gurmukhi. */
  htmlLang: string;
  dir: 'ltr' | 'rtl';
  fontFamily: string;
  /** Nastaliq's tall ascenders and descenders collide at the usual line height. */
  lineHeight: string;
};

const NASTALIQ = "'Noto Nastaliq Urdu', 'Noto Naskh Arabic', 'Jameel Noori Nastaleeq', Tahoma, sans-serif";

export const LANGUAGE_LOOK: Record<TemplateLanguage, LanguageLook> = {
  en: { htmlLang: 'en', dir: 'ltr', fontFamily: 'Helvetica, Arial, sans-serif', lineHeight: '1.5' },
  ur: { htmlLang: 'ur', dir: 'rtl', fontFamily: NASTALIQ, lineHeight: '2' },
  pa: { htmlLang: 'pa-Arab', dir: 'rtl', fontFamily: NASTALIQ, lineHeight: '2' },
  hi: { htmlLang: 'hi', dir: 'ltr', fontFamily: "'Noto Sans Devanagari', 'Nirmala UI', Mangal, Arial, sans-serif", lineHeight: '1.6' },
};

export const isTemplateLanguage = (value: string): value is TemplateLanguage => (TEMPLATE_LANGUAGES as readonly string[]).includes(value);

/** Which step of the fallback chain chose the variant. */
export type LanguageChoice = 'shopper' | 'shopper_base' | 'shop_default' | 'english' | 'first_variant';
export type LanguagePick = { language: TemplateLanguage; choice: LanguageChoice };

/**
 * The variant a shopper reads: their language (`ur`), its base (`ur-PK` -> `ur`), the shop's
 * default language, English, and, when a template has no English, its first variant. A shopper
 * who reads Punjabi in Gurmukhi (`pa-Guru`, `pa-IN`) cannot read the Shahmukhi variant, so `pa`
 * is not their base. Null only when the template has no variant at all.
 */
export function pickLanguage(available: readonly TemplateLanguage[], shopper: string | null, shop: string | null): LanguagePick | null {
  const has = (l: string | null): l is TemplateLanguage => l !== null && isTemplateLanguage(l) && available.includes(l);
  const tag = normaliseTag(shopper);
  if (has(tag)) return { language: tag, choice: 'shopper' };
  const base = tag === null ? null : baseOf(tag);
  if (has(base)) return { language: base, choice: 'shopper_base' };
  const shopTag = normaliseTag(shop);
  const shopBase = shopTag === null ? null : baseOf(shopTag);
  if (has(shopTag)) return { language: shopTag, choice: 'shop_default' };
  if (has(shopBase)) return { language: shopBase, choice: 'shop_default' };
  if (has('en')) return { language: 'en', choice: 'english' };
  const first = available[0];
  return first === undefined ? null : { language: first, choice: 'first_variant' };
}

function normaliseTag(tag: string | null): string | null {
  const t = tag?.trim().replace(/_/g, '-').toLowerCase();
  return t ? t : null;
}

function baseOf(tag: string): string | null {
  const [base, ...rest] = tag.split('-');
  if (base === 'pa' && rest.some((part) => part === 'guru' || part === 'in')) return null;
  return base || null;
}

/** The `Intl` locale merge-field filters format numbers and money in. */
export function formatLocale(language: TemplateLanguage, country: string | null): string {
  const region = country?.toUpperCase() === 'IN' ? 'IN' : country?.toUpperCase() === 'PK' ? 'PK' : null;
  switch (language) {
    case 'ur':
      return region === 'IN' ? 'ur-IN' : 'ur-PK';
    case 'pa':
      return 'pa-Arab-PK';
    case 'hi':
      return 'hi-IN';
    case 'en':
      return region ? `en-${region}` : 'en';
  }
}
