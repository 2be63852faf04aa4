// Turns one HTTP exchange with the GraphQL Admin API into one of four outcomes, so the retry
// loop in admin-api.ts only decides *whether and how long* to wait. Pure apart from reading the body.
import type { QueryCost, ShopifyAdminFailure, ShopifyAdminFailureKind } from './admin-api.types.ts';

export type AttemptOutcome =
  | { type: 'ok'; data: unknown; cost: QueryCost | null }
  /** THROTTLED: the bucket lacked `requestedQueryCost`; `cost` says how long to wait. */
  | { type: 'throttled'; cost: QueryCost | null; status: number }
  /** Worth retrying after a backoff (or after Retry-After when the server said so). */
  | { type: 'transient'; kind: 'throttled' | 'network' | 'server'; status: number | null; message: string; retryAfterMs: number | null }
  | { type: 'fatal'; failure: ShopifyAdminFailure };

type GraphQLError = { message?: unknown; extensions?: { code?: unknown } };
type GraphQLBody = { data?: unknown; errors?: unknown; extensions?: { cost?: unknown } };

const FATAL_STATUS: Record<number, { kind: ShopifyAdminFailureKind; message: string }> = {
  401: { kind: 'unauthorized', message: 'Shopify rejected the access token (401)' },
  402: { kind: 'forbidden', message: 'The shop is frozen (402 Payment Required)' },
  403: { kind: 'forbidden', message: 'The app lacks the access scope for this call (403)' },
  404: { kind: 'not_found', message: 'Shop or API version not found (404)' },
  423: { kind: 'forbidden', message: 'The shop is locked (423)' },
};

function fatal(kind: ShopifyAdminFailureKind, message: string, status: number | null): AttemptOutcome {
  return { type: 'fatal', failure: { kind, message, status, retryable: false } };
}

export async function classifyResponse(response: Response, now: () => number): Promise<AttemptOutcome> {
  const { status } = response;
  const known = FATAL_STATUS[status];
  if (known) return fatal(known.kind, known.message, status);
  const body = await readJson(response);
  if (status === 429) {
    // GraphQL throttling may arrive as a 429 carrying the THROTTLED body; prefer its cost data.
    if (body && hasCode(body, 'THROTTLED')) return { type: 'throttled', cost: readCost(body), status };
    return { type: 'transient', kind: 'throttled', status, message: 'Shopify rate limit (429)', retryAfterMs: retryAfterMs(response, now) };
  }
  if (status >= 500) {
    return {
      type: 'transient',
      kind: 'server',
      status,
      message: `Shopify server error (${status})`,
      retryAfterMs: retryAfterMs(response, now),
    };
  }
  if (status < 200 || status >= 300) return fatal('graphql', `Shopify refused the request (${status})`, status);
  if (!body) return { type: 'transient', kind: 'server', status, message: 'Unreadable response from Shopify', retryAfterMs: null };
  const cost = readCost(body);
  if (hasCode(body, 'THROTTLED')) return { type: 'throttled', cost, status };
  // Shopify reports its own hiccups as a 200 with INTERNAL_SERVER_ERROR; those deserve a retry.
  if (hasCode(body, 'INTERNAL_SERVER_ERROR')) {
    return { type: 'transient', kind: 'server', status, message: 'Shopify internal error', retryAfterMs: null };
  }
  const errors = errorList(body);
  if (errors.length > 0) {
    const messages = errors.slice(0, 3).map((e) => (typeof e.message === 'string' ? e.message : 'unknown error'));
    return fatal('graphql', `GraphQL error: ${messages.join('; ')}`, status);
  }
  if (body.data === undefined || body.data === null) return fatal('graphql', 'Shopify returned no data', status);
  return { type: 'ok', data: body.data, cost };
}

async function readJson(response: Response): Promise<GraphQLBody | null> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
    return parsed && typeof parsed === 'object' ? (parsed as GraphQLBody) : null;
  } catch {
    return null;
  }
}

function errorList(body: GraphQLBody): GraphQLError[] {
  // 4xx bodies use `errors: "text"`; GraphQL errors are an array of objects.
  if (Array.isArray(body.errors)) return body.errors.filter((e): e is GraphQLError => !!e && typeof e === 'object');
  if (typeof body.errors === 'string') return [{ message: body.errors }];
  return [];
}

function hasCode(body: GraphQLBody, code: string): boolean {
  return errorList(body).some((e) => e.extensions?.code === code);
}

function readCost(body: GraphQLBody): QueryCost | null {
  const cost = body.extensions?.cost as Partial<QueryCost> | undefined;
  const t = cost?.throttleStatus;
  if (!cost || typeof cost.requestedQueryCost !== 'number' || !t) return null;
  if (typeof t.maximumAvailable !== 'number' || typeof t.currentlyAvailable !== 'number' || typeof t.restoreRate !== 'number') return null;
  return {
    requestedQueryCost: cost.requestedQueryCost,
    actualQueryCost: typeof cost.actualQueryCost === 'number' ? cost.actualQueryCost : null,
    throttleStatus: { maximumAvailable: t.maximumAvailable, currentlyAvailable: t.currentlyAvailable, restoreRate: t.restoreRate },
  };
}

/** Retry-After is delta-seconds (possibly fractional) or an HTTP date. */
function retryAfterMs(response: Response, now: () => number): number | null {
  const value = response.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now());
}
