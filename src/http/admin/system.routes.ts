import { z } from 'zod';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import type { InboxQueue } from '../../inbox/inbox.port.ts';
import type { Config } from '../../config/config.ts';
import { DEMO_LOGIN } from '../../demo/demo-login.ts';
import type { WorkerBeat } from '../../jobs/inbox.worker.ts';
import { HttpError } from '../errors.ts';
import { createMemoryLoginLimiter, type LimitKey, type LoginLimiter } from './login-limiter.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../middleware/credentials.ts';
import { accountOf } from './caller.ts';
import type { RouteRegistry } from './registry.ts';

const inboxCounts = z.object({ pending: z.number(), done: z.number(), ignored: z.number(), dead: z.number(), oldestPendingAt: z.string().nullable() });

export function registerSystemRoutes(
  registry: RouteRegistry, deps: { config: Config; connections: ConnectionsPort; staffAuth: StaffAuthPort; inbox: InboxQueue; isReady: () => boolean; loginLimiter?: LoginLimiter; workerBeat?: WorkerBeat },
): void {
  const { connections, staffAuth, inbox } = deps;
  const limiter = deps.loginLimiter ?? createMemoryLoginLimiter();
  const status = () => (deps.isReady() ? 'ok' as const : 'starting' as const);

  // Anonymous and polled by load balancers: constant work, nothing about any tenant, no query.
  registry.add({
    method: 'get', path: '/api/health', tag: 'System', auth: false, summary: 'Liveness and readiness (no tenant data)',
    response: z.object({ status: z.enum(['ok', 'starting']), worker: z.object({ lastBeatAgeMs: z.number().nullable() }) }),
    handler: ({ res }) => {
      const s = status();
      if (s !== 'ok') res.status(503);
      const at = deps.workerBeat?.lastBeatAt;
      return { status: s, worker: { lastBeatAgeMs: at == null ? null : Date.now() - at } };
    },
  });

  registry.add({
    method: 'get', path: '/api/health/inbox', tag: 'Webhooks', auth: true, summary: "The account's webhook inbox backlog (counts kept as deliveries change)",
    response: z.object({ status: z.enum(['ok', 'starting']), inbox: inboxCounts }),
    handler: async ({ req }) => ({ status: status(), inbox: await inbox.counts(accountOf(req)) }),
  });

  registry.add({
    method: 'post', path: '/api/auth/login', tag: 'Auth', auth: false, summary: 'Standalone login (WooCommerce-only and self-hosted merchants)',
    body: z.strictObject({ email: z.email().max(320), password: z.string().min(1).max(200) }),
    response: z.object({ token: z.string(), expiresAt: z.string() }),
    errors: [400, 401, 429, 503],
    handler: async ({ body, req, res }) => {
      if (deps.config.NODE_ENV === 'production' && body.email.trim().toLowerCase() === DEMO_LOGIN.email) {
        throw new HttpError('forbidden', 'The demo login is disabled in production');
      }
      // Throttled before any hashing, so a locked-out guess costs nothing.
      const keys: LimitKey[] = [
        { key: `email:${body.email.trim().toLowerCase()}`, maxFailures: deps.config.LOGIN_FAILURES_PER_EMAIL },
        { key: `ip:${req.ip ?? 'unknown'}`, maxFailures: deps.config.LOGIN_FAILURES_PER_IP },
      ];
      const wait = limiter.retryAfter(keys);
      if (wait !== null) throw new HttpError('too_many_requests', `Too many failed sign-ins: try again in ${wait} s`, undefined, wait);
      const session = await staffAuth.login(body.email, body.password); // HasherBusyError -> 503 (error handler)
      if (!session) {
        limiter.failed(keys);
        throw new HttpError('unauthorized', 'Wrong email or password');
      }
      limiter.succeeded(keys.slice(0, 1));
      res.cookie?.(SESSION_COOKIE, session.token, { ...sessionCookieOptions(deps.config), expires: new Date(session.expiresAt) });
      return { token: session.token, expiresAt: session.expiresAt };
    },
  });

  registry.add({
    method: 'get', path: '/api/connections', tag: 'Stores', auth: true, summary: "The account's store connections (no secrets)",
    response: z.object({ connections: z.array(z.object({
      id: z.string(), platform: z.string(), domain: z.string(), name: z.string(), status: z.string(), currency: z.string(), createdAt: z.string(),
      webhookUrl: z.string(),
    })) }),
    handler: ({ req }) => ({
      connections: connections.listConnections(accountOf(req)).map((c) => ({
        id: c.id, platform: c.platform, domain: c.domain, name: c.name, status: c.status, currency: c.currency, createdAt: c.createdAt,
        webhookUrl: c.platform === 'shopify' ? '/webhooks/shopify' : `/webhooks/woocommerce/${c.id}`,
      })),
    }),
  });

  const deliveryRow = z.object({
    id: z.number(), connectionId: z.string(), platform: z.string(), topic: z.string(), status: z.string(), attempts: z.number(),
    receivedAt: z.string(), processedAt: z.string().nullable(), nextAttemptAt: z.string().nullable(), lastError: z.string().nullable(),
  });

  registry.add({
    method: 'get', path: '/api/inbox', tag: 'Webhooks', auth: true, summary: 'Webhook deliveries (e.g. status=dead for the dead letters) and counts',
    query: z.strictObject({
      status: z.enum(['pending', 'done', 'ignored', 'dead']).optional(),
      after: z.coerce.number().int().min(0).optional(),
      first: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ counts: inboxCounts, deliveries: z.array(deliveryRow) }), errors: [400],
    handler: async ({ query, req }) => {
      const accountId = accountOf(req);
      const rows = await inbox.list({ accountId, status: query.status, limit: query.first, afterId: query.after });
      return {
        counts: await inbox.counts(accountId),
        // Bodies hold customer data and are not needed to triage a failure.
        deliveries: rows.map(({ id, connectionId, platform, topic, status, attempts, receivedAt, processedAt, nextAttemptAt, lastError }) => ({
          id, connectionId, platform, topic, status, attempts, receivedAt, processedAt, nextAttemptAt, lastError,
        })),
      };
    },
  });

  registry.add({
    method: 'post', path: '/api/inbox/retry', tag: 'Webhooks', auth: true, summary: 'Retry dead-lettered deliveries (all, or the given ids); dead letters are kept INBOX_DEAD_RETENTION_HOURS (30 days by default), processed deliveries INBOX_RETENTION_HOURS (72 h), then deleted with their bodies',
    body: z.strictObject({ ids: z.array(z.number().int().positive()).max(1000).optional() }),
    response: z.object({ requeued: z.number() }), errors: [400],
    handler: async ({ body, req }) => ({ requeued: await inbox.requeue({ accountId: accountOf(req), ids: body.ids }, new Date().toISOString()) }),
  });
}
