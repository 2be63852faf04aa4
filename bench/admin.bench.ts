import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { ensureWebBuild } from '../scripts/ensure-web-build.ts';
import { loadConfig } from '../src/config/config.ts';
import { createApp } from '../src/http/app.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createRuntime } from '../src/runtime.ts';

// Admin panel at scale: (1) GET /api/customers latency with `customers` customers in a real
// SQLite file, beside an authenticated trivial route (GET /api/connections: HTTP + auth floor)
// and a raw primary-key lookup; (2) Largest Contentful Paint of the Customers page in headless
// Chromium, beside the LCP of a static HTML page served from the same machine.

export type AdminBenchOptions = { tmp: string; customers: number; requests: number; lcpRuns: number };
export type Pcts = { p50: number; p95: number; p99: number; max: number };
export type AdminResult = {
  customers: number;
  seedSeconds: number;
  api: {
    baselineConnections: Pcts;
    baselinePkLookup: Pcts;
    listFirstPage: Pcts;
    listBySpend: Pcts;
    listDeepCursor: Pcts;
    listFiltered: Pcts;
    search: Pcts;
  };
  lcp: { customersPage: Pcts; staticPage: Pcts; runs: number };
};

const CHROMIUM = '/usr/bin/chromium';
const round = (n: number) => Math.round(n * 100) / 100;

export function pcts(values: number[]): Pcts {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(s.at(-1) ?? NaN) };
}

/** 100,000 customers in one transaction of prepared inserts: seconds, not the minutes of the webhook path. */
function seed(db: Database.Database, accountId: string, n: number): void {
  const insert =
    db.prepare(`INSERT INTO customers (id, account_id, email, email_key, phone, first_name, last_name, search_text, orders_count,
    amount_spent_minor, currency, first_order_at, last_order_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PKR', ?, ?, ?, ?)`);
  const first = ['Ayesha', 'Bilal', 'Fatima', 'Hamza', 'عائشہ', 'ਹਰਪ੍ਰੀਤ', 'Zainab', 'Usman', 'Sana', 'Imran'];
  const last = ['Khan', 'Malik', 'Qureshi', 'Butt', 'Chaudhry', 'Sheikh', 'Raza', 'Javed'];
  const start = Date.parse('2024-01-01T00:00:00Z');
  let seedValue = 42;
  const rnd = () => (seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const f = first[i % first.length]!;
      const l = last[(i * 7) % last.length]!;
      const email = `shopper${i}@example.com`;
      const phone = `+92300${String(i).padStart(7, '0')}`;
      const orders = Math.floor(rnd() * 12);
      const created = new Date(start + Math.floor(rnd() * 600) * 86_400_000).toISOString();
      const lastOrder = orders ? new Date(Date.parse(created) + Math.floor(rnd() * 90) * 86_400_000).toISOString() : null;
      insert.run(
        `cus_${(start + i).toString(16).padStart(12, '0')}${i.toString(16).padStart(20, '0')}`,
        accountId,
        email,
        email,
        phone,
        f,
        l,
        `${f} ${l} ${email} ${phone}`.toLowerCase(),
        orders,
        orders * Math.floor(rnd() * 900_000),
        orders ? created : null,
        lastOrder,
        created,
        created,
      );
    }
  })();
  db.exec('ANALYZE');
}

export async function timeRequests(url: string, token: string, paths: string[], n: number): Promise<Pcts> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const req = request(`${url}${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${path}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  for (let i = 0; i < 20; i++) await once(paths[i % paths.length]!); // warm-up: JIT, page cache, prepared statements
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await once(paths[i % paths.length]!));
  agent.destroy();
  return pcts(times);
}

export async function json<T>(url: string, token?: string): Promise<T> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

export async function benchAdmin(o: AdminBenchOptions, log: (line: string) => void = () => undefined): Promise<AdminResult> {
  ensureWebBuild({ quiet: true });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `file:${join(o.tmp, 'admin-bench.sqlite')}`,
    ENCRYPTION_KEY: 'b'.repeat(64),
  });
  const logger = createLogger('silent');
  const rt = await createRuntime(config, logger);
  const servers: Server[] = [];
  try {
    const accountId = await rt.tenancy.createAccount('Bench Bazaar', 'PKR');
    await rt.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: 'bench.myshopify.com', currency: 'PKR', country: 'PK' });
    await rt.tenancy.createAdminUser(accountId, 'bench@rapport.local', 'bench-password-1');
    log(`admin: seeding ${o.customers.toLocaleString('en')} customers`);
    const t0 = performance.now();
    seed(rt.sqlite!.$client, accountId, o.customers);
    const seedSeconds = round((performance.now() - t0) / 1000);

    const { handler } = createApp({ ...rt.ports, config, logger, inbox: rt.inbox, store: rt.store, discountIssuers: rt.discountIssuers });
    const app = await listen(createServer(handler));
    servers.push(app.server);
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@rapport.local', password: 'bench-password-1' }),
    });
    const token = ((await login.json()) as { token: string }).token;

    log('admin: customers API latency');
    // Cursors spread through the list, so "deep" pages are really deep.
    const cursors: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 40; page++) {
      const r: { pageInfo: { endCursor: string | null } } = await json(
        `${app.url}/api/customers?first=250&sort=-lastOrderAt${after ? `&after=${after}` : ''}`,
        token,
      );
      after = r.pageInfo.endCursor;
      if (after && page % 4 === 3) cursors.push(after);
    }
    const ids = rt.sqlite!.$client.prepare('SELECT id FROM customers ORDER BY random() LIMIT 1000').pluck().all() as string[];
    const pk = rt.sqlite!.$client.prepare('SELECT * FROM customers WHERE id = ?');
    const pkTimes = ids.map((id) => {
      const s = performance.now();
      pk.get(id);
      return performance.now() - s;
    });
    const api = {
      baselineConnections: await timeRequests(app.url, token, ['/api/connections'], o.requests),
      baselinePkLookup: pcts(pkTimes),
      listFirstPage: await timeRequests(app.url, token, ['/api/customers?first=25&sort=-lastOrderAt'], o.requests),
      listBySpend: await timeRequests(app.url, token, ['/api/customers?first=25&sort=-amountSpent'], o.requests),
      listDeepCursor: await timeRequests(
        app.url,
        token,
        cursors.map((c) => `/api/customers?first=25&sort=-lastOrderAt&after=${c}`),
        o.requests,
      ),
      listFiltered: await timeRequests(
        app.url,
        token,
        ['/api/customers?first=25&sort=-lastOrderAt&minOrders=5&minSpent=10000'],
        o.requests,
      ),
      search: await timeRequests(
        app.url,
        token,
        ['/api/customers?first=25&query=shopper4242', '/api/customers?first=25&query=malik', '/api/customers?first=25&query=%2B923001234'],
        Math.min(o.requests, 150),
      ),
    };

    log('admin: Largest Contentful Paint in Chromium');
    const staticServer = await listen(
      createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static</title></head><body><h1>Customers</h1><p>A static page: the LCP floor of this browser on this machine.</p></body></html>',
        );
      }),
    );
    servers.push(staticServer.server);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const lcpOf = async (url: string, ready: string | null): Promise<number> => {
      // A fresh context per run: cold HTTP cache, like a first visit after a deploy.
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addCookies([{ name: 'rapport_session', value: token, url: app.url }]);
      const page = await ctx.newPage();
      await page.goto(url);
      if (ready) await page.locator(ready).nth(24).waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      const lcp = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => resolve(list.getEntries().at(-1)?.startTime ?? NaN)).observe({
              type: 'largest-contentful-paint',
              buffered: true,
            });
          }),
      );
      await ctx.close();
      return lcp;
    };
    const customersLcp: number[] = [];
    const staticLcp: number[] = [];
    await lcpOf(`${app.url}/customers`, '.Polaris-IndexTable__TableRow'); // warm-up (server-side caches, Chromium start)
    for (let i = 0; i < o.lcpRuns; i++) {
      staticLcp.push(await lcpOf(staticServer.url, null));
      customersLcp.push(await lcpOf(`${app.url}/customers`, '.Polaris-IndexTable__TableRow'));
    }
    await browser.close();
    return {
      customers: o.customers,
      seedSeconds,
      api,
      lcp: { customersPage: pcts(customersLcp), staticPage: pcts(staticLcp), runs: o.lcpRuns },
    };
  } finally {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await rt.close();
  }
}

export async function listen(server: Server): Promise<{ server: Server; url: string }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export const ADMIN_TARGET = { listP95Ms: 50, lcpMs: 1_500 };

/** Lines for the bench table and the two admin targets (list API p95, Customers page LCP). */
export function adminReport(r: AdminResult, table: (rows: Array<Array<string | number>>, leftColumns?: number) => string) {
  const row = (label: string, p: Pcts) => [label, p.p50, p.p95, p.p99, p.max];
  const lines = [
    '',
    `Admin panel: ${r.customers.toLocaleString('en')} customers (seeded in ${r.seedSeconds} s); sequential requests on one keep-alive socket`,
  ];
  lines.push(
    table([
      ['', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      row('raw primary-key lookup (baseline)', r.api.baselinePkLookup),
      row('GET /api/connections (HTTP + auth floor)', r.api.baselineConnections),
      row('GET /api/customers first page, -lastOrderAt', r.api.listFirstPage),
      row('  … deep cursor pages', r.api.listDeepCursor),
      row('  … sorted by -amountSpent', r.api.listBySpend),
      row('  … filtered (orders, spend)', r.api.listFiltered),
      row('  … substring search', r.api.search),
    ]),
  );
  lines.push('', `Customers page LCP, headless Chromium, cold cache, ${r.lcp.runs} runs`);
  lines.push(
    table([
      ['', 'p50 ms', 'p95 ms', 'max ms'],
      ['static HTML page (baseline)', r.lcp.staticPage.p50, r.lcp.staticPage.p95, r.lcp.staticPage.max],
      ['Customers page (25 rows)', r.lcp.customersPage.p50, r.lcp.customersPage.p95, r.lcp.customersPage.max],
    ]),
  );
  const worstList = Math.max(
    r.api.listFirstPage.p95,
    r.api.listDeepCursor.p95,
    r.api.listBySpend.p95,
    r.api.listFiltered.p95,
    r.api.search.p95,
  );
  const targets = [
    {
      name: `customers list API p95 < ${ADMIN_TARGET.listP95Ms} ms at ${r.customers.toLocaleString('en')} customers (worst of list, sort, cursor, filter, search)`,
      figure: `${worstList} ms`,
      pass: worstList < ADMIN_TARGET.listP95Ms,
    },
    {
      name: `Customers page LCP < ${ADMIN_TARGET.lcpMs} ms (p95 of ${r.lcp.runs})`,
      figure: `${r.lcp.customersPage.p95} ms`,
      pass: r.lcp.customersPage.p95 < ADMIN_TARGET.lcpMs,
    },
  ];
  return { lines, targets };
}
