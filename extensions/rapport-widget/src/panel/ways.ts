import type { Campaign, Loyalty } from '../api.ts';

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

/**
 * A running points campaign's line: the merchant's own in the shopper's language, else ours
 * ("2× points until Sunday"). The window ends at midnight, so the last day named is the one before
 * `endsAt`, in the shop's time zone: a weekday within the week, a date further off.
 */
export function campaignText(c: Campaign, t: T, fmt: (n: number) => string, locale: string, now = Date.now()): string {
  const own = c.messages[locale.slice(0, 2) as keyof Campaign['messages']];
  if (own) return own;
  const last = new Date(Date.parse(c.endsAt) - 1);
  let date: string;
  try {
    const soon = Date.parse(c.endsAt) - now < 6 * 86_400_000;
    date = new Intl.DateTimeFormat(
      locale,
      soon ? { weekday: 'long', timeZone: c.timeZone } : { dateStyle: 'medium', timeZone: c.timeZone },
    ).format(last);
  } catch {
    date = last.toISOString().slice(0, 10);
  }
  return c.kind === 'multiplier'
    ? t('campaignMultiplier', { multiplier: fmt(c.multiplier), date })
    : t('campaignBonus', { points: fmt(c.bonusPoints), date });
}
