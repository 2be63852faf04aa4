import type { FlowKind, FlowSetting } from './flow-kinds.ts';

// Storage of flow settings and skip counts (db/repos/flows.repo.ts), bound to a unit of work like
// the other repositories of crm/store.port.ts; every call scoped to one account.

export interface FlowsRepo {
  /** The account's flows that have a row (no row: off, no template, no delay). */
  list(accountId: string): Promise<FlowSetting[]>;
  get(accountId: string, kind: FlowKind): Promise<FlowSetting | undefined>;
  /** The kinds switched on (one indexed read: the domain-event queue asks it once per unit of work). */
  enabledKinds(accountId: string): Promise<FlowKind[]>;
  upsert(accountId: string, setting: FlowSetting): Promise<void>;
  /** One more event let go without a message, on a UTC day, for a reason. */
  countSkip(accountId: string, kind: FlowKind, day: string, reason: string): Promise<void>;
}

/** The admin's figures per flow over a period (db/queries/flows.query.ts). */
export type FlowFigures = { queued: number; sent: number; failed: number; suppressed: number; skipped: number };

export interface FlowFiguresPort {
  /** Per kind, messages of source `flow` queued since `since` by status, and skips counted since that day. */
  figures(accountId: string, since: string): Promise<Map<string, FlowFigures>>;
}
