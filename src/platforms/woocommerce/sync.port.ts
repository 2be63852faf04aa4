// What the WooCommerce sync needs from storage, as a port: db/sync-runs.repo.ts implements it
// over `sync_runs` and `connection_sync_state`. Runs are the merchant-visible progress of a
// backfill or reconcile; the state row holds the watermarks the next reconcile starts from.

export type SyncKind = 'backfill' | 'reconcile';
export type SyncResource = 'customers' | 'orders' | 'webhooks';
export type SyncStatus = 'running' | 'done' | 'failed';

export type SyncRun = {
  id: string;
  connectionId: string;
  kind: SyncKind;
  resource: SyncResource;
  status: SyncStatus;
  total: number | null;
  done: number;
  cursor: string | null;
  note: string | null;
  error: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
};

export type SyncState = {
  ordersWatermark: string | null;
  /** WooCommerce: the highest customer id applied (customers have no modified filter). */
  customersWatermark: string | null;
  lastReconcileAt: string | null;
  webhooksCheckedAt: string | null;
};

export type SyncStatePatch = Partial<SyncState>;

export interface SyncRecorder {
  start(run: { accountId: string; connectionId: string; kind: SyncKind; resource: SyncResource; total?: number | null; note?: string | null }): string;
  progress(runId: string, patch: { done?: number; total?: number | null; cursor?: string | null }): void;
  finish(runId: string, outcome: { status: 'done' } | { status: 'failed'; error: string }): void;
  runs(connectionId: string, limit: number): SyncRun[];
  state(connectionId: string): SyncState;
  /** Creates the row on first use. */
  saveState(accountId: string, connectionId: string, patch: SyncStatePatch): void;
}
