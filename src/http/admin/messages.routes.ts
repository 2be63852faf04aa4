import type { MessageCursor, MessageQueriesPort } from '../../crm/messaging/messages.port.ts';
import { queueMessage } from '../../crm/messaging/messages.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import { newId } from '../../lib/ids.ts';
import { HttpError } from '../errors.ts';
import type { AdminAuth } from '../middleware/auth.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import {
  messageResponse,
  messagesQuery,
  messagesResponse,
  messagingSettingsInput,
  messagingSettingsSchema,
  testMessageInput,
  testMessageResponse,
} from './messages.schemas.ts';
import type { MessagingSettingsPort } from '../../crm/messaging/messaging-settings.port.ts';

// The Messages area's API: the outbox (every message, newest first, no bodies), one message with
// its bodies and status history, and a test email queued to the signed-in staff member.

const RTL = new Set(['ur', 'pa']);

const encodeCursor = (c: MessageCursor) => Buffer.from(JSON.stringify([c.queuedAt, c.id])).toString('base64url');

function decodeCursor(value: string): MessageCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string')) {
      return { queuedAt: parsed[0] as string, id: parsed[1] as string };
    }
  } catch {
    // falls through to the 400 below
  }
  throw new HttpError('invalid', 'after: not a cursor returned by this API', [
    { path: 'after', message: 'use endCursor of the previous page' },
  ]);
}

const summary = <T extends { accountId: string }>({ accountId: _a, ...m }: T) => m;

export function registerMessagesRoutes(
  registry: RouteRegistry,
  deps: {
    store: CrmStore;
    staffAuth: StaffAuthPort;
    messaging: { queries: MessageQueriesPort; emailProvider: 'smtp' | 'outbox'; settings: MessagingSettingsPort };
  },
): void {
  registry.add({
    method: 'get',
    path: '/api/messaging-settings',
    summary: "The shop's messaging settings: default language, click and open tracking, attribution window",
    tag: 'Messages',
    auth: true,
    response: messagingSettingsSchema,
    handler: ({ req }) => deps.messaging.settings.get(accountOf(req)),
  });

  registry.add({
    method: 'put',
    path: '/api/messaging-settings',
    summary: "Replace the shop's messaging settings (the sender applies them within 30 seconds)",
    tag: 'Messages',
    auth: true,
    body: messagingSettingsInput,
    response: messagingSettingsSchema,
    errors: [400],
    handler: ({ body, req }) => deps.messaging.settings.save(accountOf(req), body, new Date().toISOString()),
  });

  const { queries } = deps.messaging;

  registry.add({
    method: 'get',
    path: '/api/messages',
    summary: 'List messages to shoppers, newest first (cursor-paginated; no bodies)',
    tag: 'Messages',
    auth: true,
    query: messagesQuery,
    response: messagesResponse,
    errors: [400],
    handler: async ({ query, req }) => {
      const after = query.after === undefined ? null : decodeCursor(query.after);
      const { status, channel, customerId } = query;
      const page = await queries.list(accountOf(req), { status, channel, customerId }, after, query.first);
      return {
        messages: page.messages.map(summary),
        endCursor: page.next ? encodeCursor(page.next) : null,
        emailProvider: deps.messaging.emailProvider,
      };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/messages/:id',
    summary: 'One message with its html and text bodies and its status history',
    tag: 'Messages',
    auth: true,
    params: idParams,
    response: messageResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const message = await queries.get(accountOf(req), params.id);
      if (!message) throw new HttpError('not_found', 'No such message');
      return summary(message);
    },
  });

  registry.add({
    method: 'post',
    path: '/api/messages/test',
    summary: 'Queue a transactional test email (to the signed-in staff member unless `to` is given)',
    tag: 'Messages',
    auth: true,
    body: testMessageInput,
    response: testMessageResponse,
    errors: [400],
    handler: async ({ body, req }) => {
      const accountId = accountOf(req);
      const to = body.to ?? (await staffEmail(deps.staffAuth, req.auth));
      if (!to)
        throw new HttpError('invalid', 'to: required when the signed-in user has no email here', [{ path: 'to', message: 'required' }]);
      const now = new Date().toISOString();
      const outcome = await deps.store.transaction((repos) =>
        queueMessage(
          repos,
          {
            accountId,
            customerId: null,
            channel: 'email',
            purpose: 'transactional',
            source: 'test',
            sourceId: null,
            idempotencyKey: `test:${body.idempotencyKey ?? newId('t')}`,
            to,
            language: body.language,
            dir: RTL.has(body.language) ? 'rtl' : 'ltr',
            subject: body.subject,
            html: body.html,
            text: body.text,
          },
          now,
        ),
      );
      return { ...outcome, to: to.trim().toLowerCase() };
    },
  });
}

async function staffEmail(staffAuth: StaffAuthPort, auth: AdminAuth | undefined): Promise<string | undefined> {
  if (auth?.via !== 'login') return undefined;
  const logins = await staffAuth.listAdminUsers(auth.accountId);
  return logins.find((l) => l.id === auth.userId)?.email;
}
