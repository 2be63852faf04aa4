import type { CrmStore, Repos } from '../store.port.ts';
import { checkSegment } from './membership-check.service.ts';
import { queryOf, refreshMembership } from './membership.service.ts';
import type { FieldName } from './segment-fields.ts';
import { readsAnyField } from './segment-query.ast.ts';

// The one place membership follows changes: every unit of work of the store (an applied webhook
// event, a backfill page, a staff points adjustment, a loyalty scheduler batch) runs through this
// wrapper, which notes the customers the unit wrote to and, before the unit commits, re-evaluates
// those customers alone (membership.service.ts). So membership commits with the change, or not
// at all, and no caller has to remember it. Wired once by the composition root.

type Touches = { customers: Set<string>; tierAccounts: Set<string> };

/**
 * The repositories with every write that changes a segment field (segment-fields.ts, as
 * db/queries/segment-query.sql.ts reads them) noting the customer, or the tiers' account. A write
 * whose arguments do not name the customer (an identity or order by id, a referral's status, a
 * store's erasure) looks its owner up first, before the write can move it.
 */
function noting(repos: Repos, t: Touches): Repos {
  const touch = (id: string | null | undefined) => {
    if (id) t.customers.add(id);
  };
  const { customers, orders, loyalty, consents, compliance, segments } = repos;
  const { referrals } = loyalty;
  return {
    ...repos,
    customers: {
      ...customers,
      insert: (c) => (touch(c.id), customers.insert(c)),
      update: (id, patch) => (touch(id), customers.update(id, patch)),
      insertIdentity: (i) => (touch(i.customerId), customers.insertIdentity(i)),
      // Deleting (deletedAt) or relinking an identity changes its profile's stores and platforms, and a relinked one's old profile's.
      updateIdentity: async (id, patch) => {
        touch(await segments.customerOfIdentity(id));
        touch(patch.customerId);
        return customers.updateIdentity(id, patch);
      },
      merge: (accountId, fromId, intoId, reason, at) => (touch(intoId), customers.merge(accountId, fromId, intoId, reason, at)),
      upsertAddress: (accountId, customerId, connectionId, address, at) => (
        touch(customerId),
        customers.upsertAddress(accountId, customerId, connectionId, address, at)
      ),
      replaceTags: (accountId, customerId, source, tags) => (touch(customerId), customers.replaceTags(accountId, customerId, source, tags)),
      recomputeStats: (customerId, currency, at) => (touch(customerId), customers.recomputeStats(customerId, currency, at)),
      // Its kept rows go with it (cascade); noted so that a future soft delete is not forgotten.
      delete: (customerId) => (touch(customerId), customers.delete(customerId)),
    },
    orders: {
      ...orders,
      upsert: (order, lines) => (touch(order.customerId), orders.upsert(order, lines)),
      // A refund, a trash or a move to another profile: the order's owner, before and after.
      update: async (id, patch) => {
        touch(await segments.customerOfOrder(id));
        touch(patch.customerId);
        return orders.update(id, patch);
      },
    },
    loyalty: {
      ...loyalty,
      ledger: { ...loyalty.ledger, append: (e) => (touch(e.customerId), loyalty.ledger.append(e)) },
      members: {
        ...loyalty.members,
        insert: (m) => (touch(m.customerId), loyalty.members.insert(m)),
        update: (customerId, patch) => (touch(customerId), loyalty.members.update(customerId, patch)),
      },
      tiers: {
        ...loyalty.tiers,
        insert: (tier) => (t.tierAccounts.add(tier.accountId), loyalty.tiers.insert(tier)),
        update: (accountId, id, patch) => (t.tierAccounts.add(accountId), loyalty.tiers.update(accountId, id, patch)),
      },
      // referrals_made counts the advocate's completed and approved referrals.
      referrals: {
        ...referrals,
        insert: (r) => (touch(r.advocateId), referrals.insert(r)),
        update: async (accountId, id, patch) => {
          if (patch.status !== undefined) touch((await referrals.get(accountId, id))?.advocateId);
          return referrals.update(accountId, id, patch);
        },
      },
    },
    consents: { ...consents, upsert: (r) => (touch(r.customerId), consents.upsert(r)) },
    compliance: {
      ...compliance,
      redactCustomer: (id, at) => (touch(id), compliance.redactCustomer(id, at)),
      // The store's orders, identities, addresses and tags go: its customers known elsewhere too keep a profile that changed.
      eraseConnection: async (connectionId) => {
        for (const id of await segments.customersOfConnection(connectionId)) touch(id);
        return compliance.eraseConnection(connectionId);
      },
    },
  };
}

/** After the unit's work: the touched customers re-evaluated, per account; tiers' built-ins followed. */
async function follow(repos: Repos, t: Touches, now: Date): Promise<void> {
  if (!t.customers.size && !t.tierAccounts.size) return;
  const byAccount = new Map<string, string[]>();
  for (const accountId of t.tierAccounts) byAccount.set(accountId, []);
  // Customers that no longer exist (merged away, erased with their shop) have no membership left to keep.
  for (const { id, accountId } of await repos.segments.accountsOf([...t.customers])) {
    const list = byAccount.get(accountId) ?? [];
    list.push(id);
    byAccount.set(accountId, list);
  }
  for (const [accountId, ids] of byAccount) {
    const tiersChanged = t.tierAccounts.has(accountId);
    await refreshMembership(repos, accountId, ids, now, { tiersChanged });
    // A tier renamed or deleted changes every member's `tier` at once: the merchant's segments over
    // it are checked in full (the built-ins per tier were redefined and refilled above). Rare: a staff edit.
    if (tiersChanged)
      for (const segment of await repos.segments.list(accountId))
        if (!segment.builtIn && readsAnyField(queryOf(segment), TIER))
          await checkSegment(repos, accountId, segment, now, { repair: false });
  }
}

const TIER: ReadonlySet<FieldName> = new Set<FieldName>(['tier']);

export function keepingSegmentMembership(store: CrmStore, clock: () => Date = () => new Date()): CrmStore {
  return {
    transaction: (work) =>
      store.transaction(async (repos) => {
        const touches: Touches = { customers: new Set(), tierAccounts: new Set() };
        const result = await work(noting(repos, touches));
        await follow(repos, touches, clock());
        return result;
      }),
    batch: (work, options) => store.batch(work, options),
  };
}
