import { lookup } from 'node:dns/promises';
import { BlockList, isIP, isIPv4 } from 'node:net';

// Which addresses Rapport may connect to when a merchant gives it a URL (WooCommerce stores):
// never loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254),
// unique-local or multicast ones, in any spelling (IPv4-mapped and NAT64 IPv6 included), unless
// the operator allows them (OUTBOUND_ALLOW_PRIVATE). Checked on the resolved addresses, at
// connect time (outbound-fetch.ts), so a DNS answer cannot change between check and use.

export class PrivateAddressError extends Error {
  readonly code = 'private_address';
  constructor() {
    // Says nothing about which address or what answered: the caller may be probing the network.
    super('Refused: the address is private or internal');
    this.name = 'PrivateAddressError';
  }
}

const FORBIDDEN_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;
const FORBIDDEN_V6 = [
  ['::', 128],
  ['::1', 128],
  ['::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const;

const forbidden = new BlockList();
for (const [net, prefix] of FORBIDDEN_V4) forbidden.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of FORBIDDEN_V6) forbidden.addSubnet(net, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address, or null when it is not one. */
function ipv6Bytes(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  // The URL parser rewrites an embedded dotted quad (::ffff:127.0.0.1) as hex words (::ffff:7f00:1).
  const text = new URL(`http://[${address.split('%')[0]}]/`).hostname.slice(1, -1);
  const [head, rest] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const words = (part: string) => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
  const h = words(head);
  const r = rest === null ? [] : words(rest);
  const all = [...h, ...new Array<number>(8 - h.length - r.length).fill(0), ...r];
  return all.length === 8 ? all.flatMap((w) => [w >> 8, w & 0xff]) : null;
}

/** The IPv4 address an IPv6 one stands for (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96), else null. */
export function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  const nat64 = b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0);
  return mapped || nat64 ? b.slice(12).join('.') : null;
}

export type OutboundPolicy = {
  /** True when Rapport may connect to this IP address. */
  allows(address: string): boolean;
  /** Resolves a host name (or takes an IP literal) and checks every address; false if any is refused. */
  allowsHost(host: string): Promise<boolean>;
};

/** `allowPrivate`: addresses or CIDR ranges the operator allows anyway (e.g. `127.0.0.1`, `10.0.0.0/8`). */
export function createOutboundPolicy(allowPrivate: readonly string[] = []): OutboundPolicy {
  const allowed = new BlockList();
  for (const entry of allowPrivate) {
    const [net, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIPv4(net) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) allowed.addAddress(net, type);
    else allowed.addSubnet(net, Number(prefix), type);
  }
  const check = (address: string, type: 'ipv4' | 'ipv6') => allowed.check(address, type) || !forbidden.check(address, type);
  const allows = (raw: string): boolean => {
    const address = raw.replace(/^\[|\]$/g, '');
    const family = isIP(address);
    if (family === 4) return check(address, 'ipv4');
    if (family !== 6) return false;
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return allowed.check(address, 'ipv6') || check(v4, 'ipv4');
    return check(address, 'ipv6');
  };
  return {
    allows,
    async allowsHost(host) {
      const name = host.replace(/^\[|\]$/g, '');
      if (isIP(name)) return allows(name);
      try {
        const addresses = await lookup(name, { all: true, verbatim: true });
        return addresses.every((a) => allows(a.address));
      } catch {
        return true; // does not resolve: the connection itself will say "unreachable"
      }
    },
  };
}

/** Validates one OUTBOUND_ALLOW_PRIVATE entry: an IP address or a CIDR range. */
export function isAddressOrRange(entry: string): boolean {
  const [net, prefix, extra] = entry.split('/');
  if (extra !== undefined || !net) return false;
  const family = isIP(net);
  if (!family) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}
