import type { Loyalty } from '../api.ts';

// "Ways to earn" in the shopper's language: the server sends what each way is (action, points,
// and for orders the rates); the words come from the storefront locale (rapport.widget.way*).
// The server's English `description` is the fallback for an action this panel does not know.

type Way = Loyalty['waysToEarn'][number];
type T = (key: string, vars?: Record<string, string | number>) => string;

const KEYS: Record<string, string> = {
  signup: 'waySignup',
  firstOrder: 'wayFirstOrder',
  birthday: 'wayBirthday',
  newsletter: 'wayNewsletter',
  review: 'wayReview',
  referral: 'wayReferral',
};

/**
 * An amount of money in the shopper's locale. Rupees (INR) are grouped the Indian way (lakh,
 * crore: ₹1,00,000) whatever the language; Urdu's own `ur-IN` data groups in thousands, so it
 * takes `en-IN`'s digits and grouping.
 */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const lang = locale.split('-')[0] || 'en';
  const loc = currency === 'INR' ? (lang === 'ur' ? 'en-IN' : `${lang}-IN`) : locale;
  try {
    return new Intl.NumberFormat(loc, { style: 'currency', currency, maximumFractionDigits: Number.isInteger(amount) ? 0 : 2 }).format(
      amount,
    );
  } catch {
    return `${amount} ${currency}`;
  }
}

export function wayText(w: Way, t: T, fmt: (n: number) => string, locale: string): string {
  if (w.action === 'order' && w.rates?.length) {
    return w.rates
      .map((r) =>
        t(r.points === 1 ? 'wayOrderOne' : 'wayOrder', { points: fmt(r.points), amount: formatMoney(Number(r.per), r.currency, locale) }),
      )
      .join(' · ');
  }
  const key = KEYS[w.action];
  return key && w.points !== null ? t(key, { points: fmt(w.points) }) : w.description;
}
