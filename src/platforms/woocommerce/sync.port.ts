import type { SyncRun, SyncRunsPort, SyncState } from '../../crm/sync/sync.port.ts';

// The WooCommerce sync's view of the shared sync bookkeeping (crm/sync/sync.port.ts): runs are
// the merchant-visible progress of a backfill or reconcile; the state row holds the watermarks
// the next reconcile starts from. `recorderOver` adapts the shared port to this narrower one.

export type { SyncRun, SyncState };
type SyncKind = SyncRun['kind'];
export type SyncResource = 'customers' | 'orders' | 'products' | 'webhooks';
type SyncStatePatch = Partial<SyncState>;

export interface SyncRecorder {
  start(run: {
    accountId: string;
    connectionId: string;
    kind: SyncKind;
    resource: SyncResource;
    total?: number | null;
    note?: string | null;
  }): Promise<string>;
  progress(runId: string, patch: { done?: number; total?: number | null; cursor?: string | null }): Promise<void>;
  finish(runId: string, outcome: { status: 'completed' } | { status: 'failed'; error: string }): Promise<void>;
  runs(connectionId: string, limit: number): Promise<SyncRun[]>;
  state(connectionId: string): Promise<SyncState>;
  /** Creates the row on first use. */
  saveState(accountId: string, connectionId: string, patch: SyncStatePatch): Promise<void>;
}

const EMPTY: SyncState = {
  grantedScopes: null,
  lastReconcileAt: null,
  ordersWatermark: null,
  customersWatermark: null,
  webhooksCheckedAt: null,
};

export function recorderOver(runs: SyncRunsPort): SyncRecorder {
  return {
    start: async (run) => (await runs.start(run)).id,
    progress: (runId, patch) => runs.update(runId, patch),
    finish(runId, outcome) {
      return runs.update(runId, {
        status: outcome.status,
        error: outcome.status === 'failed' ? outcome.error.slice(0, 500) : null,
        finishedAt: new Date().toISOString(),
      });
    },
    runs: (connectionId, limit) => runs.list(connectionId, limit),
    state: async (connectionId) => (await runs.state(connectionId)) ?? { ...EMPTY },
    saveState: (accountId, connectionId, patch) => runs.saveState(connectionId, accountId, patch),
  };
}
