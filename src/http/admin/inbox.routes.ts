import type { InboxQueue } from '../../inbox/inbox.port.ts';
import { accountOf } from './caller.ts';
import { inboxHealthResponse, inboxQuery, inboxResponse, retryBody, retryResponse } from './inbox.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// The account's webhook inbox: backlog counts, deliveries (dead letters to triage), retry.

export function registerInboxRoutes(registry: RouteRegistry, deps: { inbox: InboxQueue; isReady: () => boolean }): void {
  const { inbox } = deps;

  registry.add({
    method: 'get',
    path: '/api/health/inbox',
    tag: 'Webhooks',
    auth: true,
    summary: "The account's webhook inbox backlog (counts kept as deliveries change)",
    response: inboxHealthResponse,
    handler: async ({ req }) => ({
      status: deps.isReady() ? ('ok' as const) : ('starting' as const),
      inbox: await inbox.counts(accountOf(req)),
    }),
  });

  registry.add({
    method: 'get',
    path: '/api/inbox',
    tag: 'Webhooks',
    auth: true,
    summary: 'Webhook deliveries (e.g. status=dead for the dead letters) and counts',
    query: inboxQuery,
    response: inboxResponse,
    errors: [400],
    handler: async ({ query, req }) => {
      const accountId = accountOf(req);
      const rows = await inbox.list({ accountId, status: query.status, limit: query.first, afterId: query.after });
      return {
        counts: await inbox.counts(accountId),
        // Bodies hold customer data and are not needed to triage a failure.
        deliveries: rows.map(
          ({ id, connectionId, platform, topic, status, attempts, receivedAt, processedAt, nextAttemptAt, lastError }) => ({
            id,
            connectionId,
            platform,
            topic,
            status,
            attempts,
            receivedAt,
            processedAt,
            nextAttemptAt,
            lastError,
          }),
        ),
      };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/inbox/retry',
    tag: 'Webhooks',
    auth: true,
    summary:
      'Retry dead-lettered deliveries (all, or the given ids); dead letters are kept INBOX_DEAD_RETENTION_HOURS (30 days by default), processed deliveries INBOX_RETENTION_HOURS (72 h), then deleted with their bodies',
    body: retryBody,
    response: retryResponse,
    errors: [400],
    handler: async ({ body, req }) => ({
      requeued: await inbox.requeue({ accountId: accountOf(req), ids: body.ids }, new Date().toISOString()),
    }),
  });
}
