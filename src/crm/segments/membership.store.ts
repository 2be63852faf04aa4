import type { CrmStore, Repos } from '../store.port.ts';
import { refreshMembership } from './membership.service.ts';

// The one place membership follows changes: every unit of work of the store (an applied webhook
// event, a backfill page, a staff points adjustment, a loyalty scheduler batch) runs through this
// wrapper, which notes the customers the unit wrote to and, before the unit commits, re-evaluates
// those customers alone (membership.service.ts). So membership commits with the change, or not
// at all, and no caller has to remember it. Wired once by the composition root.

type Touches = { customers: Set<string>; tierAccounts: Set<string> };

/** The repositories with every customer-changing write noting the customer (or the tiers' account). */
function noting(repos: Repos, t: Touches): Repos {
  const touch = (id: string | null | undefined) => {
    if (id) t.customers.add(id);
  };
  const { customers, orders, loyalty, consents, compliance } = repos;
  return {
    ...repos,
    customers: {
      ...customers,
      insert: (c) => (touch(c.id), customers.insert(c)),
      update: (id, patch) => (touch(id), customers.update(id, patch)),
      insertIdentity: (i) => (touch(i.customerId), customers.insertIdentity(i)),
      updateIdentity: (id, patch) => (touch(patch.customerId), customers.updateIdentity(id, patch)),
      merge: (accountId, fromId, intoId, reason, at) => (touch(intoId), customers.merge(accountId, fromId, intoId, reason, at)),
      upsertAddress: (accountId, customerId, connectionId, address, at) => (
        touch(customerId),
        customers.upsertAddress(accountId, customerId, connectionId, address, at)
      ),
      replaceTags: (accountId, customerId, source, tags) => (touch(customerId), customers.replaceTags(accountId, customerId, source, tags)),
      recomputeStats: (customerId, currency, at) => (touch(customerId), customers.recomputeStats(customerId, currency, at)),
    },
    orders: {
      ...orders,
      upsert: (order, lines) => (touch(order.customerId), orders.upsert(order, lines)),
      update: (id, patch) => (touch(patch.customerId), orders.update(id, patch)),
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
    },
    consents: { ...consents, upsert: (r) => (touch(r.customerId), consents.upsert(r)) },
    compliance: { ...compliance, redactCustomer: (id, at) => (touch(id), compliance.redactCustomer(id, at)) },
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
    await refreshMembership(repos, accountId, ids, now, { tiersChanged: t.tierAccounts.has(accountId) });
  }
}

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
