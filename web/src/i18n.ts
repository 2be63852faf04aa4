import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

// Every visible string goes through i18next. English ships in the entry chunk; the other
// languages are loaded on demand so they cost nothing until chosen.

export const languages = ['en', 'ur', 'pa', 'hi'] as const;
export type Language = (typeof languages)[number];

const rtl: ReadonlySet<Language> = new Set<Language>(['ur', 'pa']);
const STORAGE_KEY = 'rapport.language';
const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: typeof en }>> = {
  ur: () => import('./locales/ur.json'),
  pa: () => import('./locales/pa.json'),
  hi: () => import('./locales/hi.json'),
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function isRtl(lang: Language): boolean {
  return rtl.has(lang);
}

function storedLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(saved) ? saved : 'en';
  } catch {
    return 'en'; // storage can be disabled (private mode, embedded iframes with strict settings)
  }
}

function applyToDocument(lang: Language): void {
  document.documentElement.lang = lang === 'pa' ? 'pa-Arab' : lang;
  document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
}

async function ensureLoaded(lang: Language): Promise<void> {
  if (lang === 'en' || i18next.hasResourceBundle(lang, 'translation')) return;
  const bundle = await loaders[lang]();
  i18next.addResourceBundle(lang, 'translation', bundle.default);
}

export async function initI18n(): Promise<void> {
  const lang = storedLanguage();
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  await setLanguage(lang);
}

export async function setLanguage(lang: Language): Promise<void> {
  await ensureLoaded(lang);
  await i18next.changeLanguage(lang);
  applyToDocument(lang);
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the choice still holds for this visit
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}
