import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { publicUrl } from '../../config/config.ts';
import type { Runtime } from '../../runtime.ts';
import { CliError, print, withRuntime } from '../context.ts';
import { registerConnectShopify } from './connect-shopify.ts';

const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** Rapport's public address for the URLs to paste into the store, or a placeholder to fill in. */
const base = (rt: Runtime) => (publicUrl(rt.config) ?? 'https://<your host>').replace(/\/+$/, '');

type Common = { account?: string; currency: string; country?: string; name?: string };

function checkCommon(o: Common): void {
  if (!CURRENCY.test(o.currency)) throw new CliError(`--currency must be an ISO 4217 code like PKR, got "${o.currency}"`);
  if (o.country && !COUNTRY.test(o.country)) throw new CliError(`--country must be an ISO 3166 code like PK, got "${o.country}"`);
}

function wooSiteUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new CliError(`--url is not a URL: "${input}"`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    throw new CliError('--url must use https:// (WooCommerce sends REST keys only over HTTPS)');
  }
  return `${url.origin}${url.pathname.replace(/\/?$/, '/')}`;
}

export function registerConnect(program: Command): void {
  const connect = program.command('connect').description('connect a store to Rapport');

  registerConnectShopify(connect);

  connect
    .command('woocommerce')
    .description('connect a WooCommerce store with REST API keys')
    .requiredOption('--url <url>', 'the site URL, e.g. https://shop.example.com/')
    .requiredOption('--consumer-key <ck>', 'REST API consumer key (ck_...)')
    .requiredOption('--consumer-secret <cs>', 'REST API consumer secret (cs_...)')
    .option('--webhook-secret <secret>', 'secret for webhook signatures (default: generated)')
    .option('--account <id>', 'add to an existing account (default: a new account)')
    .option('--currency <ISO>', "the store's currency", 'USD')
    .option('--country <ISO>', "the store's country, for reading local phone numbers")
    .option('--name <name>', 'a display name')
    .action(async (o: Common & { url: string; consumerKey: string; consumerSecret: string; webhookSecret?: string }) => {
      const url = wooSiteUrl(o.url);
      if (!o.consumerKey.startsWith('ck_')) throw new CliError('--consumer-key must start with ck_');
      if (!o.consumerSecret.startsWith('cs_')) throw new CliError('--consumer-secret must start with cs_');
      checkCommon(o);
      const webhookSecret = o.webhookSecret ?? randomBytes(24).toString('base64url');
      // Signs the shopper tokens of the WordPress plugin; apart from the webhook secret, so neither unlocks the other.
      const storefrontSecret = randomBytes(32).toString('base64url');
      await withRuntime(async (rt) => {
        const name = o.name ?? new URL(url).hostname;
        const accountId = o.account ?? (await rt.tenancy.createAccount(name, o.currency));
        if (!(await rt.tenancy.getAccount(accountId))) throw new CliError(`No account ${accountId}`);
        const c = await rt.tenancy.upsertConnection({
          accountId,
          platform: 'woocommerce',
          domain: url,
          name,
          currency: o.currency,
          country: o.country ?? null,
          apiKey: o.consumerKey,
          apiSecret: o.consumerSecret,
          webhookSecret,
          storefrontSecret,
        });
        print(`Connected ${url} as ${c.id} (account ${accountId}).`);
        print(`Webhook delivery URL: ${base(rt)}/webhooks/woocommerce/${c.id}`);
        if (!o.webhookSecret)
          print(`Webhook secret (shown once; paste it into WooCommerce > Settings > Advanced > Webhooks): ${webhookSecret}`);
        print(`Storefront secret (shown once; paste it into the Rapport plugin's settings in WordPress): ${storefrontSecret}`);
        print(`Storefront API: ${base(rt)}/storefront/woocommerce/${c.id}/`);
      });
    });

  program
    .command('disconnect <connectionId>')
    .description("remove a store's webhooks at the platform and delete its keys and tokens here; customer data is kept")
    .action(async (connectionId: string) => {
      await withRuntime(async (rt) => {
        const r = await rt.disconnect(connectionId);
        if (!r.ok) throw new CliError(`No connection ${connectionId}`);
        if (r.already) return print(`${r.domain} (${r.connectionId}) is already disconnected: nothing left to remove.`);
        print(`Disconnected ${r.domain} (${r.connectionId}): keys, tokens and secrets deleted here.`);
        if (r.storeError)
          print(
            `Warning: could not remove its webhooks at the store (${r.storeError}); ${r.removedAtStore} removed. Delete the rest in the store admin.`,
          );
        else print(`Removed ${r.removedAtStore} webhook subscription(s) at the store.`);
        print('Customer profiles, orders and points from this store are kept.');
      });
    });

  program
    .command('connections')
    .description('list store connections (no secrets)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withRuntime(async (rt) => {
        const rows = (await rt.tenancy.listConnections()).map(({ id, platform, domain, status, accountId, createdAt }) => ({
          id,
          platform,
          domain,
          status,
          accountId,
          createdAt,
        }));
        if (o.json) return print(JSON.stringify(rows, null, 2));
        if (!rows.length) return print('No connections yet: see `rapport connect --help`.');
        for (const r of rows) print([r.id, r.platform.padEnd(11), r.status.padEnd(12), r.domain, r.accountId, r.createdAt].join('  '));
      });
    });
}
