import { newId } from '../../lib/ids.ts';
import type { Tier } from '../loyalty/loyalty.port.ts';
import { RFM_SEGMENTS } from './segment-fields.ts';
import type { Expr } from './segment-query.ast.ts';
import { printSegmentQuery } from './segment-query.printer.ts';
import type { SegmentMembershipRepo } from './segment-membership.port.ts';
import type { Segment } from './segments.port.ts';

// The segments every account has from day one, keyed by `built_in` (the panel translates the
// name by key; staff cannot edit or delete them). One per live loyalty tier, keyed `tier:<id>`,
// follows the tier's name and goes when the tier is deleted.

/** Customers whose last order is older than this are "lapsed" (docs/segments.md). */
export const LAPSED_AFTER_DAYS = 180;

type BuiltIn = { key: string; name: string; query: Expr };

const RFM_NAMES: Record<(typeof RFM_SEGMENTS)[number], string> = {
  champions: 'Champions',
  loyal: 'Loyal',
  potential_loyalists: 'Potential loyalists',
  new: 'New customers',
  at_risk: 'At risk',
  cant_lose: "Can't lose them",
  hibernating: 'Hibernating',
  lost: 'Lost',
};

const FIXED: BuiltIn[] = [
  ...RFM_SEGMENTS.map((g) => ({
    key: `rfm:${g}`,
    name: RFM_NAMES[g],
    query: { kind: 'compare', field: 'rfm_segment', op: '=', value: { kind: 'string', value: g } } as Expr,
  })),
  {
    key: 'first_time_buyers',
    name: 'First-time buyers',
    query: { kind: 'compare', field: 'number_of_orders', op: '=', value: { kind: 'number', value: 1 } },
  },
  {
    key: 'lapsed',
    name: 'Lapsed',
    query: { kind: 'compare', field: 'last_order_date', op: '<', value: { kind: 'relative', amount: LAPSED_AFTER_DAYS, unit: 'd' } },
  },
  { key: 'cod_risk', name: 'COD risk', query: { kind: 'compare', field: 'rto_count', op: '>', value: { kind: 'number', value: 0 } } },
];

const tierBuiltIn = (tier: Tier): BuiltIn => ({
  key: `tier:${tier.id}`,
  name: `Tier: ${tier.name}`,
  query: { kind: 'compare', field: 'tier', op: '=', value: { kind: 'string', value: tier.name } },
});

/** What the account's built-ins should be, given its live tiers. */
export function builtInsFor(tiers: Tier[]): BuiltIn[] {
  return [...FIXED, ...tiers.map(tierBuiltIn)];
}

export type BuiltInChanges = { added: Segment[]; changed: Segment[]; removed: string[] };

/**
 * Makes the account's built-ins what `builtInsFor` says: adds the missing, follows renamed tiers,
 * removes those of deleted tiers. Idempotent. A name a merchant already uses for their own
 * segment gets a suffix (names are unique per account).
 */
export async function ensureBuiltInSegments(
  repo: SegmentMembershipRepo,
  accountId: string,
  tiers: Tier[],
  now: string,
): Promise<BuiltInChanges> {
  const existing = await repo.list(accountId);
  const byKey = new Map(existing.filter((s) => s.builtIn).map((s) => [s.builtIn!, s]));
  const taken = new Set(existing.map((s) => s.name));
  const wanted = builtInsFor(tiers);
  const changes: BuiltInChanges = { added: [], changed: [], removed: [] };
  const freeName = (name: string, own?: string) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate) && candidate !== own; n++) candidate = `${name} (${n})`;
    taken.add(candidate);
    return candidate;
  };
  const base = Date.parse(now);
  for (const [i, b] of wanted.entries()) {
    const query = printSegmentQuery(b.query);
    const current = byKey.get(b.key);
    if (!current) {
      // A millisecond apart: lists are oldest first, so the built-ins keep the catalogue's order.
      const createdAt = new Date(base + i).toISOString();
      const segment: Segment = {
        id: newId('seg'),
        accountId,
        name: freeName(b.name),
        query,
        builtIn: b.key,
        syncTag: null,
        createdAt,
        updatedAt: createdAt,
      };
      await repo.insert(segment);
      changes.added.push(segment);
    } else if (current.query !== query || (b.key.startsWith('tier:') && !current.name.startsWith(b.name))) {
      const name = current.name.startsWith(b.name) ? current.name : freeName(b.name, current.name);
      await repo.update(accountId, current.id, { name, query, updatedAt: now });
      changes.changed.push({ ...current, name, query, updatedAt: now });
    }
  }
  const keys = new Set(wanted.map((b) => b.key));
  for (const s of byKey.values()) {
    if (keys.has(s.builtIn!)) continue;
    await repo.delete(accountId, s.id);
    changes.removed.push(s.id);
  }
  return changes;
}
