import type { Platform } from '../events.ts';

// A read model for writing loyalty state out to a store (Shopify metafields today): which members
// changed since a mark (new ledger rows or a tier change) and what they hold now. Found by
// scanning rather than by a hook in the ledger, so the domain stays unaware of who reads it.
// src/db/loyalty-writeback.query.ts implements it.

/** A member with an identity on one active store of `platform`. */
export type ChangedMember = { accountId: string; connectionId: string; customerId: string };
export type MemberSnapshot = { customerId: string; externalId: string; balance: number; pending: number; tier: string | null };

export interface LoyaltyChangesPort {
  /** The newest ledger row's id (0 for an empty ledger). */
  ledgerHead(): Promise<number>;
  /** Members with ledger rows in (afterId, toId] or a tier change after `tierSince`, once per store identity. */
  changedSince(platform: Platform, afterId: number, toId: number, tierSince: string): Promise<ChangedMember[]>;
  /** What each member holds now, with their id at that store; members without one are left out. */
  snapshots(connectionId: string, customerIds: string[]): Promise<MemberSnapshot[]>;
}
