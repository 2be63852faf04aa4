import { currencyExponent } from '../../src/lib/money.ts';
import type { Money } from './api.ts';
import type { Language } from './i18n.ts';

// Numbers, money and dates through Intl with the UI language. Shahmukhi Punjabi is `pa-Arab`
// (its own digits, as CLDR has it), Gurmukhi `pa-Guru` (Indian grouping); INR always uses Indian
// grouping (1,00,000).

const intlLocale: Record<Language, string> = { en: 'en', ur: 'ur-PK', 'pa-Arab': 'pa-Arab-PK', 'pa-Guru': 'pa-Guru-IN', hi: 'hi-IN' };

function localeFor(lang: Language, currency?: string): string {
  if (currency === 'INR' && lang === 'en') return 'en-IN';
  return intlLocale[lang];
}

export function formatNumber(lang: Language, n: number): string {
  return new Intl.NumberFormat(localeFor(lang)).format(n);
}

export function formatMoney(lang: Language, m: Money): string {
  return new Intl.NumberFormat(localeFor(lang, m.currencyCode), { style: 'currency', currency: m.currencyCode }).format(Number(m.amount));
}

/** "English, Urdu and Hindi" in the UI language. */
export function formatList(lang: Language, items: string[]): string {
  return new Intl.ListFormat(intlLocale[lang], { type: 'conjunction' }).format(items);
}

export function formatDate(lang: Language, iso: string | null, withTime = false): string {
  if (!iso) return '—';
  const options: Intl.DateTimeFormatOptions = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(intlLocale[lang], options).format(new Date(iso));
}

/**
 * Timeline events carry integer minor units. The exponent must be the server's ISO 4217 one
 * (shared code), not Intl's display digits: CLDR shows PKR without decimals, yet stores cents.
 */
export function minorToMoney(minor: number, currency: string): Money {
  const exp = currencyExponent(currency);
  return { amount: (minor / 10 ** exp).toFixed(exp), currencyCode: currency };
}

/** "ur" -> "Urdu" (or "اردو" in Urdu); the raw code when Intl does not know it. */
export function formatLanguageName(lang: Language, code: string | null): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([intlLocale[lang]], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function formatPercent(lang: Language, ratio: number | null): string {
  if (ratio === null) return '—';
  return new Intl.NumberFormat(intlLocale[lang], { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** "+25" / "−10": points movements always show their sign. */
export function formatSigned(lang: Language, n: number): string {
  return new Intl.NumberFormat(intlLocale[lang], { signDisplay: 'exceptZero' }).format(n);
}

/** "4 minutes" in the UI language (Intl units): seconds under 90 s, minutes under 90 min, then hours. */
export function formatDuration(lang: Language, seconds: number): string {
  const unit = seconds < 90 ? 'second' : seconds < 5400 ? 'minute' : 'hour';
  const value =
    unit === 'second' ? Math.round(seconds) : unit === 'minute' ? Math.ceil(seconds / 60) : Math.round((seconds / 3600) * 10) / 10;
  return new Intl.NumberFormat(intlLocale[lang], { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value);
}

/** Wraps a name (Latin in an Urdu sentence, or the reverse) in Unicode isolates so it cannot reorder the text around it. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** A figure with up to `digits` decimals ("2.35 orders per customer"); "—" when there is none. */
export function formatDecimal(lang: Language, n: number | null, digits: number): string {
  if (n === null) return '—';
  return new Intl.NumberFormat(intlLocale[lang], { maximumFractionDigits: digits }).format(n);
}

/** "2026-03" -> "Mar 2026" in the UI language (a UTC month, so no time zone moves it). */
export function formatMonth(lang: Language, yearMonth: string): string {
  return new Intl.DateTimeFormat(intlLocale[lang], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${yearMonth}-15T00:00:00Z`),
  );
}
