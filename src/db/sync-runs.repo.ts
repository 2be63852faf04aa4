import { desc, eq } from 'drizzle-orm';
import type { SyncRecorder, SyncRun, SyncState } from '../platforms/woocommerce/sync.port.ts';
import { newId } from '../lib/ids.ts';
import type { Db } from './client.ts';
import { connectionSyncState, syncRuns } from './schema/index.ts';

// SQLite implementation of the sync recorder port: backfill/reconcile runs with their progress
// (`sync_runs`) and per-connection watermarks (`connection_sync_state`). Synchronous writes:
// each is one small statement, called between network pages, never inside a CRM transaction.

const EMPTY: SyncState = { ordersWatermark: null, customersWatermark: null, lastReconcileAt: null, webhooksCheckedAt: null };

export function createSyncRecorder(db: Db): SyncRecorder {
  const now = () => new Date().toISOString();
  return {
    start(run) {
      const id = newId('syn');
      const at = now();
      db.insert(syncRuns).values({
        id, accountId: run.accountId, connectionId: run.connectionId, kind: run.kind, resource: run.resource, status: 'running',
        total: run.total ?? null, done: 0, note: run.note ?? null, startedAt: at, updatedAt: at,
      }).run();
      return id;
    },
    progress(runId, patch) {
      db.update(syncRuns).set({ ...patch, updatedAt: now() }).where(eq(syncRuns.id, runId)).run();
    },
    finish(runId, outcome) {
      const at = now();
      db.update(syncRuns).set({ status: outcome.status, error: outcome.status === 'failed' ? outcome.error.slice(0, 500) : null, updatedAt: at, finishedAt: at })
        .where(eq(syncRuns.id, runId)).run();
    },
    runs(connectionId, limit) {
      return db.select().from(syncRuns).where(eq(syncRuns.connectionId, connectionId)).orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).limit(limit).all()
        .map(({ accountId: _a, ...r }) => r as SyncRun);
    },
    state(connectionId) {
      const row = db.select().from(connectionSyncState).where(eq(connectionSyncState.connectionId, connectionId)).get();
      if (!row) return { ...EMPTY };
      return { ordersWatermark: row.ordersWatermark, customersWatermark: row.customersWatermark, lastReconcileAt: row.lastReconcileAt, webhooksCheckedAt: row.webhooksCheckedAt };
    },
    saveState(accountId, connectionId, patch) {
      const at = now();
      db.insert(connectionSyncState).values({ connectionId, accountId, ...patch, updatedAt: at })
        .onConflictDoUpdate({ target: connectionSyncState.connectionId, set: { ...patch, updatedAt: at } }).run();
    },
  };
}
