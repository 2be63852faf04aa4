import type { ErasureKey } from '../store.port.ts';
import { normaliseEmail, normalisePhone, phoneDigits } from '../../lib/identity.ts';

// What identifies an erased person to later deliveries: the store's customer id, the lower-cased
// email, the phone in E.164 (or its digits when unreadable). Only keyed hashes of these are stored.

export type ErasureNeedles = {
  connectionId: string;
  externalId?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Countries to read a local phone number with, most specific first. */
  countries?: Array<string | null | undefined>;
};

export function erasureKeys(...needles: ErasureNeedles[]): ErasureKey[] {
  const keys = new Map<string, ErasureKey>();
  const add = (k: ErasureKey) => keys.set(JSON.stringify(k), k);
  for (const n of needles) {
    // Guest identities are keyed by the email or phone itself, which the keys below cover.
    if (n.externalId && !n.externalId.startsWith('guest:')) add({ kind: 'customer_id', connectionId: n.connectionId, value: n.externalId });
    const email = normaliseEmail(n.email);
    if (email) add({ kind: 'email', value: email });
    const e164 = normalisePhone(n.phone, ...(n.countries ?? []));
    const digits = e164 ? null : phoneDigits(n.phone);
    if (e164) add({ kind: 'phone', value: e164 });
    else if (digits) add({ kind: 'phone', value: `digits:${digits}` });
  }
  return [...keys.values()];
}
