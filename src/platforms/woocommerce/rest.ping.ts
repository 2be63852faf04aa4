import { WooRestError } from './rest.errors.ts';
import type { Transport } from './rest.http.ts';
import { siteIndex, systemStatus, type WooPing } from './rest.types.ts';
import { wordpressTimeZone } from './timezone.ts';

// The connection check behind "Connect your WooCommerce store". It reads system_status (needs a
// key of a shop manager or admin) and explains each way a connection fails in words a merchant
// can act on. Nothing here echoes keys back.

const ROUTE = 'wc/v3/system_status';

/** The same words whatever the address is, so the answer never tells what listens there. */
export const PRIVATE_ADDRESS_MESSAGE =
  "Rapport connects only to public internet addresses, and this shop address is private or internal. Use the shop's public https:// address.";

export async function pingStore(http: Transport): Promise<WooPing> {
  try {
    const res = await http.request('GET', ROUTE);
    const parsed = systemStatus.safeParse(res.body);
    const env = parsed.success ? parsed.data.environment : null;
    return {
      ok: true,
      wcVersion: env?.version ?? env?.wc_version ?? null,
      currency: parsed.success ? (parsed.data.settings?.currency ?? null) : null,
      homeUrl: env?.home_url ?? null,
      timezone: await siteTimeZone(http),
    };
  } catch (e) {
    if (!(e instanceof WooRestError)) throw e;
    return explain(http, e);
  }
}

/**
 * The shop's time zone, from WordPress's REST index (timezone_string, else gmt_offset).
 * system_status's environment.default_timezone is PHP's default, which WordPress always sets to
 * UTC, so it says nothing about the shop. Unreadable: null (read as UTC), never a failed connect.
 */
async function siteTimeZone(http: Transport): Promise<string | null> {
  try {
    const parsed = siteIndex.safeParse((await http.request('GET', '')).body);
    return parsed.success ? wordpressTimeZone(parsed.data.timezone_string ?? null, parsed.data.gmt_offset ?? null) : null;
  } catch {
    return null;
  }
}

async function explain(http: Transport, e: WooRestError): Promise<WooPing> {
  const fail = (reason: Extract<WooPing, { ok: false }>['reason'], message: string): WooPing => ({
    ok: false,
    reason,
    code: e.code,
    message,
  });
  switch (e.kind) {
    case 'refused':
      return fail('private_address', PRIVATE_ADDRESS_MESSAGE);
    case 'network':
      return fail('unreachable', 'The store did not answer. Check the address and that the site is online.');
    case 'server':
    case 'throttled':
      return fail('store_error', `The store answered with an error (HTTP ${e.status}). Try again later, or ask the host.`);
    case 'auth':
      // Unknown key: `woocommerce_rest_cannot_view`; known key with the wrong secret:
      // `woocommerce_rest_authentication_error`; a key without read access says so too.
      return fail(
        'wrong_keys',
        'WooCommerce refused the API keys. Create a Read/Write key for an administrator and paste both parts again.',
      );
    case 'not_found':
      if (e.code === 'rest_no_route') {
        return fail(
          'woocommerce_inactive',
          'WordPress answered, but WooCommerce REST API v3 is not there. Is WooCommerce installed and active?',
        );
      }
      return fail('store_error', `Unexpected answer from the store (${e.code}).`);
    default:
      if (e.code === 'redirect')
        return fail('redirected', 'The address redirects elsewhere (http to https, or www): enter the final shop address.');
      break;
  }
  // Not WooCommerce JSON under /wp-json/: either not WordPress at all, or plain permalinks, where
  // the REST API only answers at /?rest_route=.
  try {
    await http.request('GET', ROUTE, { plainPermalinks: true });
    return fail(
      'pretty_permalinks_disabled',
      'Turn on pretty permalinks in WordPress (Settings > Permalinks, e.g. "Post name"): WooCommerce needs them for its REST API.',
    );
  } catch (plain) {
    if (plain instanceof WooRestError && (plain.kind === 'auth' || plain.kind === 'not_found')) {
      return fail(
        'pretty_permalinks_disabled',
        'Turn on pretty permalinks in WordPress (Settings > Permalinks, e.g. "Post name"): WooCommerce needs them for its REST API.',
      );
    }
  }
  return fail('not_wordpress', "This address does not look like a WordPress site with WooCommerce. Use the shop's home page address.");
}
