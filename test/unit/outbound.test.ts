import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundPolicy, embeddedIpv4, isAddressOrRange, PrivateAddressError } from '../../src/lib/outbound-address.ts';
import { createGuardedFetch } from '../../src/lib/outbound-fetch.ts';

// Which addresses a store URL may reach, and the fetch that checks the addresses it connects to.

describe('outbound address policy', () => {
  const policy = createOutboundPolicy();
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '100.127.255.255',
    '169.254.169.254',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '::127.0.0.1',
  ])('refuses %s', (address) => expect(policy.allows(address)).toBe(false));

  it.each(['8.8.8.8', '93.184.216.34', '100.128.0.1', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(policy.allows(address)).toBe(true);
  });

  it('reads IPv4 out of mapped and NAT64 IPv6', () => {
    expect(embeddedIpv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIpv4('64:ff9b::a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedIpv4('2606:4700::1111')).toBeNull();
  });

  it('lets the operator allow addresses and ranges, and nothing more', () => {
    const p = createOutboundPolicy(['127.0.0.1', '10.0.0.0/8']);
    expect([
      p.allows('127.0.0.1'),
      p.allows('::ffff:127.0.0.1'),
      p.allows('10.200.0.1'),
      p.allows('127.0.0.2'),
      p.allows('169.254.169.254'),
    ]).toEqual([true, true, true, false, false]);
    expect(['127.0.0.1', '10.0.0.0/8', 'fd00::/8'].every(isAddressOrRange)).toBe(true);
    expect(['localhost', '10.0.0.0/33', '10.0.0.0/8/1', ''].some(isAddressOrRange)).toBe(false);
  });

  it('resolves names: localhost is loopback', async () => {
    expect(await policy.allowsHost('localhost')).toBe(false);
    expect(await createOutboundPolicy(['127.0.0.1', '::1']).allowsHost('localhost')).toBe(true);
  });
});

describe('guarded fetch', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, path: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses loopback by literal and by name before any connection', async () => {
    const f = createGuardedFetch(createOutboundPolicy());
    await expect(f(`http://127.0.0.1:${port}/`, {})).rejects.toBeInstanceOf(PrivateAddressError);
    await expect(f(`http://localhost:${port}/`, {})).rejects.toBeInstanceOf(PrivateAddressError);
  });

  it('connects where allowed (through its own lookup for names), and never follows a redirect', async () => {
    const f = createGuardedFetch(createOutboundPolicy(['127.0.0.1', '::1']));
    const byName = await f(`http://localhost:${port}/x?y=1`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(await byName.json()).toEqual({ method: 'POST', path: '/x?y=1' });
    const redirect = await f(`http://127.0.0.1:${port}/redirect`, {});
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toContain('169.254.169.254');
  });
});
