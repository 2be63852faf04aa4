// Ports for platform sync bookkeeping (sync_runs, connection_sync_state, platform_outbox), shared
// by the Shopify and WooCommerce sync; db/sync.repo.ts implements them.

export type SyncRunStatus = 'running' | 'completed' | 'failed';

export type SyncRun = {
  id: string;
  accountId: string;
  connectionId: string;
  kind: 'backfill' | 'reconcile';
  resource: string;
  status: SyncRunStatus;
  total: number | null;
  done: number;
  cursor: string | null;
  note: string | null;
  /** The note as a code and its figures, for saying it in the merchant's language. */
  noteCode: string | null;
  noteParams: Record<string, string | number> | null;
  error: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
};

export type SyncRunPatch = Partial<
  Pick<SyncRun, 'status' | 'total' | 'done' | 'cursor' | 'note' | 'noteCode' | 'noteParams' | 'error' | 'finishedAt'>
>;

export type SyncState = {
  grantedScopes: string | null;
  lastReconcileAt: string | null;
  ordersWatermark: string | null;
  /** WooCommerce: the highest customer id applied (customers have no modified filter). */
  customersWatermark: string | null;
  webhooksCheckedAt: string | null;
};

export interface SyncRunsPort {
  start(
    run: { accountId: string; connectionId: string; kind: SyncRun['kind']; resource: string; total?: number | null } & Partial<
      Pick<SyncRun, 'note' | 'noteCode' | 'noteParams'>
    >,
  ): Promise<SyncRun>;
  update(id: string, patch: SyncRunPatch): Promise<void>;
  list(connectionId: string, limit: number): Promise<SyncRun[]>;
  running(connectionId: string, kind: SyncRun['kind']): Promise<SyncRun | undefined>;
  state(connectionId: string): Promise<SyncState | undefined>;
  saveState(connectionId: string, accountId: string, patch: Partial<SyncState>): Promise<void>;
}

/** `version` changes whenever the subject changes again; `done` then keeps the row. */
export type OutboxItem = {
  id: number;
  accountId: string;
  connectionId: string;
  kind: string;
  subjectId: string;
  attempts: number;
  version: string;
};

export interface PlatformOutboxPort {
  /** Coalesced per (connection, kind, subject): a pending row absorbs later changes. */
  enqueue(item: { accountId: string; connectionId: string; kind: string; subjectId: string }, dueAt: string): Promise<void>;
  due(kind: string, limit: number, now: string): Promise<OutboxItem[]>;
  done(items: OutboxItem[]): Promise<void>;
  failed(id: number, error: string, retryAt: string): Promise<void>;
}
