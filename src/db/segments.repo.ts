import type { Segment, SegmentsPort } from '../crm/segments/segments.port.ts';
import type { SqlDatabase } from './sql/database.ts';
import { sqlOf } from './sql/dialect.ts';
import { query, type Executor } from './sql/executor.ts';

// Saved segments (schema/segments.ts), crm's SegmentsPort: one SQL text for both databases,
// every statement filtered by account.

const COLUMNS = `id, account_id AS "accountId", name, query, built_in AS "builtIn", sync_tag AS "syncTag", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

const q = {
  // Oldest first, ties by id bytewise: the same order on both databases.
  list: query((d) => `SELECT ${COLUMNS} FROM segments WHERE account_id = :accountId ORDER BY created_at, ${sqlOf(d).bytewise('id')}`),
  get: query(`SELECT ${COLUMNS} FROM segments WHERE account_id = :accountId AND id = :id`),
  byName: query(`SELECT ${COLUMNS} FROM segments WHERE account_id = :accountId AND name = :name`),
  bySyncTag: query(`SELECT ${COLUMNS} FROM segments WHERE account_id = :accountId AND sync_tag = :tag`),
  insert: query(`INSERT INTO segments (id, account_id, name, query, built_in, sync_tag, created_at, updated_at)
    VALUES (:id, :accountId, :name, :query, :builtIn, :syncTag, :createdAt, :updatedAt)`),
  update: query('UPDATE segments SET name = :name, query = :query, updated_at = :updatedAt WHERE account_id = :accountId AND id = :id'),
  updateWithTag: query(`UPDATE segments SET name = :name, query = :query, sync_tag = :syncTag, updated_at = :updatedAt
    WHERE account_id = :accountId AND id = :id`),
  delete: query('DELETE FROM segments WHERE account_id = :accountId AND id = :id'),
};

export function createSegmentsRepo(database: SqlDatabase): SegmentsPort {
  return segmentsOn(database.x);
}

/** The same repository on any executor (a unit of work's: repos/segment-membership.repo.ts). */
export function segmentsOn(x: Executor): SegmentsPort {
  return {
    list: (accountId) => x.all<Segment>(q.list, { accountId }),
    get: (accountId, id) => x.get<Segment>(q.get, { accountId, id }),
    byName: (accountId, name) => x.get<Segment>(q.byName, { accountId, name }),
    bySyncTag: (accountId, tag) => x.get<Segment>(q.bySyncTag, { accountId, tag }),
    async insert(segment) {
      await x.run(q.insert, { ...segment, syncTag: segment.syncTag ?? null });
    },
    async update(accountId, id, patch) {
      // A patch without `syncTag` leaves the mirror as it is (the built-ins' upkeep renames and redefines only).
      await x.run(patch.syncTag === undefined ? q.update : q.updateWithTag, { accountId, id, ...patch });
    },
    async delete(accountId, id) {
      return (await x.run(q.delete, { accountId, id })) > 0;
    },
  };
}
