import type { Command } from 'commander';
import { COMPLIANCE_NOTE, SHOPIFY_WEBHOOK_TOPICS, type ConnectInput } from '../../platforms/shopify/connect.service.ts';
import type { SyncRun } from '../../crm/sync/sync.port.ts';
import type { Runtime } from '../../runtime.ts';
import { CliError, print, withRuntime } from '../context.ts';

// `rapport connect shopify`: thin over ShopifyApp.connect (platforms/shopify/connect.service.ts).

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
// The merchant is watching the import: poll the bulk operation every second rather than every five.
const BULK_POLL_MS = 1_000;

type Options = {
  shop: string;
  accessToken: string;
  webhookSecret: string;
  account?: string;
  currency?: string;
  country?: string;
  name?: string;
  verify: boolean;
  import: boolean;
};

export function registerConnectShopify(connect: Command): void {
  connect
    .command('shopify')
    .description(
      'connect a Shopify store with a custom-app Admin API access token (self-hosted): verifies the token, subscribes the webhooks, imports the history',
    )
    .requiredOption('--shop <domain>', 'the store domain, e.g. my-store.myshopify.com')
    .requiredOption('--access-token <token>', "the custom app's Admin API access token (shpat_...)")
    .requiredOption('--webhook-secret <secret>', "the custom app's API secret key, which signs its webhooks")
    .option('--account <id>', 'add to an existing account (default: a new account named after the shop)')
    .option('--currency <ISO>', "override the store's currency (default: the shop's own)")
    .option('--country <ISO>', "override the store's country, for reading local phone numbers (default: the shop's billing country)")
    .option('--name <name>', "a display name (default: the shop's name)")
    .option('--no-verify', 'store the connection without asking Shopify now (needs --currency); the server verifies and completes it later')
    .option('--no-import', 'do not import historical customers and orders now')
    .action(async (o: Options) => {
      const shop = o.shop.trim().toLowerCase();
      if (!SHOP_DOMAIN.test(shop)) throw new CliError(`--shop must look like my-store.myshopify.com, got "${o.shop}"`);
      if (!o.accessToken.trim()) throw new CliError('--access-token is empty');
      if (!o.webhookSecret.trim()) throw new CliError('--webhook-secret is empty');
      if (o.currency !== undefined && !CURRENCY.test(o.currency))
        throw new CliError(`--currency must be an ISO 4217 code like PKR, got "${o.currency}"`);
      if (o.country !== undefined && !COUNTRY.test(o.country))
        throw new CliError(`--country must be an ISO 3166 code like PK, got "${o.country}"`);
      if (!o.verify && !o.currency) throw new CliError('--no-verify needs --currency: Shopify cannot be asked for it now');
      const input: ConnectInput = {
        shop,
        accessToken: o.accessToken.trim(),
        webhookSecret: o.webhookSecret.trim(),
        account: o.account,
        overrides: { currency: o.currency, country: o.country, name: o.name },
      };
      await withRuntime(
        async (rt) => {
          if (!o.verify) {
            const r = await rt.shopify.connect.saveUnverified({ ...input, overrides: { ...input.overrides, currency: o.currency! } });
            if (!r.ok) throw new CliError(r.message);
            print(
              `Stored ${shop} as ${r.connectionId} (account ${r.accountId}), unverified: nothing uses it until the Rapport server reaches Shopify,`,
            );
            print('verifies the token, subscribes the webhooks and imports the history (at start-up and on every Shopify reconcile tick).');
            return;
          }
          const r = await rt.shopify.connect.connect(input);
          if (!r.ok) {
            const later =
              r.reason === 'unreachable'
                ? ' Run it again later, or add --no-verify --currency <ISO> to store it now and let the server verify it.'
                : '';
            throw new CliError(`${r.message}${later}`);
          }
          const country = o.country ?? r.shop.country ?? 'unknown';
          print(`Connected ${r.shop.name} (${shop}) as ${r.connectionId} (account ${r.accountId}).`);
          print(
            `Currency ${o.currency ?? r.shop.currency}, country ${country}, time zone ${r.shop.timezone ?? 'unknown'} (from the shop${o.currency || o.country ? ', with your overrides' : ''}).`,
          );
          for (const w of r.warnings) print(`Warning: ${w}`);
          const hooks = r.webhooks;
          if (hooks.ok)
            print(`Webhooks: ${hooks.created.length} subscribed, ${hooks.existing.length} already subscribed, delivered to ${hooks.uri}.`);
          else if (hooks.manual)
            print(
              `Warning: ${hooks.message}. Subscribe the webhooks (${SHOPIFY_WEBHOOK_TOPICS.join(', ')}) to ${hooks.uri} in the store admin.`,
            );
          else
            print(
              `Warning: Shopify did not accept the webhook subscriptions (${hooks.message}). Subscribe them to ${hooks.uri} in the store admin, or run connect again.`,
            );
          print(COMPLIANCE_NOTE);
          if (o.import) await importWithProgress(rt, r.connectionId);
          else print(`History import skipped (--no-import): start it from the panel or POST /api/connections/${r.connectionId}/backfill.`);
        },
        { shopifyBulk: { pollMs: BULK_POLL_MS } },
      );
    });
}

const line = (run: SyncRun) => {
  const pct = run.status === 'completed' ? 100 : run.total ? Math.min(100, Math.round((run.done / run.total) * 100)) : null;
  const of = run.total === null ? '' : ` of ${run.total}`;
  return `Importing ${run.resource}: ${run.done}${of} records${pct === null ? '' : ` (${pct}%)`}, ${run.status}${run.error ? `: ${run.error}` : ''}`;
};

/** Runs the bulk import in the foreground, printing a line whenever a run's progress changes. */
async function importWithProgress(rt: Runtime, connectionId: string): Promise<void> {
  const since = new Date().toISOString();
  const started = await rt.shopify.startBackfill(connectionId);
  if (!started.started || !started.done) {
    print(`History import not started (${started.reason === 'running' ? 'one is already running' : (started.reason ?? 'unknown')}).`);
    return;
  }
  const seen = new Map<string, string>();
  const report = async () => {
    const runs = (await rt.shopify.runs.list(connectionId, 10)).filter((x) => x.kind === 'backfill' && x.startedAt >= since).reverse();
    for (const run of runs) {
      const text = line(run);
      if (seen.get(run.id) !== text) {
        seen.set(run.id, text);
        print(text);
      }
    }
    return runs;
  };
  let finished = false;
  const done = started.done.then(() => {
    finished = true;
  });
  while (!finished) {
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 500))]);
    await report();
  }
  const runs = await report();
  for (const run of runs) if (run.note) print(`Note: ${run.note}`);
  const failed = runs.filter((x) => x.status === 'failed');
  if (failed.length)
    throw new CliError(
      `The import of ${failed.map((x) => x.resource).join(' and ')} failed; run it again from the panel or POST /api/connections/${connectionId}/backfill.`,
    );
  print('History import finished.');
}
