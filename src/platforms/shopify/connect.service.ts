import type { ShopifyAdminClient } from './admin-api.types.ts';
import { hasScope } from './backfill.service.ts';
import { ensureShopifyWebhooks, SHOPIFY_WEBHOOK_TOPICS } from './webhooks.register.ts';

// Connecting a self-hosted store's custom app by its Admin API access token: the token is tried
// against the shop before anything is stored (a wrong one stores nothing), the shop tells us its
// currency, country and name, the granted scopes are checked, and the webhooks are subscribed
// through the API. `--no-verify` stores an unverified connection instead, which the server
// completes (verify, subscribe, import) the first time Shopify answers.

const REQUIRED_SCOPES = ['read_customers', 'read_orders'] as const;
/** What does not work without each optional scope, in the merchant's words. */
const OPTIONAL_SCOPES: Record<string, string> = {
  read_all_orders: 'orders older than 60 days will not be imported',
  write_discounts: 'rewards cannot become discount codes at the store',
  write_customers: 'loyalty balances and tiers will not be written to Shopify customer metafields',
  read_products: 'products will not be kept in the catalogue quotes are built from',
};

const SHOP_QUERY = `query RapportConnect {
  shop { id name currencyCode ianaTimezone billingAddress { countryCodeV2 } }
  currentAppInstallation { accessScopes { handle } }
}`;

export type ShopFacts = { id: string; name: string; currency: string; country: string | null; timezone: string | null; scopes: string[] };
export type VerifyFailure = {
  ok: false;
  reason: 'refused' | 'missing_scopes' | 'unreachable' | 'failed';
  message: string;
  retryable: boolean;
};
export type Verified = { ok: true; shop: ShopFacts; warnings: string[] };

type ShopAnswer = {
  shop: {
    id: string;
    name: string;
    currencyCode: string;
    ianaTimezone: string | null;
    billingAddress: { countryCodeV2: string | null } | null;
  };
  currentAppInstallation: { accessScopes: Array<{ handle: string }> };
};

export async function verifyShop(client: ShopifyAdminClient): Promise<Verified | VerifyFailure> {
  const r = await client.query<ShopAnswer>(SHOP_QUERY);
  if (!r.ok) {
    const { kind, status, message, retryable } = r.error;
    if (kind === 'unauthorized' || kind === 'forbidden') {
      return {
        ok: false,
        reason: 'refused',
        retryable: false,
        message: `The access token was refused by ${client.shop} (${status ?? kind}): ${message}`,
      };
    }
    const reason = kind === 'network' || kind === 'server' || kind === 'throttled' ? 'unreachable' : 'failed';
    return { ok: false, reason, retryable, message: `Could not reach ${client.shop}: ${message}` };
  }
  const { shop, currentAppInstallation } = r.data;
  const scopes = currentAppInstallation.accessScopes.map((s) => s.handle);
  const granted = scopes.join(',');
  const missing = REQUIRED_SCOPES.filter((s) => !hasScope(granted, s));
  if (missing.length) {
    return {
      ok: false,
      reason: 'missing_scopes',
      retryable: false,
      message: `The custom app lacks the scopes ${missing.join(', ')}: add them in the app's Admin API configuration, reinstall it and run connect again.`,
    };
  }
  const warnings = Object.entries(OPTIONAL_SCOPES)
    .filter(([s]) => !hasScope(granted, s))
    .map(([s, effect]) => `Scope ${s} is not granted: ${effect}.`);
  return {
    ok: true,
    warnings,
    shop: {
      id: shop.id,
      name: shop.name,
      currency: shop.currencyCode,
      country: shop.billingAddress?.countryCodeV2 ?? null,
      timezone: shop.ianaTimezone,
      scopes,
    },
  };
}

/** Where Shopify delivers webhooks; Shopify accepts only https addresses. */
function webhookUri(publicUrl: string | undefined): { ok: true; uri: string } | { ok: false; hint: string; message: string } {
  const base = (publicUrl ?? 'https://<your host>').replace(/\/+$/, '');
  const hint = `${base}/webhooks/shopify`;
  if (!publicUrl) return { ok: false, hint, message: 'PUBLIC_URL is not set, so Rapport cannot subscribe the webhooks itself' };
  if (!publicUrl.startsWith('https://'))
    return { ok: false, hint, message: 'PUBLIC_URL is not https, and Shopify delivers webhooks only to https addresses' };
  return { ok: true, uri: hint };
}

export type WebhookStep =
  | { ok: true; uri: string; created: string[]; existing: string[] }
  | { ok: false; manual: true; uri: string; message: string }
  | { ok: false; manual: false; uri: string; message: string };

export const COMPLIANCE_NOTE =
  'Compliance topics (customers/data_request, customers/redact, shop/redact) cannot be subscribed by API; a custom app does not receive them.';

export async function subscribeWebhooks(
  client: ShopifyAdminClient,
  publicUrl: string | undefined,
  /** The granted scopes (comma-separated): topics whose scope is missing are left out. */
  scopes: string,
): Promise<WebhookStep> {
  const target = webhookUri(publicUrl);
  if (!target.ok) return { ok: false, manual: true, uri: target.hint, message: target.message };
  const r = await ensureShopifyWebhooks(client, target.uri, scopes);
  if (!r.ok) return { ok: false, manual: false, uri: target.uri, message: r.message };
  return { ok: true, uri: target.uri, created: r.created, existing: r.existing };
}

export type ConnectInput = {
  shop: string;
  accessToken: string;
  webhookSecret: string;
  account?: string;
  overrides: { currency?: string; country?: string; name?: string };
};

export type ShopifyConnectDeps = {
  clientOf: (shop: string, accessToken: string) => ShopifyAdminClient;
  publicUrl: string | undefined;
  /** An existing account, or a new one named after the shop; null when `account` does not exist. */
  accountFor: (account: string | undefined, name: string, currency: string) => Promise<string | null>;
  save: (c: {
    accountId: string;
    shop: string;
    name: string;
    currency: string;
    country: string | null;
    timezone?: string | null;
    accessToken: string;
    webhookSecret: string;
    status: 'active' | 'unverified';
  }) => Promise<string>;
  saveScopes: (shop: string, scopes: string) => Promise<void>;
};

export type Connected = { ok: true; connectionId: string; accountId: string; shop: ShopFacts; warnings: string[]; webhooks: WebhookStep };
export type ConnectFailure = VerifyFailure | { ok: false; reason: 'no_account'; message: string; retryable: false };

export function createShopifyConnect(deps: ShopifyConnectDeps) {
  return {
    /** Verifies the token first: nothing is stored unless Shopify accepts it with the required scopes. */
    async connect(input: ConnectInput): Promise<Connected | ConnectFailure> {
      const client = deps.clientOf(input.shop, input.accessToken);
      const v = await verifyShop(client);
      if (!v.ok) return v;
      const o = input.overrides;
      const name = o.name ?? v.shop.name;
      const currency = o.currency ?? v.shop.currency;
      const accountId = await deps.accountFor(input.account, name, currency);
      if (!accountId) return { ok: false, reason: 'no_account', message: `No account ${input.account}`, retryable: false };
      const connectionId = await deps.save({
        accountId,
        shop: input.shop,
        name,
        currency,
        country: o.country ?? v.shop.country,
        timezone: v.shop.timezone,
        accessToken: input.accessToken,
        webhookSecret: input.webhookSecret,
        status: 'active',
      });
      await deps.saveScopes(input.shop, v.shop.scopes.join(','));
      const webhooks = await subscribeWebhooks(client, deps.publicUrl, v.shop.scopes.join(','));
      return { ok: true, connectionId, accountId, shop: v.shop, warnings: v.warnings, webhooks };
    },

    /** `--no-verify`: stores the command line's values as an unverified connection, used for nothing until verified. */
    async saveUnverified(
      input: ConnectInput & { overrides: { currency: string } },
    ): Promise<{ ok: true; connectionId: string; accountId: string } | ConnectFailure> {
      const name = input.overrides.name ?? input.shop;
      const accountId = await deps.accountFor(input.account, name, input.overrides.currency);
      if (!accountId) return { ok: false, reason: 'no_account', message: `No account ${input.account}`, retryable: false };
      const connectionId = await deps.save({
        accountId,
        shop: input.shop,
        name,
        currency: input.overrides.currency,
        country: input.overrides.country ?? null,
        accessToken: input.accessToken,
        webhookSecret: input.webhookSecret,
        status: 'unverified',
      });
      return { ok: true, connectionId, accountId };
    },
  };
}

export type ShopifyConnect = ReturnType<typeof createShopifyConnect>;
export { SHOPIFY_WEBHOOK_TOPICS };
