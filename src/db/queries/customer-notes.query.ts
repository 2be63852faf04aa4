import type { Note, TagState } from '../../crm/customers/customer-notes.port.ts';
import { newId } from '../../lib/ids.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query, type Executor } from '../sql/executor.ts';

// Staff notes and staff-set tags on a profile. Tags set in Rapport have source `manual`; tags
// from a store (source = connection id) come back on the next sync, so staff edit only their own.
// The writes are units of work of the database handle (db/README.md).

const MANUAL_TAG_SOURCE = 'manual';

const q = {
  notes: query(
    'SELECT id, body, author, created_at AS "createdAt" FROM customer_notes WHERE customer_id = :customerId ORDER BY created_at DESC, id DESC',
  ),
  insertNote: query(`INSERT INTO customer_notes (id, account_id, customer_id, body, author, created_at)
    VALUES (:id, :accountId, :customerId, :body, :author, :createdAt)`),
  insertEvent: query(`INSERT INTO timeline_events (account_id, customer_id, kind, occurred_at, subject_type, subject_id, data, dedupe_key)
    VALUES (:accountId, :customerId, 'note_added', :at, 'note', :noteId, :data, :dedupeKey)`),
  // Byte order (SQLite's BINARY) on both, whatever the PostgreSQL database's collation.
  tags: query((d) => `SELECT tag, source FROM customer_tags WHERE customer_id = :customerId ORDER BY ${sqlOf(d).bytewise('tag')}, source`),
  storeTags: query('SELECT tag FROM customer_tags WHERE customer_id = :customerId AND source <> :manual'),
  deleteManual: query('DELETE FROM customer_tags WHERE customer_id = :customerId AND source = :manual'),
  insertTag: query(
    'INSERT INTO customer_tags (account_id, customer_id, tag, source) VALUES (:accountId, :customerId, :tag, :manual) ON CONFLICT DO NOTHING',
  ),
  // Every (customer, tag) pair in one statement (`WHERE true`: SQLite would read ON CONFLICT as a join's ON).
  insertTags: query(
    (d) => `INSERT INTO customer_tags (account_id, customer_id, tag, source)
    SELECT CAST(:accountId AS text), c.value, t.value, CAST(:manual AS text)
    FROM ${sqlOf(d).eachValue('ids', 'c')} CROSS JOIN ${sqlOf(d).eachValue('tags', 't')}
    WHERE true ON CONFLICT DO NOTHING`,
  ),
  own: query((d) => `SELECT id FROM customers WHERE account_id = :accountId AND id ${sqlOf(d).inArray('ids')}`),
};

export async function listNotes(database: SqlDatabase, customerId: string): Promise<Note[]> {
  return database.x.all<Note>(q.notes, { customerId });
}

/** Adds a note and its `note_added` timeline entry in one unit of work. */
export async function addNote(
  database: SqlDatabase,
  accountId: string,
  customerId: string,
  body: string,
  author: string,
  at: string,
): Promise<Note> {
  const note = { id: newId('note'), body, author, createdAt: at };
  await database.transaction(async (x) => {
    await x.run(q.insertNote, { ...note, accountId, customerId });
    await x.run(q.insertEvent, {
      accountId,
      customerId,
      at,
      noteId: note.id,
      // An excerpt only: the note itself stays on the notes card.
      data: JSON.stringify({ excerpt: body.length > 140 ? `${body.slice(0, 139)}…` : body, author }),
      dedupeKey: `note_added:${note.id}`,
    });
  });
  return note;
}

async function readTags(x: Executor, customerId: string): Promise<TagState> {
  const rows = await x.all<{ tag: string; source: string }>(q.tags, { customerId });
  return {
    tags: [...new Set(rows.map((r) => r.tag))],
    manualTags: rows.filter((r) => r.source === MANUAL_TAG_SOURCE).map((r) => r.tag),
  };
}

export const tagState = (database: SqlDatabase, customerId: string): Promise<TagState> => readTags(database.x, customerId);

/**
 * Makes the profile show `wanted`: tags no store set become manual tags, manual tags left out
 * are removed. A store's tag left out stays (the store would set it again).
 */
export async function setTags(database: SqlDatabase, accountId: string, customerId: string, wanted: string[]): Promise<TagState> {
  return database.transaction(async (x) => {
    const params = { accountId, customerId, manual: MANUAL_TAG_SOURCE };
    const fromStores = new Set((await x.all<{ tag: string }>(q.storeTags, params)).map((r) => r.tag));
    await x.run(q.deleteManual, params);
    for (const tag of new Set(wanted)) if (!fromStores.has(tag)) await x.run(q.insertTag, { ...params, tag });
    return readTags(x, customerId);
  });
}

/** Adds `tags` as manual tags to many customers of one account (ids of other accounts are skipped by the caller). */
export async function addTags(database: SqlDatabase, accountId: string, customerIds: string[], tags: string[]): Promise<number> {
  if (!customerIds.length || !tags.length) return 0;
  return database.transaction((x) => x.run(q.insertTags, { accountId, ids: customerIds, tags, manual: MANUAL_TAG_SOURCE }));
}

/** The ids among `ids` that are customers of the account (bulk actions never cross accounts). */
export async function ownCustomerIds(database: SqlDatabase, accountId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await database.x.all<{ id: string }>(q.own, { accountId, ids })).map((r) => r.id);
}
