import type { MessageCursor, MessageEvent, MessageFilter, MessagePage, MessageQueriesPort } from '../../crm/messaging/messages.port.ts';
import { SUMMARY_COLUMNS, toStored, toSummary, type BodyRow, type MessageRow } from '../repos/messages.repo.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { query, queryCache } from '../sql/executor.ts';

// The Messages page's read model: lists read `messages` alone (bodies are another table), newest
// first by keyset over one index per filter: (account, queued_at, id), (account, status, …) or
// (customer, …); a channel filter narrows the rows that index walk finds.

const listText = queryCache();
const get = query(`SELECT ${SUMMARY_COLUMNS}, b.dir, b.html, b.text, b.payload FROM messages m JOIN message_bodies b ON b.message_id = m.id
  WHERE m.account_id = :accountId AND m.id = :id`);
const events = query(`SELECT status, detail, occurred_at AS "occurredAt" FROM message_events
  WHERE account_id = :accountId AND message_id = :id ORDER BY id`);

function listQuery(filter: MessageFilter, after: boolean) {
  const where = ['m.account_id = :accountId'];
  if (filter.customerId) where.push('m.customer_id = :customerId');
  if (filter.status) where.push('m.status = :status');
  if (filter.channel) where.push('m.channel = :channel');
  if (after) where.push('(m.queued_at < :afterAt OR (m.queued_at = :afterAt AND m.id < :afterId))');
  return listText(
    `SELECT ${SUMMARY_COLUMNS} FROM messages m WHERE ${where.join(' AND ')} ORDER BY m.queued_at DESC, m.id DESC LIMIT :limit`,
  );
}

export function createMessageQueries(database: SqlDatabase): MessageQueriesPort {
  const x = database.x;
  return {
    async list(accountId, filter, after: MessageCursor | null, limit): Promise<MessagePage> {
      const rows = await x.all<MessageRow>(listQuery(filter, after !== null), {
        accountId,
        ...filter,
        afterAt: after?.queuedAt,
        afterId: after?.id,
        limit: limit + 1,
      });
      const messages = rows.slice(0, limit).map(toSummary);
      const last = messages.at(-1);
      return { messages, next: rows.length > limit && last ? { queuedAt: last.queuedAt, id: last.id } : null };
    },
    async get(accountId, id) {
      const row = await x.get<MessageRow & BodyRow>(get, { accountId, id });
      if (!row) return undefined;
      return { ...toStored(row), events: await x.all<MessageEvent>(events, { accountId, id }) };
    },
  };
}
