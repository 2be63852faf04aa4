import { normaliseEmail } from '../../lib/identity.ts';
import type { ReferralBlock } from './referrals.port.ts';

// The fraud rules of referrals that need no storage: pure, so each is one table row in
// test/unit/loyalty/referral-rules.test.ts. The rules that need history (first order, IP
// count, shared address) live in the services and reuse the messages below.

const GMAIL = new Set(['gmail.com', 'googlemail.com']);
// Shared role mailboxes (info@shop-a, info@shop-b) are different people, not aliases.
const ROLE_LOCAL_PARTS = new Set(['info', 'contact', 'admin', 'sales', 'hello', 'support', 'office', 'mail', 'orders', 'shop']);

/**
 * One person's address in one form: lower-case, "+tag" suffix dropped (Gmail, Outlook, iCloud
 * and Fastmail all deliver tagged mail to the same inbox), and for Gmail the dots too, which
 * Gmail ignores.
 */
export function canonicalEmail(email: string | null | undefined): string | null {
  const e = normaliseEmail(email);
  if (!e) return null;
  const at = e.lastIndexOf('@');
  let local = e.slice(0, at).split('+')[0]!;
  let domain = e.slice(at + 1);
  if (GMAIL.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return local ? `${local}@${domain}` : null;
}

/** True when a and b differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  // Skip the one difference: a substitution when lengths match, else an insertion in `long`.
  return short.length === long.length ? short.slice(i + 1) === long.slice(i + 1) : short.slice(i) === long.slice(i + 1);
}

type Contact = { email: string | null; phone: string | null };

/**
 * Compares the friend's contact details with the advocate's. Both are canonical already
 * (canonicalEmail, E.164 phone). Returns the first rule broken, or null.
 */
export function contactBlock(advocate: Contact, friend: Contact): ReferralBlock | null {
  if (friend.email && friend.email === advocate.email) {
    return { code: 'self_referral', message: "The friend's email is the member's own (ignoring dots and +tags in the address)." };
  }
  if (friend.phone && friend.phone === advocate.phone) {
    return { code: 'self_referral', message: "The friend's phone number is the member's own." };
  }
  if (friend.email && advocate.email) {
    const [fLocal, fDomain] = split(friend.email);
    const [aLocal, aDomain] = split(advocate.email);
    if (fLocal === aLocal && fDomain !== aDomain && !ROLE_LOCAL_PARTS.has(fLocal)) {
      return {
        code: 'similar_email',
        message: `The friend's email (${friend.email}) has the same name as the member's at another provider (${advocate.email}).`,
      };
    }
    if (fDomain === aDomain && withinOneEdit(fLocal, aLocal)) {
      return {
        code: 'similar_email',
        message: `The friend's email (${friend.email}) differs by one character from the member's (${advocate.email}).`,
      };
    }
  }
  return null;
}

function split(email: string): [string, string] {
  const at = email.lastIndexOf('@');
  return [email.slice(0, at), email.slice(at + 1)];
}

export const blocks = {
  sameProfile: (): ReferralBlock => ({
    code: 'self_referral',
    message: 'The friend turned out to be the member themself (the same customer profile).',
  }),
  sharedAddress: (): ReferralBlock => ({ code: 'self_referral', message: "The friend's order ships to an address the member has used." }),
  notFirstOrder: (count: number): ReferralBlock => ({
    code: 'not_first_order',
    message: `The friend had already ordered before (${count} order${count === 1 ? '' : 's'}), so this is not a new customer.`,
  }),
  ipLimit: (max: number): ReferralBlock => ({
    code: 'ip_limit',
    message: `More than ${max} referral${max === 1 ? '' : 's'} came from the same internet connection within 24 hours.`,
  }),
  alreadyReferred: (): ReferralBlock => ({
    code: 'already_referred',
    message: 'The friend was already referred by another member, who gets the reward.',
  }),
};
