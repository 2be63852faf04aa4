import type { SegmentSyncPort, StoreCustomerRef, StoreCustomerTags } from '../crm/segments/segment-sync.port.ts';
import type { SqlDatabase } from './sql/database.ts';
import { sqlOf } from './sql/dialect.ts';
import { query } from './sql/executor.ts';

// crm's SegmentSyncPort on either database (schema/segments.ts: segment_sync_queue,
// segment_sync_checks, segment_tag_pushes). Each call is its own statement.

// A store customer's wanted tags: the sync tags of the segments its customer is kept in.
const WANTED = `SELECT s.sync_tag FROM segment_members m JOIN segments s ON s.id = m.segment_id
  WHERE m.customer_id = i.customer_id AND s.sync_tag IS NOT NULL`;

const q = {
  queued: query(`SELECT account_id AS "accountId", customer_id AS "customerId", queued_at AS "queuedAt" FROM segment_sync_queue
    ORDER BY queued_at LIMIT :limit`),
  dropQueued: query('DELETE FROM segment_sync_queue WHERE customer_id = :customerId AND queued_at = :queuedAt'),
  checkRequests: query(`SELECT account_id AS "accountId", requested_at AS "requestedAt" FROM segment_sync_checks
    ORDER BY requested_at LIMIT :limit`),
  checkDone: query('DELETE FROM segment_sync_checks WHERE account_id = :accountId AND requested_at = :requestedAt'),
  dropOrphans: query(`DELETE FROM segment_tag_pushes WHERE account_id = :accountId AND NOT EXISTS (
    SELECT 1 FROM customer_identities i JOIN connections c ON c.id = i.connection_id AND c.status = 'active'
    WHERE i.connection_id = segment_tag_pushes.connection_id AND i.external_id = segment_tag_pushes.external_id AND i.deleted_at IS NULL)`),
  // Wanted but not pushed, or pushed but not wanted: both directions of the comparison, per store customer.
  differing: query(
    (d) => `SELECT "accountId", "connectionId", "customerId" FROM (SELECT DISTINCT "accountId", "connectionId", "customerId" FROM (
      SELECT i.account_id AS "accountId", i.connection_id AS "connectionId", i.customer_id AS "customerId"
      FROM segments s JOIN segment_members m ON m.segment_id = s.id
      JOIN customer_identities i ON i.customer_id = m.customer_id AND i.deleted_at IS NULL
      JOIN connections c ON c.id = i.connection_id AND c.status = 'active'
      WHERE s.account_id = :accountId AND s.sync_tag IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM segment_tag_pushes p WHERE p.connection_id = i.connection_id AND p.external_id = i.external_id AND p.tag = s.sync_tag)
      UNION ALL
      SELECT i.account_id, i.connection_id, i.customer_id
      FROM segment_tag_pushes p JOIN customer_identities i ON i.connection_id = p.connection_id AND i.external_id = p.external_id
        AND i.deleted_at IS NULL
      WHERE p.account_id = :accountId AND p.tag NOT IN (${WANTED})
    ) u) d
    WHERE ${sqlOf(d).bytewise('"connectionId"')} > :afterConnection
      OR (${sqlOf(d).bytewise('"connectionId"')} = :afterConnection AND ${sqlOf(d).bytewise('"customerId"')} > :afterCustomer)
    ORDER BY ${sqlOf(d).bytewise('"connectionId"')}, ${sqlOf(d).bytewise('"customerId"')} LIMIT :limit`,
  ),
  storesOf: query(
    (d) => `SELECT DISTINCT i.account_id AS "accountId", i.connection_id AS "connectionId", i.customer_id AS "customerId"
    FROM customer_identities i JOIN connections c ON c.id = i.connection_id AND c.status = 'active' AND c.platform ${sqlOf(d).inArray('platforms')}
    WHERE i.account_id = :accountId AND i.deleted_at IS NULL AND i.customer_id ${sqlOf(d).inArray('customerIds')}`,
  ),
  identities: query(
    (d) => `SELECT i.connection_id AS "connectionId", c.platform, i.customer_id AS "customerId", i.external_id AS "externalId",
      (SELECT ${sqlOf(d).joined('w.sync_tag', sqlOf(d).chr(10))} FROM (${WANTED.replace('SELECT', 'SELECT DISTINCT')}) w) AS desired,
      (SELECT ${sqlOf(d).joined('p.tag', sqlOf(d).chr(10))} FROM segment_tag_pushes p
        WHERE p.connection_id = i.connection_id AND p.external_id = i.external_id) AS pushed
    FROM customer_identities i JOIN connections c ON c.id = i.connection_id
    WHERE i.connection_id = :connectionId AND i.deleted_at IS NULL AND i.customer_id ${sqlOf(d).inArray('customerIds')}
    ORDER BY ${sqlOf(d).bytewise('i.customer_id')}, ${sqlOf(d).bytewise('i.external_id')}`,
  ),
  push: query(`INSERT INTO segment_tag_pushes (connection_id, external_id, tag, account_id, pushed_at)
    VALUES (:connectionId, :externalId, :tag, :accountId, :at) ON CONFLICT (connection_id, external_id, tag) DO NOTHING`),
  unpush: query('DELETE FROM segment_tag_pushes WHERE connection_id = :connectionId AND external_id = :externalId AND tag = :tag'),
  storeCustomers: query(`SELECT count(*) AS n FROM segment_members m
    JOIN customer_identities i ON i.customer_id = m.customer_id AND i.deleted_at IS NULL
    JOIN connections c ON c.id = i.connection_id AND c.status = 'active'
    WHERE m.account_id = :accountId AND m.segment_id = :segmentId`),
  pushedCount: query('SELECT count(*) AS n FROM segment_tag_pushes WHERE account_id = :accountId AND tag = :tag'),
  backlog: query(`SELECT count(*) AS pending, coalesce(sum(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS failing,
      (SELECT last_error FROM platform_outbox e WHERE e.account_id = :accountId AND e.kind = 'segment_tags' AND e.last_error IS NOT NULL
        ORDER BY e.due_at DESC LIMIT 1) AS "lastError"
    FROM platform_outbox WHERE account_id = :accountId AND kind = 'segment_tags'`),
};

const list = (joined: string | null): string[] => (joined ? joined.split('\n').sort() : []);

export function createSegmentSyncRepo(database: SqlDatabase): SegmentSyncPort {
  const x = database.x;
  return {
    queued: (limit) => x.all(q.queued, { limit }),
    async dropQueued(items) {
      for (const item of items) await x.run(q.dropQueued, { customerId: item.customerId, queuedAt: item.queuedAt });
    },
    checkRequests: (limit) => x.all(q.checkRequests, { limit }),
    async checkDone(accountId, requestedAt) {
      await x.run(q.checkDone, { accountId, requestedAt });
    },
    dropOrphanPushes: (accountId) => x.run(q.dropOrphans, { accountId }),
    differing: (accountId, after, limit) =>
      x.all<StoreCustomerRef>(q.differing, {
        accountId,
        afterConnection: after?.connectionId ?? '',
        afterCustomer: after?.customerId ?? '',
        limit,
      }),
    async storesOf(accountId, customerIds, platforms) {
      if (!customerIds.length || !platforms.length) return [];
      return x.all<StoreCustomerRef>(q.storesOf, { accountId, customerIds, platforms });
    },
    async tagsAt(connectionId, customerIds) {
      if (!customerIds.length) return [];
      const rows = await x.all<Omit<StoreCustomerTags, 'desired' | 'pushed'> & { desired: string | null; pushed: string | null }>(
        q.identities,
        { connectionId, customerIds },
      );
      return rows.map((r) => ({ ...r, desired: list(r.desired), pushed: list(r.pushed) }));
    },
    async recordPushed(accountId, connectionId, externalId, change, at) {
      for (const tag of change.added) await x.run(q.push, { accountId, connectionId, externalId, tag, at });
      for (const tag of change.removed) await x.run(q.unpush, { connectionId, externalId, tag });
    },
    async storeCustomers(accountId, segmentId) {
      return Number((await x.get<{ n: number }>(q.storeCustomers, { accountId, segmentId }))?.n ?? 0);
    },
    async pushedCount(accountId, tag) {
      return Number((await x.get<{ n: number }>(q.pushedCount, { accountId, tag }))?.n ?? 0);
    },
    async backlog(accountId) {
      const r = await x.get<{ pending: number; failing: number; lastError: string | null }>(q.backlog, { accountId });
      return { pending: Number(r?.pending ?? 0), failing: Number(r?.failing ?? 0), lastError: r?.lastError ?? null };
    },
  };
}
