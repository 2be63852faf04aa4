import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Note, TagState } from '../../crm/customers/customer-notes.port.ts';
import type { Db } from '../client.ts';
import { customerNotes, customers, customerTags, timelineEvents } from '../schema/index.ts';
import { newId } from '../../lib/ids.ts';
import { syncTransaction } from '../sync-transaction.ts';

// Staff notes and staff-set tags on a profile. Tags set in Rapport have source `manual`; tags
// from a store (source = connection id) come back on the next sync, so staff edit only their own.

const MANUAL_TAG_SOURCE = 'manual';

export function listNotes(db: Db, customerId: string): Note[] {
  return db
    .select({ id: customerNotes.id, body: customerNotes.body, author: customerNotes.author, createdAt: customerNotes.createdAt })
    .from(customerNotes)
    .where(eq(customerNotes.customerId, customerId))
    .orderBy(desc(customerNotes.createdAt), desc(customerNotes.id))
    .all();
}

/** Adds a note and its `note_added` timeline entry in one transaction. */
export function addNote(db: Db, accountId: string, customerId: string, body: string, author: string, at: string): Note {
  const note = { id: newId('note'), body, author, createdAt: at };
  syncTransaction(db.$client, 'add a note', () => {
    db.insert(customerNotes)
      .values({ ...note, accountId, customerId })
      .run();
    db.insert(timelineEvents)
      .values({
        accountId,
        customerId,
        kind: 'note_added',
        occurredAt: at,
        subjectType: 'note',
        subjectId: note.id,
        // An excerpt only: the note itself stays on the notes card.
        data: JSON.stringify({ excerpt: body.length > 140 ? `${body.slice(0, 139)}…` : body, author }),
        dedupeKey: `note_added:${note.id}`,
      })
      .run();
  })();
  return note;
}

export function tagState(db: Db, customerId: string): TagState {
  const rows = db
    .select({ tag: customerTags.tag, source: customerTags.source })
    .from(customerTags)
    .where(eq(customerTags.customerId, customerId))
    .orderBy(asc(customerTags.tag))
    .all();
  return {
    tags: [...new Set(rows.map((r) => r.tag))],
    manualTags: rows.filter((r) => r.source === MANUAL_TAG_SOURCE).map((r) => r.tag),
  };
}

/**
 * Makes the profile show `wanted`: tags no store set become manual tags, manual tags left out
 * are removed. A store's tag left out stays (the store would set it again).
 */
export function setTags(db: Db, accountId: string, customerId: string, wanted: string[]): TagState {
  syncTransaction(db.$client, 'set tags', () => {
    const fromStores = new Set(
      db
        .select({ tag: customerTags.tag })
        .from(customerTags)
        .where(and(eq(customerTags.customerId, customerId), ne(customerTags.source, MANUAL_TAG_SOURCE)))
        .all()
        .map((r) => r.tag),
    );
    db.delete(customerTags)
      .where(and(eq(customerTags.customerId, customerId), eq(customerTags.source, MANUAL_TAG_SOURCE)))
      .run();
    const manual = [...new Set(wanted)].filter((t) => !fromStores.has(t));
    if (manual.length)
      db.insert(customerTags)
        .values(manual.map((tag) => ({ accountId, customerId, tag, source: MANUAL_TAG_SOURCE })))
        .onConflictDoNothing()
        .run();
  })();
  return tagState(db, customerId);
}

/** Adds `tags` as manual tags to many customers of one account (ids of other accounts are skipped by the caller). */
export function addTags(db: Db, accountId: string, customerIds: string[], tags: string[]): number {
  if (!customerIds.length || !tags.length) return 0;
  return syncTransaction(db.$client, 'add tags', () => {
    let added = 0;
    for (const customerId of customerIds) {
      added += db
        .insert(customerTags)
        .values(tags.map((tag) => ({ accountId, customerId, tag, source: MANUAL_TAG_SOURCE })))
        .onConflictDoNothing()
        .run().changes;
    }
    return added;
  })();
}

/** The ids among `ids` that are customers of the account (bulk actions never cross accounts). */
export function ownCustomerIds(db: Db, accountId: string, ids: string[]): string[] {
  if (!ids.length) return [];
  return db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.accountId, accountId), inArray(customers.id, ids)))
    .all()
    .map((r) => r.id);
}
