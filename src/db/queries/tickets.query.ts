import type { TicketConversation, TicketFilter, TicketQueriesPort, TicketSummary } from '../../crm/service/ticket-queries.port.ts';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '../../crm/service/tickets.port.ts';
import { MESSAGE_COLUMNS, TICKET_COLUMNS, toMessage, type MessageRow } from '../repos/tickets.repo.ts';
import { sqlOf } from '../sql/dialect.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { query, queryCache } from '../sql/executor.ts';

// The Inbox's read model on either database. The queue pages newest activity first on
// (updated_at, id): with a status filter the (account, status, updated_at, id) index, otherwise
// (account, updated_at, id); other filters narrow it. Counts per status take the same filters.

type Row = Ticket & { firstName: string | null; lastName: string | null };

const listText = queryCache({ planEachCall: true });

const q = {
  tagsOf: (d: 'sqlite' | 'pg') =>
    query(`SELECT ticket_id AS "ticketId", tag FROM ticket_tags WHERE ticket_id ${sqlOf(d).inArray('ids')} ORDER BY tag`),
  messages: query(`SELECT ${MESSAGE_COLUMNS} FROM ticket_messages m WHERE m.account_id = :accountId AND m.ticket_id = :ticketId
    ORDER BY m.created_at, m.id`),
  attachments: query(`SELECT id, ticket_message_id AS "ticketMessageId", filename, content_type AS "contentType", size,
    dropped_reason AS "droppedReason", created_at AS "createdAt" FROM ticket_attachments WHERE account_id = :accountId AND ticket_id = :ticketId`),
  orders: query(`SELECT o.id AS "orderId", coalesce(o.name, o.external_id) AS "name", l.linked_by AS "linkedBy"
    FROM ticket_orders l JOIN orders o ON o.id = l.order_id WHERE l.account_id = :accountId AND l.ticket_id = :ticketId ORDER BY l.created_at, o.id`),
};
const tagQueries = { sqlite: q.tagsOf('sqlite'), pg: q.tagsOf('pg') };

function conditions(d: 'sqlite' | 'pg', f: TicketFilter, params: Record<string, unknown>): string[] {
  const where = ['t.account_id = :accountId'];
  const add = (condition: string, values: Record<string, unknown> = {}) => {
    where.push(condition);
    Object.assign(params, values);
  };
  if (f.assigneeId) add('t.assignee_id = :assigneeId', { assigneeId: f.assigneeId });
  else if (f.unassigned) add('t.assignee_id IS NULL');
  if (f.channel) add('t.channel = :channel', { channel: f.channel });
  if (f.customerId) add('t.customer_id = :customerId', { customerId: f.customerId });
  if (f.tag) add('EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = :tag)', { tag: f.tag.toLowerCase() });
  const search = f.search?.trim();
  if (search) {
    const number = /^#?(\d{1,9})$/.exec(search);
    if (number) add('t.number = :number', { number: Number(number[1]) });
    else add(`t.subject ${sqlOf(d).ilike} :pattern`, { pattern: `%${search.replace(/[\\%_]/g, '')}%` });
  }
  return where;
}

export function createTicketQueries(database: SqlDatabase): TicketQueriesPort {
  const x = database.x;
  const d = x.dialect;

  async function withTags(rows: Row[]): Promise<TicketSummary[]> {
    const tags = rows.length ? await x.all<{ ticketId: string; tag: string }>(tagQueries[d], { ids: rows.map((r) => r.id) }) : [];
    return rows.map(({ firstName, lastName, ...t }) => ({
      ...t,
      number: Number(t.number),
      tags: tags.filter((g) => g.ticketId === t.id).map((g) => g.tag),
      customerName: [firstName, lastName].filter(Boolean).join(' ') || null,
    }));
  }

  return {
    async list(accountId, filter, after, limit) {
      const params: Record<string, unknown> = { accountId, limit: limit + 1 };
      const shared = conditions(d, filter, params);
      const where = [...shared];
      if (filter.status) {
        where.push('t.status = :status');
        params.status = filter.status;
      }
      if (after) {
        where.push('(t.updated_at < :cursorAt OR (t.updated_at = :cursorAt AND t.id < :cursorId))');
        Object.assign(params, { cursorAt: after.updatedAt, cursorId: after.id });
      }
      const rows = await x.all<Row>(
        listText(`SELECT ${TICKET_COLUMNS}, c.first_name AS "firstName", c.last_name AS "lastName"
          FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
          WHERE ${where.join(' AND ')} ORDER BY t.updated_at DESC, t.id DESC LIMIT :limit`),
        params,
      );
      const countParams: Record<string, unknown> = { accountId };
      const countWhere = conditions(d, filter, countParams);
      const counted = await x.all<{ status: TicketStatus; n: number }>(
        listText(`SELECT t.status, count(*) AS "n" FROM tickets t WHERE ${countWhere.join(' AND ')} GROUP BY t.status`),
        countParams,
      );
      const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
      for (const c of counted) if (c.status in counts) counts[c.status] = Number(c.n);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        tickets: await withTags(page),
        next: rows.length > limit && last ? { updatedAt: last.updatedAt, id: last.id } : null,
        counts,
      };
    },

    async get(accountId, id): Promise<TicketConversation | undefined> {
      const row = await x.get<Row>(
        listText(`SELECT ${TICKET_COLUMNS}, c.first_name AS "firstName", c.last_name AS "lastName"
          FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE t.account_id = :accountId AND t.id = :id`),
        { accountId, id },
      );
      if (!row) return undefined;
      const [summary] = await withTags([row]);
      const messages = (await x.all<MessageRow>(q.messages, { accountId, ticketId: id })).map(toMessage);
      const attachments = await x.all<{
        id: string;
        ticketMessageId: string;
        filename: string;
        contentType: string;
        size: number;
        droppedReason: 'too_large' | 'type_not_allowed' | null;
        createdAt: string;
      }>(q.attachments, { accountId, ticketId: id });
      const orders = await x.all<{ orderId: string; name: string; linkedBy: 'staff' | 'detected' }>(q.orders, { accountId, ticketId: id });
      return {
        ...summary!,
        messages: messages.map((m) => ({
          ...m,
          attachments: attachments
            .filter((a) => a.ticketMessageId === m.id)
            .map(({ ticketMessageId: _m, ...a }) => ({ ...a, size: Number(a.size) })),
        })),
        orders,
      };
    },
  };
}
