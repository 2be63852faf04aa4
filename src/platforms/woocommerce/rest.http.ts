import { parseJsonLossless } from '../../lib/json.ts';
import { createOutboundPolicy, PrivateAddressError, type OutboundPolicy } from '../../lib/outbound-address.ts';
import { createGuardedFetch } from '../../lib/outbound-fetch.ts';
import { assertOutsideUnitOfWork } from '../../lib/unit-of-work.guard.ts';
import { kindOfStatus, WooRestError } from './rest.errors.ts';

// The HTTP layer under rest.client.ts: basic auth, lossless JSON, bounded retries with
// exponential backoff and jitter, WooCommerce error bodies turned into WooRestError.

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type WooClientOptions = {
  /** The site root, e.g. https://shop.example.pk (HTTPS in production, validated elsewhere). */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** Which addresses the store may resolve to; default: public ones only (no loopback, private, link-local...). */
  outbound?: OutboundPolicy;
  /** Tests and benchmarks only: replaces the guarded transport (and so the address check). */
  fetch?: FetchLike;
  /** Retries after the first attempt on network errors, 429 and 5xx. Default 3. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Per attempt. Default 20 s: shared hosts answer slowly under load. */
  timeoutMs?: number;
  /** Jitter source in [0, 1); injectable so tests can pin delays. */
  random?: () => number;
};

export type Query = Record<string, string | number | boolean | undefined>;
export type WooResponse = { status: number; headers: Headers; body: unknown };
type RequestOptions = { query?: Query; body?: unknown; plainPermalinks?: boolean };
export type Transport = { request(method: string, route: string, options?: RequestOptions): Promise<WooResponse> };

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The site root as a URL ending in `/`, with any credentials, query or fragment dropped. */
function siteRoot(url: string): URL {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function createTransport(opts: WooClientOptions): Transport {
  const root = siteRoot(opts.url);
  const token = Buffer.from(`${opts.consumerKey}:${opts.consumerSecret}`).toString('base64');
  const doFetch: FetchLike = opts.fetch ?? createGuardedFetch(opts.outbound ?? createOutboundPolicy());
  const maxRetries = Math.max(0, opts.maxRetries ?? 3);
  const sleep = opts.sleep ?? defaultSleep;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const random = opts.random ?? Math.random;
  // Whatever a store or a proxy echoes back, the secret never reaches an error message.
  const scrub = (text: string) =>
    [opts.consumerSecret, token]
      .filter((s) => s.length >= 4)
      .reduce((t, s) => t.split(s).join('[redacted]'), text)
      .slice(0, 300);

  function urlFor(route: string, query: Query = {}, plain = false): string {
    // Without pretty permalinks WordPress serves the REST API only as `/?rest_route=/wc/v3/...`.
    const u = plain ? new URL(root) : new URL(`wp-json/${route}`, root);
    if (plain) u.searchParams.set('rest_route', `/${route}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  function backoff(attempt: number, retryAfter: string | null): number {
    const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
    const jittered = cap / 2 + random() * (cap / 2);
    const hinted = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    return Math.min(MAX_DELAY_MS, Math.max(jittered, hinted));
  }

  async function attempt(method: string, url: string, body: unknown): Promise<Response | { network: string } | { refused: true }> {
    try {
      return await doFetch(url, {
        method,
        headers: {
          authorization: `Basic ${token}`,
          accept: 'application/json',
          'user-agent': 'Rapport (+https://github.com/rapport-crm)',
          ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // A redirect would turn a POST into a GET and may drop the auth header: report it instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      if (e instanceof PrivateAddressError) return { refused: true };
      const err = e as { name?: string; cause?: { code?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') return { network: 'timeout' };
      return { network: err.cause?.code ?? err.name ?? 'fetch failed' };
    }
  }

  async function request(method: string, route: string, options: RequestOptions = {}): Promise<WooResponse> {
    assertOutsideUnitOfWork('A WooCommerce REST call');
    const url = urlFor(route, options.query, options.plainPermalinks);
    const where = `WooCommerce ${method} /${route}`;
    for (let n = 1; ; n++) {
      const res = await attempt(method, url, options.body);
      if ('refused' in res) {
        // Not retried, and nothing about what (if anything) listens there.
        throw new WooRestError({
          kind: 'refused',
          code: 'private_address',
          status: null,
          attempts: n,
          message: `${where}: refused, the store's address is private or internal`,
        });
      }
      if (!('status' in res)) {
        if (n <= maxRetries) {
          await sleep(backoff(n, null));
          continue;
        }
        const code = res.network === 'timeout' ? 'timeout' : 'network_error';
        throw new WooRestError({
          kind: 'network',
          code,
          status: null,
          attempts: n,
          message: scrub(`${where}: ${code} (${res.network}) after ${n} attempt(s)`),
          detail: `no answer (${scrub(res.network)})`,
        });
      }
      const text = await res.text().catch(() => '');
      let body: unknown;
      let json = false;
      if (text.trim()) {
        try {
          body = parseJsonLossless(text);
          json = true;
        } catch {
          body = undefined;
        }
      }
      if (res.status >= 200 && res.status < 300 && json) return { status: res.status, headers: res.headers, body };
      if ((res.status === 429 || res.status >= 500) && n <= maxRetries) {
        await sleep(backoff(n, res.headers.get('retry-after')));
        continue;
      }
      // WordPress and WooCommerce errors: { code, message, data: { status } }.
      const woo = isRecord(body) && typeof body.code === 'string' ? { code: body.code, message: body.message } : null;
      const wooBody = woo !== null;
      const code = woo
        ? woo.code
        : res.status >= 300 && res.status < 400
          ? 'redirect'
          : res.status < 300
            ? 'invalid_response'
            : `http_${res.status}`;
      const detail =
        typeof woo?.message === 'string'
          ? woo.message
          : code === 'redirect'
            ? `redirects to ${res.headers.get('location') ?? '?'}`
            : 'response is not WooCommerce JSON';
      throw new WooRestError({
        kind: res.status < 300 ? 'unexpected' : kindOfStatus(res.status, wooBody),
        code,
        status: res.status,
        attempts: n,
        message: scrub(`${where}: ${res.status} ${code}: ${detail}`),
        detail: scrub(detail),
      });
    }
  }

  return { request };
}
