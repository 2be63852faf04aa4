import type { Loyalty } from '../../rapport-checkout/src/backend.ts';

// What the order-status block says about this order's points. The shopper API gives the
// member's pending total, not a per-order ledger: while pending points cover this order's
// points they are still on hold (delivery, return window), otherwise they have been released.
// A guest sees what the order would earn as pending (they earn once they join and it is matched).

export type EarnedState = 'none' | 'pending' | 'available' | 'cancelled';

export function earnedState(earn: number | null, member: Loyalty['member'], cancelled: boolean): EarnedState {
  if (cancelled) return 'cancelled';
  if (earn === null || earn <= 0) return 'none';
  if (!member) return 'pending';
  return member.pending >= earn ? 'pending' : 'available';
}
