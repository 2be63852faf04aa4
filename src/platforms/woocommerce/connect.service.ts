import { randomBytes } from 'node:crypto';
import { createOutboundPolicy } from '../../lib/outbound-address.ts';
import { createWooClient } from './rest.client.ts';
import { PRIVATE_ADDRESS_MESSAGE } from './rest.ping.ts';
import type { WooPing } from './rest.types.ts';
import { checkSiteUrl } from './site-url.ts';
import type { WooSync } from './sync.service.ts';
import type { SharedState } from '../../lib/shared-state.ts';
import { authorizeUrl, callbackBody, signState, verifyState } from './wc-auth.ts';
import type { WebhookHealth } from './webhooks.register.ts';

// Connecting a WooCommerce store from the admin: pasted REST keys (tested with ping() before
// anything is stored) or the wc-auth key flow (keys stored the moment WooCommerce posts them).
// Both end in the same set-up: secrets kept if the store was connected before (so webhooks that
// exist keep verifying), webhooks registered, backfill started in the background.

export type ConnectFailure = {
  ok: false;
  kind: 'invalid' | 'conflict' | 'unavailable';
  reason:
    'bad_url' | 'http_not_https' | 'public_url_missing' | 'other_account' | Extract<WooPing, { ok: false }>['reason'] | 'webhooks_refused';
  message: string;
};
type Connected = { ok: true; connectionId: string; domain: string; currency: string; webhooks: WebhookHealth[] };

const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

/** `claimOnce`: the shared one-time states (lib/shared-state.ts), so a state is used once across every web process. */
export function createWooConnect(sync: WooSync, shared: Pick<SharedState, 'claimOnce'>) {
  const { deps } = sync;
  const nowS = () => Math.floor(Date.now() / 1000);
  const outbound = deps.outbound ?? createOutboundPolicy();

  /** Stores keys (sealed by the connections port), keeping an existing connection's secrets. */
  async function save(
    accountId: string,
    url: string,
    apiKey: string,
    apiSecret: string,
    currency: string | null,
    timezone: string | null = null,
  ): Promise<string> {
    const existing = await deps.connections.byDomain(url);
    const s = await existing?.secrets();
    return deps.connections.save({
      accountId,
      domain: url,
      name: new URL(url).hostname,
      currency: currency ?? existing?.currency ?? 'USD',
      timezone,
      apiKey,
      apiSecret,
      webhookSecret: s?.webhookSecret ?? secret(24),
      // Signs the WordPress plugin's shopper tokens; apart from the webhook secret, so neither unlocks the other.
      storefrontSecret: s?.storefrontSecret ?? secret(32),
    });
  }

  async function precheck(accountId: string, input: string): Promise<ConnectFailure | { ok: true; url: string }> {
    const checked = checkSiteUrl(input, { allowHttpLoopback: deps.allowHttpLoopback });
    if (!checked.ok) return { ok: false, kind: 'invalid', reason: checked.reason, message: checked.message };
    // Early and cheap; the binding check is the one at connect time, on the address actually used.
    if (!(await outbound.allowsHost(new URL(checked.url).hostname)))
      return { ok: false, kind: 'invalid', reason: 'private_address', message: PRIVATE_ADDRESS_MESSAGE };
    if (!deps.publicUrl) {
      return {
        ok: false,
        kind: 'unavailable',
        reason: 'public_url_missing',
        message: 'Set PUBLIC_URL to the public HTTPS address of this Rapport: WooCommerce delivers webhooks there.',
      };
    }
    const existing = await deps.connections.byDomain(checked.url);
    if (existing && existing.accountId !== accountId) {
      return {
        ok: false,
        kind: 'conflict',
        reason: 'other_account',
        message: 'This shop is already connected to another Rapport account.',
      };
    }
    return checked;
  }

  /**
   * WooCommerce posts wc-auth keys without any fact about the store: its time zone (birthday
   * points follow the shop's day) is read once the keys work. Unreadable: it stays UTC.
   */
  async function learnTimeZone(connectionId: string, url: string, consumerKey: string, consumerSecret: string): Promise<void> {
    const ping = await createWooClient({
      url,
      consumerKey,
      consumerSecret,
      maxRetries: deps.maxRetries,
      outbound,
      fetch: deps.fetch,
    }).ping();
    if (ping.ok && ping.timezone) await deps.connections.setTimeZone(connectionId, ping.timezone);
  }

  /** Starts the backfill without waiting; failures are recorded on the run and logged. */
  async function startBackfill(connectionId: string): Promise<void> {
    // Reconnecting (new keys) needs no second full import: the reconcile continues from the watermark.
    if (
      (await deps.recorder.runs(connectionId, 50)).some((r) => r.kind === 'backfill' && r.resource === 'orders' && r.status === 'completed')
    )
      return;
    sync
      .backfill(connectionId)
      .catch((err: unknown) =>
        deps.logger.warn(
          { module: 'woocommerce-sync', connectionId, err: err instanceof Error ? err.message : String(err) },
          'backfill failed',
        ),
      );
  }

  return {
    async connectWithKeys(
      accountId: string,
      input: { url: string; consumerKey: string; consumerSecret: string },
    ): Promise<Connected | ConnectFailure> {
      const pre = await precheck(accountId, input.url);
      if (!pre.ok) return pre;
      const client = createWooClient({
        url: pre.url,
        consumerKey: input.consumerKey,
        consumerSecret: input.consumerSecret,
        maxRetries: deps.maxRetries,
        outbound,
        fetch: deps.fetch,
      });
      const ping = await client.ping();
      if (!ping.ok) return { ok: false, kind: 'invalid', reason: ping.reason, message: ping.message };
      const connectionId = await save(accountId, pre.url, input.consumerKey, input.consumerSecret, ping.currency, ping.timezone);
      let webhooks: WebhookHealth[];
      try {
        webhooks = await sync.registerWebhooks(connectionId);
      } catch (err) {
        // Keys with read access only pass ping() but cannot create webhooks.
        return {
          ok: false,
          kind: 'invalid',
          reason: 'webhooks_refused',
          message: `The keys work, but WooCommerce refused to create webhooks (${err instanceof Error ? err.message : String(err)}). Use a Read/Write key.`,
        };
      }
      await startBackfill(connectionId);
      return { ok: true, connectionId, domain: pre.url, currency: (await deps.connections.get(connectionId))?.currency ?? 'USD', webhooks };
    },

    async authorizeUrl(accountId: string, input: string): Promise<{ ok: true; url: string; expiresAt: string } | ConnectFailure> {
      const pre = await precheck(accountId, input);
      if (!pre.ok) return pre;
      const base = deps.publicUrl!.replace(/\/+$/, '');
      const { state } = signState(deps.stateKey, { accountId, url: pre.url }, nowS());
      const expiresAt = new Date((nowS() + 15 * 60) * 1000).toISOString();
      return {
        ok: true,
        expiresAt,
        url: authorizeUrl(pre.url, { state, returnUrl: `${base}/stores?platform=woocommerce`, callbackUrl: `${base}/wc-auth/callback` }),
      };
    },

    /** The keys WooCommerce posts: stored at once; the set-up continues after the 200. */
    async acceptCallback(
      body: unknown,
    ): Promise<{ ok: true; connectionId: string } | { ok: false; kind: 'invalid' | 'unauthorized' | 'conflict'; message: string }> {
      const parsed = callbackBody.safeParse(body);
      if (!parsed.success)
        return {
          ok: false,
          kind: 'invalid',
          message:
            `Not a WooCommerce key delivery: ${parsed.error.issues[0]?.path.join('.') ?? 'body'} ${parsed.error.issues[0]?.message ?? ''}`.trim(),
        };
      const checked = verifyState(deps.stateKey, parsed.data.user_id, nowS());
      if (!checked.ok) return { ok: false, kind: 'unauthorized', message: `Rejected: ${checked.reason}` };
      if (parsed.data.key_permissions !== 'read_write') return { ok: false, kind: 'invalid', message: 'Rapport needs a Read/Write key' };
      const existing = await deps.connections.byDomain(checked.state.url);
      if (existing && existing.accountId !== checked.state.accountId)
        return { ok: false, kind: 'conflict', message: 'This shop is connected to another Rapport account' };
      // Claimed until the state expires (and a minute past it: clocks of several processes differ).
      if (!(await shared.claimOnce(`wc-auth:${checked.state.nonce}`, (checked.state.exp - nowS() + 60) * 1000)))
        return { ok: false, kind: 'unauthorized', message: 'Rejected: state already used' };
      const connectionId = await save(
        checked.state.accountId,
        checked.state.url,
        parsed.data.consumer_key,
        parsed.data.consumer_secret,
        null,
      );
      // Both queued now (one after the other, per connection) and run after the 200 goes out.
      sync
        .registerWebhooks(connectionId)
        .catch((err: unknown) =>
          deps.logger.warn(
            { module: 'woocommerce-sync', connectionId, err: err instanceof Error ? err.message : String(err) },
            'webhook set-up after wc-auth failed',
          ),
        );
      learnTimeZone(connectionId, checked.state.url, parsed.data.consumer_key, parsed.data.consumer_secret).catch((err: unknown) =>
        deps.logger.warn(
          { module: 'woocommerce-sync', connectionId, err: err instanceof Error ? err.message : String(err) },
          'time zone after wc-auth unknown',
        ),
      );
      await startBackfill(connectionId);
      return { ok: true, connectionId };
    },
  };
}

export type WooConnect = ReturnType<typeof createWooConnect>;
