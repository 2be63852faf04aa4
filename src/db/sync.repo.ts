import { newId } from '../lib/ids.ts';
import type { OutboxItem, PlatformOutboxPort, SyncRun, SyncRunsPort, SyncState } from '../crm/sync/sync.port.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query, queryCache } from './sql/executor.ts';
import { patchUpdater } from './sql/statements.ts';

// sync_runs, connection_sync_state and platform_outbox behind the ports in crm/sync/sync.port.ts
// (Shopify and WooCommerce alike), one implementation for both databases over the executor.
// Progress is written every few hundred records during a backfill: one prepared statement each.

type RunRow = {
  id: string;
  account_id: string;
  connection_id: string;
  kind: string;
  resource: string;
  status: string;
  total: number | null;
  done: number;
  cursor: string | null;
  note: string | null;
  note_code: string | null;
  note_params: string | null;
  error: string | null;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
};

const toRun = (r: RunRow): SyncRun => ({
  id: r.id,
  accountId: r.account_id,
  connectionId: r.connection_id,
  kind: r.kind as SyncRun['kind'],
  resource: r.resource,
  status: r.status as SyncRun['status'],
  total: r.total,
  done: r.done,
  cursor: r.cursor,
  note: r.note,
  noteCode: r.note_code,
  noteParams: r.note_params ? (JSON.parse(r.note_params) as Record<string, string | number>) : null,
  error: r.error,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

const STATE_KEYS = ['grantedScopes', 'lastReconcileAt', 'ordersWatermark', 'customersWatermark', 'webhooksCheckedAt'] as const;
const column = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const RUN_COLUMNS: Record<string, string> = {
  status: 'status',
  total: 'total',
  done: 'done',
  cursor: 'cursor',
  note: 'note',
  noteCode: 'note_code',
  noteParams: 'note_params',
  error: 'error',
  finishedAt: 'finished_at',
  updatedAt: 'updated_at',
};
const params = (p: SyncRun['noteParams'] | undefined) => (p ? JSON.stringify(p) : null);

const q = {
  insertRun:
    query(`INSERT INTO sync_runs (id, account_id, connection_id, kind, resource, status, total, done, note, note_code, note_params, started_at, updated_at)
    VALUES (:id, :accountId, :connectionId, :kind, :resource, 'running', :total, 0, :note, :noteCode, :noteParams, :now, :now) RETURNING *`),
  // Runs started in the same millisecond come in id order (ids start with their creation time).
  list: query('SELECT * FROM sync_runs WHERE connection_id = :connectionId ORDER BY started_at DESC, id DESC LIMIT :limit'),
  running: query(`SELECT * FROM sync_runs WHERE connection_id = :connectionId AND kind = :kind AND status = 'running'
    ORDER BY started_at DESC, id DESC LIMIT 1`),
  state: query('SELECT * FROM connection_sync_state WHERE connection_id = :connectionId'),
  enqueue: query(`INSERT INTO platform_outbox (account_id, connection_id, kind, subject_id, due_at, attempts, created_at)
    VALUES (:accountId, :connectionId, :kind, :subjectId, :dueAt, 0, :version)
    ON CONFLICT (connection_id, kind, subject_id) DO UPDATE SET created_at = excluded.created_at`),
  due: query('SELECT * FROM platform_outbox WHERE kind = :kind AND due_at <= :now ORDER BY due_at, id LIMIT :limit'),
  // Deleted only if nothing changed since it was read: a change during the flush re-stamps created_at.
  remove: query('DELETE FROM platform_outbox WHERE id = :id AND created_at = :version'),
  fail: query('UPDATE platform_outbox SET attempts = attempts + 1, last_error = :error, due_at = :retryAt WHERE id = :id'),
};

const updateRun = patchUpdater('sync_runs', RUN_COLUMNS, 'id = :id');
const saveStateQuery = queryCache();

/**
 * An outbox row's version is its `created_at`, re-stamped by every enqueue: an instant (a
 * timestamptz on PostgreSQL, millisecond precision), strictly increasing in this process so two
 * enqueues of one subject within a millisecond still differ. Only the write-back job enqueues, on
 * one process at a time (the leader), so a stamp may run ahead of the clock in a burst, harmlessly.
 */
function versionStamps(): () => string {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last).toISOString();
  };
}

export function createSyncRepo(database: SqlDatabase): { runs: SyncRunsPort; outbox: PlatformOutboxPort } {
  const { x } = database;

  const runs: SyncRunsPort = {
    async start({ accountId, connectionId, kind, resource, total, note, noteCode, noteParams }) {
      const row = await x.get<RunRow>(q.insertRun, {
        id: newId('run'),
        accountId,
        connectionId,
        kind,
        resource,
        total: total ?? null,
        note: note ?? null,
        noteCode: noteCode ?? null,
        noteParams: params(noteParams),
        now: new Date().toISOString(),
      });
      return toRun(row!);
    },
    async update(id, patch) {
      // A key given as undefined is not given (a null clears the column).
      const values: Record<string, unknown> = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      if ('noteParams' in values) values.noteParams = params(patch.noteParams);
      values.updatedAt = new Date().toISOString();
      await x.run(updateRun(values)!, { ...values, id });
    },
    list: async (connectionId, limit) => (await x.all<RunRow>(q.list, { connectionId, limit })).map(toRun),
    async running(connectionId, kind) {
      const row = await x.get<RunRow>(q.running, { connectionId, kind });
      return row ? toRun(row) : undefined;
    },
    async state(connectionId): Promise<SyncState | undefined> {
      const r = await x.get<Record<string, string | null>>(q.state, { connectionId });
      if (!r) return undefined;
      return {
        grantedScopes: r.granted_scopes ?? null,
        lastReconcileAt: r.last_reconcile_at ?? null,
        ordersWatermark: r.orders_watermark ?? null,
        customersWatermark: r.customers_watermark ?? null,
        webhooksCheckedAt: r.webhooks_checked_at ?? null,
      };
    },
    async saveState(connectionId, accountId, patch) {
      const keys = STATE_KEYS.filter((k) => k in patch);
      // Only the fields given change; the rest keep what an earlier save wrote.
      const statement = saveStateQuery(
        `INSERT INTO connection_sync_state (connection_id, account_id, ${STATE_KEYS.map(column).join(', ')}, updated_at)
        VALUES (:connectionId, :accountId, ${STATE_KEYS.map((k) => `:${k}`).join(', ')}, :now)
        ON CONFLICT (connection_id) DO UPDATE SET ${[...keys.map((k) => `${column(k)} = excluded.${column(k)}`), 'updated_at = excluded.updated_at'].join(', ')}`,
      );
      await x.run(statement, {
        connectionId,
        accountId,
        ...Object.fromEntries(STATE_KEYS.map((k) => [k, null])),
        ...patch,
        now: new Date().toISOString(),
      });
    },
  };

  const stamp = versionStamps();
  const outbox: PlatformOutboxPort = {
    async enqueue(item, dueAt) {
      await x.run(q.enqueue, { ...item, dueAt, version: stamp() });
    },
    async due(kind, limit, now): Promise<OutboxItem[]> {
      return (await x.all<Record<string, unknown>>(q.due, { kind, now, limit })).map((r) => ({
        id: Number(r.id),
        accountId: r.account_id as string,
        connectionId: r.connection_id as string,
        kind: r.kind as string,
        subjectId: r.subject_id as string,
        attempts: r.attempts as number,
        version: r.created_at as string,
      }));
    },
    async done(items) {
      if (!items.length) return;
      // One unit of work: the flushed rows go together.
      await database.transaction(async (tx) => {
        for (const item of items) await tx.run(q.remove, { id: item.id, version: item.version });
      });
    },
    async failed(id, error, retryAt) {
      await x.run(q.fail, { id, error: error.slice(0, 500), retryAt });
    },
  };

  return { runs, outbox };
}
