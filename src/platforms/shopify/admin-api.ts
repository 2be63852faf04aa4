// A GraphQL Admin API client bound to one shop, with Shopify's cost-based throttling and retries.
//
// Built on Shopify's `@shopify/admin-api-client` for what it does well (the endpoint URL for the
// pinned version, the X-Shopify-Access-Token and SDK headers, the request body), with its own
// retries off (`retries: 0`): it retries only 429/503 after a fixed real-time second, does not
// understand THROTTLED cost data, and passes request headers (the token) to its logger. So we read
// the raw Response via `client.fetch` and own classification, waiting and logging here.
import { createAdminApiClient } from '@shopify/admin-api-client';
import { assertOutsideUnitOfWork } from '../../lib/unit-of-work.guard.ts';
import { classifyResponse, type AttemptOutcome } from './admin-api.attempt.ts';
import type {
  GraphQLVariables,
  QueryCost,
  ShopifyAdminClient,
  ShopifyAdminFailure,
  ShopifyAdminResult,
  ShopifyMutationResult,
  ShopifyUserError,
  ThrottleStatus,
} from './admin-api.types.ts';
import { SHOPIFY_ADMIN_API_VERSION } from './api-version.ts';

/** The slice of the app's pino logger we use (structured object first, message second). */
export type AdminApiLogger = { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void };

export type ShopifyAdminClientOptions = {
  /** The shop's myshopify domain, e.g. `rapport-demo.myshopify.com`. */
  shop: string;
  accessToken: string;
  /** Where requests go; defaults to `https://${shop}` (tests point it at a local fake). */
  origin?: string;
  logger?: AdminApiLogger;
  /** Retries after throttling, network errors, 429 and 5xx (default 4). */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Upper bound on any single wait (throttle, Retry-After, backoff); default 60 s. */
  maxWaitMs?: number;
};

const BASE_BACKOFF_MS = 500;

export function createShopifyAdminClient(options: ShopifyAdminClientOptions): ShopifyAdminClient {
  const { shop, accessToken, logger } = options;
  const origin = (options.origin ?? `https://${shop}`).replace(/\/+$/, '');
  const maxRetries = options.maxRetries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const log = { module: 'shopify-admin-api', shop };
  // Belt and braces: nothing we build includes the token, but error texts from below might.
  const redact = (text: string) => (accessToken ? text.split(accessToken).join('[redacted]') : text);

  const api = createAdminApiClient({
    storeDomain: shop,
    apiVersion: SHOPIFY_ADMIN_API_VERSION,
    accessToken,
    userAgentPrefix: 'Rapport',
    retries: 0,
    // The library always builds https://<shop>/admin/api/...; keep its path, swap the origin.
    customFetchApi: (url, init) => {
      const u = new URL(url);
      return fetch(`${origin}${u.pathname}${u.search}`, init);
    },
    // Only the two events without request headers are forwarded; the rest carry the token.
    logger: (entry) => {
      if (entry.type === 'Unsupported_Api_Version')
        logger?.warn({ ...log, apiVersion: SHOPIFY_ADMIN_API_VERSION }, "pinned Admin API version is outside Shopify's support window");
      if (entry.type === 'HTTP-Response-GraphQL-Deprecation-Notice')
        logger?.warn({ ...log, notice: redact(String(entry.content.deprecationNotice)) }, 'Admin API deprecation notice');
    },
  });

  // Last known bucket and the requested cost of each query text, to wait *before* a query that
  // would be throttled instead of spending a request to learn it.
  let bucket: { status: ThrottleStatus; at: number } | null = null;
  const knownCost = new Map<string, number>();
  const bounded = (ms: number) => Math.min(Math.max(0, Math.ceil(ms)), maxWaitMs);

  function remember(query: string, cost: QueryCost | null) {
    if (!cost) return;
    bucket = { status: cost.throttleStatus, at: now() };
    knownCost.set(query, cost.requestedQueryCost);
  }

  function preflightWaitMs(query: string): number {
    const cost = knownCost.get(query);
    if (cost === undefined || !bucket || bucket.status.restoreRate <= 0) return 0;
    const { maximumAvailable, currentlyAvailable, restoreRate } = bucket.status;
    if (cost > maximumAvailable) return 0; // waiting cannot help; Shopify will say MAX_COST_EXCEEDED
    const available = Math.min(maximumAvailable, currentlyAvailable + (restoreRate * (now() - bucket.at)) / 1000);
    return cost > available ? bounded(((cost - available) / restoreRate) * 1000) : 0;
  }

  function waitMs(outcome: Exclude<AttemptOutcome, { type: 'ok' | 'fatal' }>, attempt: number): number {
    if (outcome.type === 'throttled' && outcome.cost) {
      const { requestedQueryCost, throttleStatus: t } = outcome.cost;
      if (t.restoreRate > 0) return bounded((Math.max(1, requestedQueryCost - t.currentlyAvailable) / t.restoreRate) * 1000);
    }
    if (outcome.type === 'transient' && outcome.retryAfterMs !== null) return bounded(outcome.retryAfterMs);
    // Exponential backoff with "equal jitter": half fixed, half random.
    const ceiling = Math.min(maxWaitMs, BASE_BACKOFF_MS * 2 ** attempt);
    return bounded(ceiling / 2 + random() * (ceiling / 2));
  }

  async function attemptOnce(query: string, variables: GraphQLVariables | undefined): Promise<AttemptOutcome> {
    let response: Response;
    try {
      response = await api.fetch(query, { variables });
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      const text = error instanceof Error ? error.message : String(error);
      return {
        type: 'transient',
        kind: 'network',
        status: null,
        message: redact(`Network error: ${text}${typeof cause === 'string' ? ` (${cause})` : ''}`),
        retryAfterMs: null,
      };
    }
    return classifyResponse(response, now);
  }

  async function run<T>(query: string, variables?: GraphQLVariables): Promise<ShopifyAdminResult<T>> {
    assertOutsideUnitOfWork('A Shopify Admin API call');
    for (let attempt = 0; ; attempt += 1) {
      const before = preflightWaitMs(query);
      if (before > 0) {
        logger?.debug({ ...log, waitMs: before }, 'waiting for the cost bucket before sending');
        await sleep(before);
      }
      const outcome = await attemptOnce(query, variables);
      if (outcome.type === 'ok') {
        remember(query, outcome.cost);
        return { ok: true, data: outcome.data as T, cost: outcome.cost };
      }
      if (outcome.type === 'fatal') return { ok: false, error: { ...outcome.failure, message: redact(outcome.failure.message) } };
      if (outcome.type === 'throttled') remember(query, outcome.cost);
      if (attempt >= maxRetries) return { ok: false, error: exhausted(outcome, maxRetries) };
      const wait = waitMs(outcome, attempt);
      logger?.warn(
        {
          ...log,
          reason: outcome.type === 'throttled' ? 'throttled' : outcome.kind,
          status: outcome.status,
          attempt: attempt + 1,
          waitMs: wait,
        },
        'retrying Admin API call',
      );
      await sleep(wait);
    }
  }

  return {
    shop,
    query: run,
    async mutation<P extends { userErrors?: ShopifyUserError[] | null }>(
      field: string,
      query: string,
      variables?: GraphQLVariables,
    ): Promise<ShopifyMutationResult<P>> {
      const result = await run<Record<string, P | null | undefined>>(query, variables);
      if (!result.ok) return result;
      const payload = result.data[field];
      if (!payload)
        return { ok: false, error: { kind: 'graphql', message: `Response has no ${field} payload`, status: 200, retryable: false } };
      return { ok: true, data: payload, userErrors: payload.userErrors ?? [], cost: result.cost };
    },
    lastThrottleStatus: () => bucket?.status ?? null,
  };
}

function exhausted(outcome: Exclude<AttemptOutcome, { type: 'ok' | 'fatal' }>, retries: number): ShopifyAdminFailure {
  const kind = outcome.type === 'throttled' ? 'throttled' : outcome.kind;
  const message = outcome.type === 'throttled' ? 'Shopify kept throttling the request' : outcome.message;
  return { kind, message: `${message} (gave up after ${retries} retries)`, status: outcome.status, retryable: true };
}
