import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

// Identity keys used to recognise one person across stores: lower-cased email and E.164 phone.

export function normaliseEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const e = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}

/**
 * Returns E.164 (+923001234567) or null. A local number is read with each country in turn (the
 * payload's address country first, then the store's): the first that gives a valid number wins.
 */
export function normalisePhone(phone: string | null | undefined, ...countries: Array<string | null | undefined>): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  if (!trimmed) return null;
  // Parsing costs tens of microseconds and one order reads the same phone several times
  // (identity, erasure check, addresses): remember recent answers.
  const key = `${trimmed}\u0000${countries.join(',')}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  if (recent.size >= 10_000) recent.clear();
  const e164 = parse(trimmed, countries);
  recent.set(key, e164);
  return e164;
}

const recent = new Map<string, string | null>();

function parse(trimmed: string, countries: Array<string | null | undefined>): string | null {
  const international = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const tries = [...new Set(countries.map((c) => c?.trim().toUpperCase() || undefined))];
  if (!tries.length) tries.push(undefined);
  for (const country of tries) {
    const parsed = parsePhoneNumberFromString(international, country as CountryCode | undefined);
    if (parsed?.isValid()) return parsed.number;
  }
  return null;
}

/** The phone as entered, when it could not be read as E.164: kept for staff, never a key. */
export function rawPhone(phone: string | null | undefined, e164: string | null): string | null {
  if (e164 || !phone) return null;
  const trimmed = phone.trim().slice(0, 40);
  return /\d/.test(trimmed) ? trimmed : null;
}

/** Digits of a phone that could not be read as E.164: enough to recognise it again in an erasure. */
export function phoneDigits(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 6 ? digits : null;
}
