// The fixed set of merge fields a template may use. A field outside this list is refused when the
// template is saved (with its name), so a typo never turns into a blank in a sent message.

/** What one shopper's message is merged with; every field is present, null when unknown. */
export type MergeContext = {
  first_name: string | null;
  last_name: string | null;
  points: { balance: number; pending: number };
  tier: { name: string | null; next_name: string | null; points_to_next: number | null };
  reward: { code: string | null; title: string | null };
  referral: { link: string | null };
  order: { number: string | null };
  /** The abandoned checkout a message is about (the abandoned-checkout flow); null elsewhere. */
  checkout: { url: string | null; total: number | null; items: string | null; item_count: number | null };
  store: { name: string };
  unsubscribe_url: string | null;
};

export type MergeField = { path: string; description: string };

export const MERGE_FIELDS: readonly MergeField[] = [
  { path: 'first_name', description: "The shopper's first name" },
  { path: 'last_name', description: "The shopper's last name" },
  { path: 'points.balance', description: 'Points the shopper can spend now' },
  { path: 'points.pending', description: 'Points earned but not yet available (orders not yet delivered)' },
  { path: 'tier.name', description: "The shopper's tier" },
  { path: 'tier.next_name', description: 'The next tier up (empty at the top)' },
  { path: 'tier.points_to_next', description: 'Points still needed for the next tier (empty when tiers count spend)' },
  { path: 'reward.code', description: "The discount code of the shopper's latest reward" },
  { path: 'reward.title', description: "That reward's name" },
  { path: 'referral.link', description: "The shopper's referral link" },
  { path: 'order.number', description: "The shopper's latest order number" },
  { path: 'checkout.url', description: 'The link back to the abandoned checkout (abandoned-checkout flow)' },
  { path: 'checkout.total', description: "The abandoned checkout's total, in major units (use | money)" },
  { path: 'checkout.items', description: 'What was in the abandoned checkout, e.g. "2 × T-shirt, Cap"' },
  { path: 'checkout.item_count', description: 'How many items the abandoned checkout held' },
  { path: 'store.name', description: 'The store name' },
  { path: 'unsubscribe_url', description: 'The one-click unsubscribe link' },
];

const LEAVES = new Set(MERGE_FIELDS.map((f) => f.path));
const GROUPS = new Set(MERGE_FIELDS.filter((f) => f.path.includes('.')).map((f) => f.path.split('.')[0]));
// Liquid's own properties of a string or array value.
const PROPERTIES = new Set(['size', 'first', 'last']);

/** Null when `segments` names a merge field (or a group of them); else the name as written, for the error. */
export function unknownField(segments: ReadonlyArray<unknown>): string | null {
  const names = segments.map((s) => (typeof s === 'string' ? s : typeof s === 'number' ? String(s) : '[…]'));
  const path = names.join('.');
  if (LEAVES.has(path) || (names.length === 1 && GROUPS.has(path))) return null;
  const leaf = names.slice(0, -1).join('.');
  if (LEAVES.has(leaf) && PROPERTIES.has(names[names.length - 1] ?? '')) return null;
  return path;
}

/** A believable shopper for previews and for checking a template when it is saved. */
export const SAMPLE_CONTEXT: MergeContext = {
  first_name: 'Ayesha',
  last_name: 'Khan',
  points: { balance: 1250, pending: 300 },
  tier: { name: 'Gold', next_name: 'Platinum', points_to_next: 750 },
  reward: { code: 'RAPPORT-7KQ2M', title: 'Rs 500 off' },
  referral: { link: 'https://example.com/?ref=AYESHA25' },
  order: { number: '#1042' },
  checkout: { url: 'https://example.com/checkouts/sample/recover', total: 4500, items: '2 × Lawn suit, Dupatta', item_count: 3 },
  store: { name: 'Example Store' },
  unsubscribe_url: 'https://example.com/unsubscribe/sample',
};
