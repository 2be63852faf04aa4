import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

// Identity keys used to recognise one person across stores: lower-cased email and E.164 phone.

export function normaliseEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const e = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}

/** Returns E.164 (+923001234567) or null; local numbers use the store's country. */
export function normalisePhone(phone: string | null | undefined, defaultCountry?: string | null): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  if (!trimmed) return null;
  const country = (defaultCountry?.toUpperCase() || undefined) as CountryCode | undefined;
  const parsed = parsePhoneNumberFromString(trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed, country);
  return parsed?.isValid() ? parsed.number : null;
}
