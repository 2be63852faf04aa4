// The app-level half of the local Shopify: OAuth token exchange and refresh
// (POST /admin/oauth/access_token), bulk operations with a JSONL download on the same server,
// `orders` pages for the reconcile, `metafieldsSet`, `tagsAdd`/`tagsRemove` (customers and orders), `orderCancel`, `shop` and webhook subscriptions. Built on
// shopify-admin.fake.ts (cost bucket, THROTTLED, failures). Formats follow shopify.dev: token
// exchange / refresh request fields and `access_token, scope, expires_in, refresh_token,
// refresh_token_expires_in` responses; bulk JSONL with one object a line, connection children
// as separate lines carrying `__parentId`, grouped under their parent when `groupObjects: true`.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import { startShopifyAdminFake, type ShopifyAdminFakeOptions } from './shopify-admin.fake.ts';
import { bulkOperations, ordersPage, type FakeCustomerNode, type FakeOrderNode, type FakeProductNode } from './shopify-bulk.fake.ts';
import { webhookSubscriptionOperations, type FakeWebhookSubscription } from './shopify-webhooks.fake.ts';

export type { FakeCustomerNode, FakeOrderNode, FakeProductNode } from './shopify-bulk.fake.ts';

export type ShopifyAppFakeOptions = ShopifyAdminFakeOptions & {
  apiKey: string;
  apiSecret: string;
  /** Scopes granted at token exchange (comma separated, as Shopify returns them). */
  scope?: string;
  /** Lifetime of expiring offline tokens in seconds (Shopify: 3600). */
  expiresIn?: number;
  orders?: FakeOrderNode[];
  customers?: FakeCustomerNode[];
  /** Products with their variants (bulk `products` query, with read_products). */
  products?: FakeProductNode[];
  /** Staff by user id (a session token's `sub`), as online token exchanges describe them. */
  staff?: Record<string, { first_name: string; last_name: string; email: string }>;
};

export type OAuthRequest = { grantType: string; body: Record<string, string>; contentType: string };

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const OFFLINE = 'urn:shopify:params:oauth:token-type:offline-access-token';
const ONLINE = 'urn:shopify:params:oauth:token-type:online-access-token';
const STAFF = { first_name: 'Ayesha', last_name: 'Khan', email: 'ayesha@example.pk' };

export async function startShopifyAppFake(opts: ShopifyAppFakeOptions) {
  let scope = opts.scope ?? 'read_customers,write_customers,read_orders,read_all_orders,read_products,write_discounts,write_app_proxy';
  const issued = new Map<string, { shop: string; expiresAt: number | null }>();
  const refreshTokens = new Map<string, string>(); // refresh token -> shop
  const oauthRequests: OAuthRequest[] = [];
  const data = { orders: opts.orders ?? [], customers: opts.customers ?? [], products: opts.products ?? [] };
  const metafields = new Map<string, Map<string, { namespace: string; key: string; type: string; value: string }>>();
  const tags = new Map<string, Set<string>>();
  const cancelled: Array<{ orderId: string; reason: string; refund: unknown; restock: unknown; notifyCustomer: unknown }> = [];
  const subscriptions: FakeWebhookSubscription[] = [];
  let origin = '';
  const bulk = bulkOperations(data, () => origin);

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const tokenPair = (shop: string, expiring: boolean) => {
    const access = `shpat_${randomBytes(12).toString('hex')}`;
    const ttl = opts.expiresIn ?? 3600;
    issued.set(access, { shop, expiresAt: expiring ? Date.now() + ttl * 1000 : null });
    if (!expiring) return { access_token: access, scope };
    const refresh = `shprt_${randomBytes(12).toString('hex')}`;
    refreshTokens.set(refresh, shop);
    return { access_token: access, expires_in: ttl, refresh_token: refresh, refresh_token_expires_in: 7_776_000, scope };
  };

  async function oauth(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const contentType = String(req.headers['content-type'] ?? '');
    const body: Record<string, string> = contentType.includes('json')
      ? JSON.parse(raw || '{}')
      : Object.fromEntries(new URLSearchParams(raw));
    const shop = String(req.headers.host ?? '').split(':')[0] ?? '';
    oauthRequests.push({ grantType: body.grant_type ?? '', body, contentType });
    if (body.client_id !== opts.apiKey || body.client_secret !== opts.apiSecret) {
      return reply(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    }
    if (body.grant_type === 'refresh_token') {
      const owner = refreshTokens.get(body.refresh_token ?? '');
      if (!owner) return reply(res, 400, { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired' });
      refreshTokens.delete(body.refresh_token!); // replaced on every use
      return reply(res, 200, tokenPair(owner, true));
    }
    if (body.grant_type !== TOKEN_EXCHANGE || body.subject_token_type !== ID_TOKEN) {
      return reply(res, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    }
    let dest: string;
    let user: string;
    try {
      const { payload } = await jwtVerify(body.subject_token ?? '', new TextEncoder().encode(opts.apiSecret), {
        algorithms: ['HS256'],
        audience: opts.apiKey,
        clockTolerance: 10,
      });
      dest = new URL(String(payload.dest)).hostname;
      user = String(payload.sub);
    } catch {
      return reply(res, 400, { error: 'invalid_subject_token', error_description: 'The subject token is invalid or expired' });
    }
    if (body.requested_token_type === ONLINE) {
      const pair = tokenPair(dest, false);
      return reply(res, 200, {
        ...pair,
        expires_in: 86_399,
        associated_user_scope: scope,
        // The user the session token was issued to (its `sub`).
        associated_user: {
          id: Number(user),
          ...(opts.staff?.[user] ?? STAFF),
          email_verified: true,
          account_owner: true,
          locale: 'en',
          collaborator: false,
        },
      });
    }
    if (body.requested_token_type !== OFFLINE)
      return reply(res, 400, { error: 'invalid_request', error_description: 'requested_token_type' });
    return reply(res, 200, tokenPair(dest || shop, body.expiring === '1'));
  }

  const userError = (field: string[] | null, message: string, code: string | null = null) => ({ field, message, code });
  const admin = await startShopifyAdminFake({
    ...opts,
    acceptToken: (t) => {
      const found = t ? issued.get(t) : undefined;
      return Boolean(found && (found.expiresAt === null || found.expiresAt > Date.now()));
    },
    route: async (req, res, raw) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'POST' && path === '/admin/oauth/access_token') return oauth(req, res, raw).then(() => true);
      return bulk.download(req, res);
    },
    operations: {
      // One query may ask for both root fields (connect's verification does).
      shop: (_v, q) => ({
        data: {
          shop: {
            id: 'gid://shopify/Shop/1234',
            name: 'Rapport Test Shop',
            currencyCode: 'PKR',
            ianaTimezone: 'Asia/Karachi',
            billingAddress: { countryCodeV2: 'PK' },
          },
          ...(/\bcurrentAppInstallation\b/.test(q)
            ? { currentAppInstallation: { accessScopes: scope.split(',').map((handle) => ({ handle })) } }
            : {}),
        },
      }),
      ...webhookSubscriptionOperations(subscriptions),
      currentAppInstallation: () => ({
        data: { currentAppInstallation: { accessScopes: scope.split(',').map((handle) => ({ handle })) } },
      }),
      bulkOperationRunQuery: (v, q) => ({ data: { bulkOperationRunQuery: bulk.run(v, q) } }),
      currentBulkOperation: () => ({ data: { currentBulkOperation: bulk.poll(null) } }),
      node: (v) => ({ data: { node: bulk.poll(String(v.id)) } }),
      orders: (v) => ({ data: { orders: ordersPage(data.orders, v) } }),
      metafieldsSet: (v) => {
        const inputs = (v.metafields ?? []) as Array<{ ownerId: string; namespace: string; key: string; type: string; value: string }>;
        if (inputs.length > 25)
          return {
            data: {
              metafieldsSet: {
                metafields: null,
                userErrors: [userError(['metafields'], 'Exceeded the maximum metafields input limit of 25.', 'LESS_THAN_OR_EQUAL_TO')],
              },
            },
          };
        const out = inputs.map((m, i) => {
          const namespace = m.namespace.replace(/^\$app:/, 'app--1234--');
          const owner = metafields.get(m.ownerId) ?? new Map();
          metafields.set(m.ownerId, owner.set(`${namespace}.${m.key}`, { namespace, key: m.key, type: m.type, value: m.value }));
          return { id: `gid://shopify/Metafield/${9000 + i}`, namespace, key: m.key, value: m.value };
        });
        return { data: { metafieldsSet: { metafields: out, userErrors: [] } } };
      },
      tagsAdd: (v) => {
        const set = tags.get(v.id) ?? new Set<string>();
        for (const t of v.tags as string[]) set.add(t);
        tags.set(v.id, set);
        return { data: { tagsAdd: { node: { id: v.id }, userErrors: [] } } };
      },
      // orderCancel (GraphQL Admin 2024-01+): orderId, reason (OrderCancelReason), refund, restock, notifyCustomer;
      // asynchronous (a Job); cancelling twice is an orderCancelUserError.
      orderCancel: (v) => {
        const reasons = ['CUSTOMER', 'DECLINED', 'FRAUD', 'INVENTORY', 'OTHER', 'STAFF'];
        if (!/^gid:\/\/shopify\/Order\/\d+$/.test(String(v.orderId)) || !reasons.includes(v.reason) || typeof v.restock !== 'boolean')
          return { errors: [{ message: 'Variable $orderId, $reason or $restock is invalid', extensions: { code: 'INVALID_VARIABLE' } }] };
        if (cancelled.some((c) => c.orderId === v.orderId))
          return {
            data: {
              orderCancel: {
                job: null,
                orderCancelUserErrors: [{ field: ['orderId'], message: 'Order has already been cancelled', code: 'INVALID' }],
                userErrors: [],
              },
            },
          };
        cancelled.push({
          orderId: v.orderId,
          reason: v.reason,
          refund: v.refund,
          restock: v.restock,
          notifyCustomer: v.notifyCustomer ?? null,
        });
        return {
          data: {
            orderCancel: {
              job: { id: `gid://shopify/Job/${randomBytes(8).toString('hex')}`, done: false },
              orderCancelUserErrors: [],
              userErrors: [],
            },
          },
        };
      },
      tagsRemove: (v) => {
        for (const t of v.tags as string[]) tags.get(v.id)?.delete(t);
        return { data: { tagsRemove: { node: { id: v.id }, userErrors: [] } } };
      },
    },
  });
  origin = admin.origin;

  return {
    ...admin,
    data,
    oauthRequests,
    issued,
    metafields,
    tags,
    /** Orders cancelled through orderCancel, with the arguments given. */
    cancelled,
    bulkRuns: bulk.runs,
    subscriptions,
    /** Scopes granted from now on (as if the merchant approved fewer, or more). */
    setScope(next: string) {
      scope = next;
    },
    /** Makes every issued access token expire now (as if an hour had passed). */
    expireAccessTokens() {
      for (const t of issued.values()) if (t.expiresAt !== null) t.expiresAt = Date.now() - 1;
    },
  };
}

export type ShopifyAppFake = Awaited<ReturnType<typeof startShopifyAppFake>>;
