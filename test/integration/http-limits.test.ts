import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #12: slow clients and unauthenticated bodies must not hold connections or memory.

let server: TestServer;
let port: number;

beforeAll(async () => {
  server = await startTestServer({
    REQUEST_TIMEOUT_MS: '2000',
    HEADERS_TIMEOUT_MS: '1000',
    WEBHOOK_MAX_INFLIGHT: '3',
    WEBHOOK_BUFFER_BUDGET_MB: '12',
  });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** A raw connection: what was received, and when the server closed it. */
function rawClient() {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => {
    received += d.toString('latin1');
  });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
  return { socket, closed, received: () => received };
}

function head(path: string, contentLength: number, extra = ''): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n${extra}\r\n`;
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

describe('request timeouts', () => {
  it.each(['/webhooks/shopify', '/api/auth/login'])(
    'a body sent one byte a second to %s is cut off at the request timeout',
    async (path) => {
      const c = rawClient();
      const t0 = performance.now();
      c.socket.write(head(path, 100));
      const drip = setInterval(() => {
        if (!c.socket.destroyed) c.socket.write('{');
      }, 1000);
      const closedAt = await within(c.closed, 8_000);
      clearInterval(drip);
      c.socket.destroy();
      expect(closedAt, 'the server kept the connection open').not.toBe('timeout');
      expect((closedAt as number) - t0).toBeLessThan(5_000); // 2 s timeout, checked every second
      expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
    },
    15_000,
  );

  it('headers sent slowly are cut off at the headers timeout', async () => {
    const c = rawClient();
    c.socket.write('POST /webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => {
      if (!c.socket.destroyed) c.socket.write('X-A: b\r\n');
    }, 300);
    const closedAt = await within(c.closed, 6_000);
    clearInterval(drip);
    c.socket.destroy();
    expect(closedAt).not.toBe('timeout');
  }, 10_000);
});

describe('webhook body caps', () => {
  it('a declared body over 5 MB is refused with 413 before it is sent', async () => {
    const c = rawClient();
    c.socket.write(head('/webhooks/shopify', 6 * 1024 * 1024));
    await within(c.closed, 3_000);
    c.socket.destroy();
    expect(c.received()).toMatch(/^HTTP\/1\.1 413/);
  });

  it('more bodies in flight than allowed: 503 with Retry-After, and intake recovers when they end', async () => {
    // Three slow deliveries hold every slot (each declares 1 MB and sends a little).
    const holders = [rawClient(), rawClient(), rawClient()];
    for (const h of holders) h.socket.write(head('/webhooks/shopify', 1024 * 1024) + '{"a":');
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${server.url}/webhooks/shopify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.text()).toMatch(/too many deliveries/i);
    for (const h of holders) h.socket.destroy();
    await Promise.all(holders.map((h) => h.closed));
    await new Promise((r) => setTimeout(r, 50));
    // Slots are free again: an unsigned delivery now reaches verification (401), not the cap.
    const after = await fetch(`${server.url}/webhooks/shopify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(after.status).toBe(401);
  });

  it('bodies over the memory budget together: 503 for the one that does not fit', async () => {
    const big = rawClient();
    big.socket.write(head('/webhooks/shopify', 5 * 1024 * 1024) + '{');
    await new Promise((r) => setTimeout(r, 200));
    // 5 MB reserved of 12; another 5 MB fits, a further 5 MB does not.
    const second = rawClient();
    second.socket.write(head('/webhooks/shopify', 5 * 1024 * 1024) + '{');
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${server.url}/webhooks/shopify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(4 * 1024 * 1024) },
      body: Buffer.alloc(4 * 1024 * 1024, 32),
    }).catch((err: unknown) => err);
    big.socket.destroy();
    second.socket.destroy();
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(503);
    expect(await (res as Response).text()).toMatch(/too much delivery data/i);
  });
});

describe('admin JSON bodies', () => {
  it('an unauthenticated route takes at most 16 KB of JSON', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(20_000) }),
    });
    expect(res.status).toBe(413);
  });
});
