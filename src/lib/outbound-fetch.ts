import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { PrivateAddressError, type OutboundPolicy } from './outbound-address.ts';
import { assertOutsideUnitOfWork } from './unit-of-work.guard.ts';

// A `fetch` for URLs a merchant typed (WooCommerce stores), over node:http(s) so that the socket
// connects to exactly the addresses that were checked: the DNS lookup is ours, every resolved
// address must pass the policy, and the connection uses that answer (no second resolution for a
// rebinding DNS server to change). IP literals are checked before connecting (no lookup happens
// for them). Redirects are never followed (the caller sees the 3xx). Bodies are capped, since the
// other end is untrusted.

const MAX_BODY_BYTES = 64 * 1024 * 1024;

type GuardedFetch = (input: string, init: RequestInit) => Promise<Response>;

/** A lookup for net/http that refuses the whole host if any address it resolves to is refused. */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      if (!addresses.length || addresses.some((a) => !policy.allows(a.address))) return callback(new PrivateAddressError(), '', 0);
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Network failures look like the global fetch's: TypeError('fetch failed') with the cause. */
const fetchFailed = (cause: unknown) =>
  cause instanceof PrivateAddressError ? cause : Object.assign(new TypeError('fetch failed'), { cause });

// One set of keep-alive agents per policy: a pooled socket stays connected to the address that
// was checked when it opened, so reusing it is as safe as the first request, and cheaper (TLS).
const fetches = new WeakMap<OutboundPolicy, GuardedFetch>();

export function createGuardedFetch(policy: OutboundPolicy): GuardedFetch {
  let f = fetches.get(policy);
  if (!f) fetches.set(policy, (f = buildFetch(policy)));
  return f;
}

function buildFetch(policy: OutboundPolicy): GuardedFetch {
  const lookup = guardedLookup(policy);
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, lookup, timeout: 30_000 }),
    'https:': new HttpsAgent({ keepAlive: true, lookup, timeout: 30_000 }),
  };
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      assertOutsideUnitOfWork('An outbound request');
      const url = new URL(input);
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return reject(fetchFailed(new Error(`unsupported protocol ${url.protocol}`)));
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host) && !policy.allows(host)) return reject(new PrivateAddressError());
      const headers = new Headers(init.headers);
      const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body == null ? undefined : null;
      if (body === null) return reject(new TypeError('only string bodies are supported'));
      if (body) headers.set('content-length', String(body.length));
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, {
        method: init.method ?? 'GET',
        headers: Object.fromEntries(headers),
        lookup,
        signal: init.signal ?? undefined,
        agent: agents[url.protocol],
      });
      // An abort (the caller's timeout) rejects with the signal's reason, as fetch does.
      const failed = (err: Error) => reject(init.signal?.aborted ? init.signal.reason : fetchFailed(err));
      req.on('error', failed);
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) res.destroy(new Error('response body too large'));
          else chunks.push(chunk);
        });
        res.on('error', failed);
        res.on('close', () => {
          if (!res.complete) failed(new Error('connection closed before the response ended'));
        });
        res.on('end', () => {
          const out = new Headers();
          for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) out.append(name, v);
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 599) return reject(fetchFailed(new Error(`unexpected HTTP status ${status}`)));
          const nullBody = status === 204 || status === 205 || status === 304;
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: out }));
        });
      });
      req.end(body);
    });
}
