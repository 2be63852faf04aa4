import type { EventQueueRepo, QueuedEvent } from '../../crm/domain-events/event-queue.port.ts';
import { query, type Executor } from '../sql/executor.ts';

// crm's EventQueueRepo on either database. The claim is one conditional UPDATE over the
// `(consumer, due_at, id)` index, as messages.repo's: on PostgreSQL its subquery locks the rows it
// takes with SKIP LOCKED, so concurrent consumers take disjoint events without waiting; on SQLite
// the write transaction already excludes every other writer.

const COLUMNS = `id, account_id AS "accountId", consumer, kind, customer_id AS "customerId", subject_type AS "subjectType",
  subject_id AS "subjectId", data, occurred_at AS "occurredAt", caused_at AS "causedAt", dedupe_key AS "dedupeKey", due_at AS "dueAt", attempts,
  last_error AS "lastError"`;

type Row = Omit<QueuedEvent, 'data'> & { data: string };

const toEvent = (r: Row): QueuedEvent => ({
  ...r,
  id: Number(r.id),
  attempts: Number(r.attempts),
  data: JSON.parse(r.data) as Record<string, unknown>,
});

const q = {
  enqueue: query(`INSERT INTO event_queue (account_id, consumer, kind, customer_id, subject_type, subject_id, data, occurred_at,
      caused_at, dedupe_key, due_at, attempts, created_at)
    VALUES (:accountId, :consumer, :kind, :customerId, :subjectType, :subjectId, :data, :occurredAt, :causedAt, :dedupeKey, :dueAt, 0, :now)
    ON CONFLICT (account_id, consumer, dedupe_key) DO NOTHING`),
  claim: query(
    (d) => `UPDATE event_queue SET attempts = attempts + 1, due_at = :leaseUntil
    WHERE id IN (SELECT id FROM event_queue WHERE consumer = :consumer AND due_at <= :now
      ORDER BY due_at, id LIMIT :limit${d === 'pg' ? ' FOR UPDATE SKIP LOCKED' : ''})
    RETURNING ${COLUMNS}`,
  ),
  done: query('DELETE FROM event_queue WHERE account_id = :accountId AND id = :id'),
  failed: query('UPDATE event_queue SET last_error = :error, due_at = :dueAt WHERE account_id = :accountId AND id = :id'),
  list: query(`SELECT ${COLUMNS} FROM event_queue WHERE account_id = :accountId AND consumer = :consumer ORDER BY id DESC LIMIT :limit`),
};

export function eventQueueRepo(x: Executor): EventQueueRepo {
  return {
    async enqueue(consumer, e, causedAt, dueAt, now) {
      return (await x.run(q.enqueue, { ...e, consumer, data: JSON.stringify(e.data), causedAt, dueAt, now })) > 0;
    },
    async claimDue(consumer, now, leaseUntil, limit) {
      const rows = await x.all<Row>(q.claim, { consumer, now, leaseUntil, limit });
      return rows.map(toEvent).sort((a, b) => a.id - b.id);
    },
    async done(accountId, id) {
      await x.run(q.done, { accountId, id });
    },
    async failed(accountId, id, error, dueAt) {
      await x.run(q.failed, { accountId, id, error, dueAt });
    },
    list: async (accountId, consumer, limit) => (await x.all<Row>(q.list, { accountId, consumer, limit })).map(toEvent),
  };
}
