// A local Shopify GraphQL Admin API for tests, speaking the documented wire format: POST
// /admin/api/<version>/graphql.json with X-Shopify-Access-Token, `{query, variables}` in,
// `{data, extensions: {cost}}` out, THROTTLED errors from a leaky bucket, and the discount
// operations the issuer uses (recognised from the query text, as Shopify would parse it), and
// `flowTriggerReceive` (Shopify Flow triggers; what it accepted is in `flowTriggers`).
// Message texts of userErrors are illustrative; codes and shapes follow the 2026-07 reference.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SHOPIFY_ADMIN_API_VERSION } from '../../src/platforms/shopify/api-version.ts';

export type FakeFailure =
  | { type: 'status'; status: 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { type: 'reset' }
  | { type: 'rate_limited'; retryAfterSeconds: number }
  | { type: 'throttled' };

export type FakeDiscount = {
  id: string;
  code: string;
  title: string;
  mutation: 'discountCodeBasicCreate' | 'discountCodeFreeShippingCreate';
  input: Record<string, any>;
  status: 'ACTIVE' | 'EXPIRED';
};

export type FakeRequest = {
  method: string;
  path: string;
  accessToken: string | undefined;
  /** The top-level field of the operation, e.g. `discountCodeBasicCreate`. */
  operation: string | null;
  query: string;
  variables: Record<string, any>;
};

export type ShopifyAdminFakeOptions = {
  accessToken?: string;
  apiVersion?: string;
  /** Leaky bucket size and restore rate (points per second); Shopify's Standard plan is 100/s. */
  bucketSize?: number;
  restoreRate?: number;
  /** Requested cost per operation; Shopify charges 10 for a mutation and ~1 for a small query. */
  costs?: Record<string, number>;
  /** Clock for the bucket, so tests with an injected sleep can move time. */
  now?: () => number;
  /** More operations by top-level field (shopify-app.fake.ts adds bulk operations, orders, metafields, tags). */
  operations?: Record<string, (variables: Record<string, any>, query: string) => { data?: unknown; errors?: unknown[] }>;
  /** Other access tokens the fake accepts (issued by the token-exchange endpoint). */
  acceptToken?: (token: string | undefined) => boolean;
  /** Handles of the app's Flow trigger extensions: `flowTriggerReceive` refuses any other (as for an undeployed extension). */
  flowTriggerHandles?: string[];
  /** Non-GraphQL endpoints on the same server (OAuth, JSONL downloads); return true when handled. */
  route?: (req: IncomingMessage, res: ServerResponse, raw: string) => boolean | Promise<boolean>;
};

const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';
const CREATE_ARGS = { discountCodeBasicCreate: 'basicCodeDiscount', discountCodeFreeShippingCreate: 'freeShippingCodeDiscount' } as const;

export async function startShopifyAdminFake(opts: ShopifyAdminFakeOptions = {}) {
  const token = opts.accessToken ?? 'shpat_fake_token';
  const path = `/admin/api/${opts.apiVersion ?? SHOPIFY_ADMIN_API_VERSION}/graphql.json`;
  const size = opts.bucketSize ?? 1000;
  const rate = opts.restoreRate ?? 100;
  const now = opts.now ?? Date.now;
  const discounts: FakeDiscount[] = [];
  const requests: FakeRequest[] = [];
  /** What `flowTriggerReceive` accepted (refused calls are in `requests` only). */
  const flowTriggers: Array<{ handle: string; payload: Record<string, unknown> }> = [];
  const failures: FakeFailure[] = [];
  const bucket = { available: size, at: now() };

  function refill() {
    const t = now();
    bucket.available = Math.min(size, bucket.available + (rate * (t - bucket.at)) / 1000);
    bucket.at = t;
  }
  const cost = (requested: number, actual: number | null) => ({
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: size, currentlyAvailable: Math.floor(bucket.available), restoreRate: rate },
  });
  const userError = (field: string[], code: string | null, message: string) => ({ field, code, message, extraInfo: null });

  function createDiscount(op: keyof typeof CREATE_ARGS, variables: Record<string, any>) {
    const input = variables[CREATE_ARGS[op]] ?? {};
    const arg = CREATE_ARGS[op];
    const errors = [];
    if (!input.code) errors.push(userError([arg, 'code'], 'BLANK', "Code can't be blank"));
    if (!input.title) errors.push(userError([arg, 'title'], 'BLANK', "Title can't be blank"));
    const code = String(input.code ?? '');
    // Shopify matches codes case-insensitively, across all discount types.
    if (code && discounts.some((d) => d.code.toLowerCase() === code.toLowerCase())) {
      errors.push(userError([arg, 'code'], 'TAKEN', 'Code must be unique. Please try a different code.'));
    }
    if (input.endsAt && input.startsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
      errors.push(userError([arg, 'endsAt'], 'END_DATE_BEFORE_START_DATE', 'Ends at needs to be after starts_at'));
    }
    const pct = input.customerGets?.value?.percentage;
    if (pct !== undefined && (pct <= 0 || pct > 1)) {
      errors.push(userError([arg, 'customerGets', 'value', 'percentage'], 'VALUE_OUTSIDE_RANGE', 'Value must be between 0.0 and 1.0'));
    }
    if (errors.length) return { [op]: { codeDiscountNode: null, userErrors: errors } };
    const id = `gid://shopify/DiscountCodeNode/${1000 + discounts.length + 1}`;
    discounts.push({ id, code, title: input.title, mutation: op, input, status: 'ACTIVE' });
    return { [op]: { codeDiscountNode: { id }, userErrors: [] } };
  }

  // flowTriggerReceive(handle: String, payload: JSON): userErrors for an unknown handle, a payload
  // that is not an object, or one over 50 KB (shopify.dev, "Flow trigger reference": payload <= 50 KB).
  function receiveFlowTrigger(variables: Record<string, any>) {
    const errors = [];
    const handle = String(variables.handle ?? '');
    const payload = variables.payload;
    if (!opts.flowTriggerHandles?.includes(handle)) errors.push(userError(['handle'], null, `Invalid handle: ${handle}`));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      errors.push(userError(['payload'], null, 'Payload must be a JSON object'));
    else if (Buffer.byteLength(JSON.stringify(payload)) > 50_000)
      errors.push(userError(['payload'], null, 'Errors validating schema: payload exceeds the maximum size of 50 KB'));
    if (!errors.length) flowTriggers.push({ handle, payload });
    return { userErrors: errors.map(({ field, message }) => ({ field, message })) };
  }

  function execute(op: string | null, variables: Record<string, any>, query = ''): { data?: unknown; errors?: unknown[] } {
    const extra = op ? opts.operations?.[op] : undefined;
    if (extra) return extra(variables, query);
    if (op === 'discountCodeBasicCreate' || op === 'discountCodeFreeShippingCreate') return { data: createDiscount(op, variables) };
    if (op === 'flowTriggerReceive') return { data: { flowTriggerReceive: receiveFlowTrigger(variables) } };
    if (op === 'codeDiscountNodeByCode') {
      const found = discounts.find((d) => d.code.toLowerCase() === String(variables.code ?? '').toLowerCase());
      const typename = found?.mutation === 'discountCodeFreeShippingCreate' ? 'DiscountCodeFreeShipping' : 'DiscountCodeBasic';
      return {
        data: { codeDiscountNodeByCode: found ? { id: found.id, codeDiscount: { __typename: typename, title: found.title } } : null },
      };
    }
    if (op === 'discountCodeDeactivate') {
      const found = discounts.find((d) => d.id === variables.id);
      if (!found)
        return {
          data: { discountCodeDeactivate: { codeDiscountNode: null, userErrors: [userError(['id'], null, 'Discount does not exist')] } },
        };
      found.status = 'EXPIRED';
      return { data: { discountCodeDeactivate: { codeDiscountNode: { id: found.id }, userErrors: [] } } };
    }
    return { errors: [{ message: `Field '${op ?? '?'}' doesn't exist on type 'QueryRoot'`, extensions: { code: 'undefinedField' } }] };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const accessToken = header(req, 'x-shopify-access-token');
    let body: { query?: string; variables?: Record<string, any> } = {};
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      /* recorded as an empty query */
    }
    const query = body.query ?? '';
    const operation = topLevelField(query);
    requests.push({ method: req.method ?? '', path: req.url ?? '', accessToken, operation, query, variables: body.variables ?? {} });

    if (opts.route && (await opts.route(req, res, raw))) return;
    if (req.method !== 'POST' || req.url !== path) return send(res, 404, { errors: 'Not Found' });
    if (accessToken !== token && !opts.acceptToken?.(accessToken)) return send(res, 401, { errors: INVALID_TOKEN });
    const failure = failures.shift();
    if (failure?.type === 'reset') return void req.socket.destroy();
    if (failure?.type === 'status') return send(res, failure.status, { errors: 'Service Unavailable' }, failure.retryAfterSeconds);
    if (failure?.type === 'rate_limited') return send(res, 429, { errors: 'Exceeded the rate limit.' }, failure.retryAfterSeconds);

    refill();
    const requested = opts.costs?.[operation ?? ''] ?? (/^\s*mutation\b/.test(query) ? 10 : 1);
    if (failure?.type === 'throttled') bucket.available = 0; // as if other traffic drained it
    if (requested > bucket.available) {
      return send(res, 200, {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: { cost: cost(requested, null) },
      });
    }
    bucket.available -= requested;
    const result = execute(operation, body.variables ?? {}, query);
    send(res, 200, { ...result, extensions: { cost: cost(requested, requested) } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { errors: 'Internal Server Error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    accessToken: token,
    discounts,
    requests,
    flowTriggers,
    /** The next `count` requests fail this way (after the path and token checks). */
    failNext(count: number, failure: FakeFailure) {
      for (let i = 0; i < count; i += 1) failures.push(failure);
    },
    clearFailures() {
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ShopifyAdminFake = Awaited<ReturnType<typeof startShopifyAdminFake>>;

/** `mutation Name($a: T!) { discountCodeBasicCreate(...) {` -> `discountCodeBasicCreate`. */
export function topLevelField(query: string): string | null {
  const withoutComments = query.replace(/#[^\n]*/g, '');
  const match = /^\s*(?:(?:query|mutation)\b[^{]*)?\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(withoutComments);
  return match?.[1] ?? null;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, retryAfterSeconds?: number) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  res.writeHead(status, headers).end(JSON.stringify(body));
}
