import type { Db } from './client.ts';
import { resolved, type Synchronous } from './resolved.ts';
import { newId } from '../lib/ids.ts';
import { syncTransaction } from './sync-transaction.ts';
import type { OutboxItem, PlatformOutboxPort, SyncRun, SyncRunsPort, SyncState } from '../crm/sync/sync.port.ts';

// sync_runs, connection_sync_state and platform_outbox behind the ports in crm/sync/sync.port.ts (Shopify and WooCommerce alike).
// Raw prepared statements: progress is written every few hundred records during a backfill.

type RunRow = Record<string, unknown>;

const toRun = (r: RunRow): SyncRun => ({
  id: r.id as string,
  accountId: r.account_id as string,
  connectionId: r.connection_id as string,
  kind: r.kind as SyncRun['kind'],
  resource: r.resource as string,
  status: r.status as SyncRun['status'],
  total: r.total as number | null,
  done: r.done as number,
  cursor: r.cursor as string | null,
  note: r.note as string | null,
  noteCode: r.note_code as string | null,
  noteParams: r.note_params ? (JSON.parse(r.note_params as string) as Record<string, string | number>) : null,
  error: r.error as string | null,
  startedAt: r.started_at as string,
  updatedAt: r.updated_at as string,
  finishedAt: r.finished_at as string | null,
});

const STATE_KEYS = ['grantedScopes', 'lastReconcileAt', 'ordersWatermark', 'customersWatermark', 'webhooksCheckedAt'] as const;

const COLUMNS: Record<string, string> = {
  status: 'status',
  total: 'total',
  done: 'done',
  cursor: 'cursor',
  note: 'note',
  noteCode: 'note_code',
  noteParams: 'note_params',
  error: 'error',
  finishedAt: 'finished_at',
};
const params = (p: SyncRun['noteParams'] | undefined) => (p ? JSON.stringify(p) : null);

export function createSyncRepo(db: Db): { runs: SyncRunsPort; outbox: PlatformOutboxPort } {
  const sqlite = db.$client;
  const insertRun =
    sqlite.prepare(`INSERT INTO sync_runs (id, account_id, connection_id, kind, resource, status, total, done, note, note_code, note_params, started_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'running', ?, 0, ?, ?, ?, ?, ?)`);
  const byId = sqlite.prepare('SELECT * FROM sync_runs WHERE id = ?');
  const list = sqlite.prepare('SELECT * FROM sync_runs WHERE connection_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?');
  const running = sqlite.prepare(
    "SELECT * FROM sync_runs WHERE connection_id = ? AND kind = ? AND status = 'running' ORDER BY started_at DESC LIMIT 1",
  );
  const state = sqlite.prepare('SELECT * FROM connection_sync_state WHERE connection_id = ?');
  const enqueue = sqlite.prepare(`INSERT INTO platform_outbox (account_id, connection_id, kind, subject_id, due_at, attempts, created_at)
    VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (connection_id, kind, subject_id) DO UPDATE SET created_at = excluded.created_at`);
  const due = sqlite.prepare('SELECT * FROM platform_outbox WHERE kind = ? AND due_at <= ? ORDER BY due_at, id LIMIT ?');
  // Deleted only if nothing changed since it was read: a change during the flush re-stamps created_at.
  const remove = sqlite.prepare('DELETE FROM platform_outbox WHERE id = ? AND created_at = ?');
  const removeAll = syncTransaction(sqlite, 'platform outbox: done', (items: OutboxItem[]) => {
    for (const item of items) remove.run(item.id, item.version);
  });
  const fail = sqlite.prepare('UPDATE platform_outbox SET attempts = attempts + 1, last_error = ?, due_at = ? WHERE id = ?');

  const runs: Synchronous<SyncRunsPort> = {
    start({ accountId, connectionId, kind, resource, total, note, noteCode, noteParams }) {
      const id = newId('run');
      const now = new Date().toISOString();
      insertRun.run(
        id,
        accountId,
        connectionId,
        kind,
        resource,
        total ?? null,
        note ?? null,
        noteCode ?? null,
        params(noteParams),
        now,
        now,
      );
      return toRun(byId.get(id) as RunRow);
    },
    update(id, patch) {
      const keys = Object.keys(patch).filter((k) => COLUMNS[k]);
      const sets = [...keys.map((k) => `${COLUMNS[k]} = @${k}`), 'updated_at = @updatedAt'].join(', ');
      const values = 'noteParams' in patch ? { ...patch, noteParams: params(patch.noteParams) } : patch;
      sqlite.prepare(`UPDATE sync_runs SET ${sets} WHERE id = @id`).run({ ...values, id, updatedAt: new Date().toISOString() });
    },
    list: (connectionId, limit) => (list.all(connectionId, limit) as RunRow[]).map(toRun),
    running(connectionId, kind) {
      const row = running.get(connectionId, kind) as RunRow | undefined;
      return row ? toRun(row) : undefined;
    },
    state(connectionId): SyncState | undefined {
      const r = state.get(connectionId) as Record<string, string | null> | undefined;
      if (!r) return undefined;
      return {
        grantedScopes: r.granted_scopes ?? null,
        lastReconcileAt: r.last_reconcile_at ?? null,
        ordersWatermark: r.orders_watermark ?? null,
        customersWatermark: r.customers_watermark ?? null,
        webhooksCheckedAt: r.webhooks_checked_at ?? null,
      };
    },
    saveState(connectionId, accountId, patch) {
      const keys = STATE_KEYS.filter((k) => k in patch);
      const column = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      // Only the fields given change; the rest keep what an earlier save wrote.
      sqlite
        .prepare(
          `INSERT INTO connection_sync_state (connection_id, account_id, ${STATE_KEYS.map(column).join(', ')}, updated_at)
        VALUES (@connectionId, @accountId, ${STATE_KEYS.map((k) => `@${k}`).join(', ')}, @now)
        ON CONFLICT (connection_id) DO UPDATE SET ${[...keys.map((k) => `${column(k)} = excluded.${column(k)}`), 'updated_at = excluded.updated_at'].join(', ')}`,
        )
        .run({ connectionId, accountId, ...Object.fromEntries(STATE_KEYS.map((k) => [k, null])), ...patch, now: new Date().toISOString() });
    },
  };

  let seq = 0;
  const outbox: Synchronous<PlatformOutboxPort> = {
    enqueue(item, dueAt) {
      enqueue.run(item.accountId, item.connectionId, item.kind, item.subjectId, dueAt, `${new Date().toISOString()}#${(seq += 1)}`);
    },
    due(kind, limit, now): OutboxItem[] {
      return (due.all(kind, now, limit) as Record<string, unknown>[]).map((r) => ({
        id: r.id as number,
        accountId: r.account_id as string,
        connectionId: r.connection_id as string,
        kind: r.kind as string,
        subjectId: r.subject_id as string,
        attempts: r.attempts as number,
        version: r.created_at as string,
      }));
    },
    done(items) {
      removeAll(items);
    },
    failed(id, error, retryAt) {
      fail.run(error.slice(0, 500), retryAt, id);
    },
  };

  return { runs: resolved<SyncRunsPort>(runs), outbox: resolved<PlatformOutboxPort>(outbox) };
}
