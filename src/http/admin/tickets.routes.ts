import type { TicketActions } from '../../crm/service/ticket-actions.service.ts';
import type { TicketConversation, TicketCursor, TicketQueriesPort } from '../../crm/service/ticket-queries.port.ts';
import type { SupportAddressesPort, TicketMessage } from '../../crm/service/tickets.port.ts';
import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf, actorOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import {
  createTicketInput,
  noteInput,
  replyInput,
  supportSettingsInput,
  supportSettingsSchema,
  ticketMessageResponse,
  ticketResponse,
  ticketsQuery,
  ticketsResponse,
  updateTicketInput,
} from './tickets.schemas.ts';

// The service inbox's API (crm/service): the queue (filters, counts per status, cursor paging),
// one conversation, staff-created tickets, changes (status, priority, assignee, tags, linked
// orders), replies that go out by the customer's channel, internal notes, and the shop's support
// address. Another shop's ticket is a 404.

const encodeCursor = (c: TicketCursor) => Buffer.from(JSON.stringify([c.updatedAt, c.id])).toString('base64url');

function decodeCursor(value: string): TicketCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string')) {
      return { updatedAt: parsed[0] as string, id: parsed[1] as string };
    }
  } catch {
    // falls through to the 400 below
  }
  throw new HttpError('invalid', 'after: not a cursor returned by this API', [
    { path: 'after', message: 'use endCursor of the previous page' },
  ]);
}

const shape = <T extends { accountId: string; number: number }>({ accountId: _a, ...t }: T) => ({ ...t, reference: `#${t.number}` });
const message = ({ accountId: _a, ticketId: _t, externalId: _e, ...m }: TicketMessage) => ({ ...m, attachments: [] });
const conversation = (t: TicketConversation) => ({
  ...shape(t),
  messages: t.messages.map(({ accountId: _a, ticketId: _t, externalId: _e, ...m }) => m),
});

export function registerTicketRoutes(
  registry: RouteRegistry,
  deps: { staffAuth: StaffAuthPort; service: { addresses: SupportAddressesPort; queries: TicketQueriesPort; actions: TicketActions } },
): void {
  const { queries, actions, addresses } = deps.service;

  async function checkAssignee(accountId: string, assigneeId: string | null | undefined) {
    if (!assigneeId) return;
    const staff = await deps.staffAuth.listAdminUsers(accountId);
    if (!staff.some((s) => s.id === assigneeId))
      throw new HttpError('invalid', 'assigneeId: no such staff user in this shop', [
        { path: 'assigneeId', message: 'unknown staff user' },
      ]);
  }

  registry.add({
    method: 'get',
    path: '/api/tickets',
    summary: 'The support queue: tickets by newest activity, filtered, with counts per status (cursor-paginated)',
    tag: 'Inbox',
    auth: true,
    query: ticketsQuery,
    response: ticketsResponse,
    errors: [400],
    handler: async ({ query, req }) => {
      const after = query.after === undefined ? null : decodeCursor(query.after);
      const page = await queries.list(
        accountOf(req),
        {
          status: query.status,
          assigneeId: query.assignee && query.assignee !== 'none' ? query.assignee : undefined,
          unassigned: query.assignee === 'none',
          channel: query.channel,
          tag: query.tag,
          customerId: query.customerId,
          search: query.search,
        },
        after,
        query.first,
      );
      return { tickets: page.tickets.map(shape), endCursor: page.next ? encodeCursor(page.next) : null, counts: page.counts };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/tickets',
    summary: 'Open a ticket for a customer (by id, email or phone; a new contact when nobody matches), with an optional internal note',
    tag: 'Inbox',
    auth: true,
    body: createTicketInput,
    response: ticketResponse,
    errors: [400, 404],
    handler: async ({ body, req }) => {
      const accountId = accountOf(req);
      await checkAssignee(accountId, body.assigneeId);
      const outcome = await actions.create(accountId, body, actorOf(req), new Date().toISOString());
      if (outcome.outcome === 'customer_not_found') throw new HttpError('not_found', 'No such customer');
      if (outcome.outcome === 'no_address')
        throw new HttpError('invalid', `The customer has no ${body.channel === 'email' ? 'email' : 'phone'} to answer on`, [
          { path: body.channel === 'email' ? 'email' : 'phone', message: 'required' },
        ]);
      return conversation((await queries.get(accountId, outcome.ticket.id))!);
    },
  });

  registry.add({
    method: 'get',
    path: '/api/tickets/:id',
    summary: 'One ticket with its conversation (messages, notes, attachments) and linked orders',
    tag: 'Inbox',
    auth: true,
    params: idParams,
    response: ticketResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const ticket = await queries.get(accountOf(req), params.id);
      if (!ticket) throw new HttpError('not_found', 'No such ticket');
      return conversation(ticket);
    },
  });

  registry.add({
    method: 'patch',
    path: '/api/tickets/:id',
    summary: "Change a ticket's status, priority, assignee, tags or linked orders",
    tag: 'Inbox',
    auth: true,
    params: idParams,
    body: updateTicketInput,
    response: ticketResponse,
    errors: [400, 404],
    handler: async ({ params, body, req }) => {
      const accountId = accountOf(req);
      await checkAssignee(accountId, body.assigneeId);
      const outcome = await actions.change(accountId, params.id, body, new Date().toISOString());
      if (outcome.outcome === 'not_found') throw new HttpError('not_found', 'No such ticket');
      if (outcome.outcome === 'orders_not_customers')
        throw new HttpError('invalid', "orderIds: only the ticket customer's orders can be linked", [
          { path: 'orderIds', message: `not the customer's: ${outcome.orderIds.join(', ')}` },
        ]);
      return conversation((await queries.get(accountId, params.id))!);
    },
  });

  registry.add({
    method: 'post',
    path: '/api/tickets/:id/replies',
    summary: "Reply to the customer by the ticket's channel (email threaded with In-Reply-To; WhatsApp text inside the 24-hour window)",
    tag: 'Inbox',
    auth: true,
    params: idParams,
    body: replyInput,
    response: ticketMessageResponse,
    errors: [400, 404, 409],
    handler: async ({ params, body, req }) => {
      const outcome = await actions.reply(accountOf(req), params.id, body, actorOf(req), new Date().toISOString());
      if (outcome.outcome === 'not_found') throw new HttpError('not_found', 'No such ticket');
      if (outcome.outcome === 'no_address') throw new HttpError('conflict', 'The ticket has no address to answer on');
      if (outcome.outcome === 'template_needed')
        throw new HttpError(
          'conflict',
          'The customer last wrote on WhatsApp more than 24 hours ago: WhatsApp only delivers an approved template now, not free text',
          { reason: 'template_needed', lastInboundAt: outcome.lastInboundAt },
        );
      return message(outcome.message);
    },
  });

  registry.add({
    method: 'post',
    path: '/api/tickets/:id/notes',
    summary: 'Add an internal note to a ticket (never sent to the customer)',
    tag: 'Inbox',
    auth: true,
    params: idParams,
    body: noteInput,
    response: ticketMessageResponse,
    errors: [400, 404],
    handler: async ({ params, body, req }) => {
      const outcome = await actions.note(accountOf(req), params.id, body.text, actorOf(req), new Date().toISOString());
      if (outcome.outcome === 'not_found') throw new HttpError('not_found', 'No such ticket');
      return message(outcome.message);
    },
  });

  registry.add({
    method: 'get',
    path: '/api/support-settings',
    summary: "The shop's support address (mail to it becomes tickets)",
    tag: 'Inbox',
    auth: true,
    response: supportSettingsSchema,
    handler: ({ req }) => addresses.get(accountOf(req)),
  });

  registry.add({
    method: 'put',
    path: '/api/support-settings',
    summary: "Set or clear the shop's support address (unique: another shop's address is a 409)",
    tag: 'Inbox',
    auth: true,
    body: supportSettingsInput,
    response: supportSettingsSchema,
    errors: [400, 409],
    handler: async ({ body, req }) => {
      const accountId = accountOf(req);
      const outcome = await addresses.set(accountId, body.supportAddress, new Date().toISOString());
      if (outcome.outcome === 'taken') throw new HttpError('conflict', 'Another shop uses this support address');
      return addresses.get(accountId);
    },
  });
}
