import enPolaris from '@shopify/polaris/locales/en.json';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import { languageFromAdminLocale, needsStoreCountry } from './adminLocale.ts';
import { endpoints } from './api.ts';
import { isEmbedded } from './mode.ts';

// Every visible string goes through i18next. English ships in the entry chunk; the other
// languages are loaded on demand so they cost nothing until chosen. Polaris' own strings
// (pagination, "Select all", close buttons...) come with them: our partial translation of
// Polaris' en.json, merged over the English so an untranslated key still reads in English.

// Punjabi in both its scripts: Shahmukhi (`pa-Arab`, Pakistan, RTL) and Gurmukhi (`pa-Guru`, India).
export const languages = ['en', 'ur', 'pa-Arab', 'pa-Guru', 'hi'] as const;
export type Language = (typeof languages)[number];

const rtl: ReadonlySet<Language> = new Set<Language>(['ur', 'pa-Arab']);
const STORAGE_KEY = 'rapport.language';

export type PolarisTranslations = typeof enPolaris;
type Dictionary = { [key: string]: string | Dictionary };
type Bundle = { app: typeof en; polaris: Dictionary };

// Both files of a language in one round trip; literal paths so Vite splits each into its own chunk.
const bundle = async (app: Promise<{ default: typeof en }>, polaris: Promise<{ default: Dictionary }>): Promise<Bundle> => {
  const [a, p] = await Promise.all([app, polaris]);
  return { app: a.default, polaris: p.default };
};
const loaders: Record<Exclude<Language, 'en'>, () => Promise<Bundle>> = {
  ur: () => bundle(import('./locales/ur.json'), import('./locales/polaris/ur.json')),
  'pa-Arab': () => bundle(import('./locales/pa-Arab.json'), import('./locales/polaris/pa-Arab.json')),
  'pa-Guru': () => bundle(import('./locales/pa-Guru.json'), import('./locales/polaris/pa-Guru.json')),
  hi: () => bundle(import('./locales/hi.json'), import('./locales/polaris/hi.json')),
};

// Merged once per language and kept, so AppProvider gets the same object on every render.
const polarisByLanguage = new Map<Language, PolarisTranslations>([['en', enPolaris]]);

function mergeOver(base: Dictionary, override: Dictionary): Dictionary {
  const out: Dictionary = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const under = base[key];
    out[key] = typeof value === 'object' && typeof under === 'object' ? mergeOver(under, value) : value;
  }
  return out;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function isRtl(lang: Language): boolean {
  return rtl.has(lang);
}

function storedLanguage(): Language | null {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    // Before Gurmukhi arrived, "pa" was the Shahmukhi panel: keep the script that was chosen.
    if (saved === 'pa') return 'pa-Arab';
    return isLanguage(saved) ? saved : null;
  } catch {
    return null; // storage can be disabled (private mode, embedded iframes with strict settings)
  }
}

/**
 * Inside Shopify admin: the admin user's own language (App Bridge config, else the `locale` param).
 * A bare `pa` names no script, so only then the store's country is asked for (PK: Shahmukhi).
 */
async function adminLanguage(): Promise<Language | null> {
  if (!isEmbedded()) return null;
  const fromBridge = (window as { shopify?: { config?: { locale?: string } } }).shopify?.config?.locale;
  const locale = fromBridge ?? new URLSearchParams(window.location.search).get('locale');
  const country = needsStoreCountry(locale)
    ? await endpoints.onboarding().then(
        (o) => o.store?.country ?? null,
        () => null,
      )
    : null;
  return languageFromAdminLocale(locale, country);
}

function applyToDocument(lang: Language): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
}

async function ensureLoaded(lang: Language): Promise<void> {
  if (lang === 'en' || polarisByLanguage.has(lang)) return; // set together with the i18next bundle
  const { app, polaris } = await loaders[lang]();
  // The partial files have only en.json's keys (test/e2e/locales.test.ts), so the shape holds.
  polarisByLanguage.set(lang, mergeOver(enPolaris, polaris) as PolarisTranslations);
  i18next.addResourceBundle(lang, 'translation', app);
}

export async function initI18n(): Promise<void> {
  // The merchant's own choice wins; inside Shopify admin the admin's language comes next.
  const lang = storedLanguage() ?? (await adminLanguage()) ?? 'en';
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  await setLanguage(lang, { remember: false });
}

/** Switches the panel's language; `remember` (a choice the merchant made) keeps it for next time. */
export async function setLanguage(lang: Language, options: { remember?: boolean } = {}): Promise<void> {
  await ensureLoaded(lang);
  await i18next.changeLanguage(lang);
  applyToDocument(lang);
  if (options.remember === false) return;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the choice still holds for this visit
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

/** Polaris' strings for AppProvider; filled by setLanguage before the language switches. */
export function polarisTranslations(lang: Language): PolarisTranslations {
  return polarisByLanguage.get(lang) ?? enPolaris;
}
