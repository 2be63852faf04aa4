import { createServer, type Server } from 'node:http';
import { loadConfig } from '../src/config/config.ts';
import { createApp } from '../src/http/app.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createPgPool } from '../src/db/pg/client.ts';
import { createRuntime } from '../src/runtime.ts';
import { json, listen, pcts, timeRequests, type Pcts } from './admin.bench.ts';
import { pgReachable, withFreshPgDatabase } from './pg.ts';

// The customers API on PostgreSQL: list pages (first, deep cursor, by spend, filtered) and search
// at `listCustomers` customers, then search again after growing the account to `searchCustomers`
// (the trigram index of migrations/pg/0002). Beside it, in the same run: a raw `pg` primary-key
// lookup and an authenticated trivial route (HTTP + auth floor). A database of its own.

export type AdminPgOptions = { listCustomers: number; searchCustomers: number; requests: number };
export type AdminPgResult = {
  listCustomers: number;
  searchCustomers: number;
  seedSeconds: { list: number; search: number };
  list: {
    baselineConnections: Pcts;
    baselinePkLookup: Pcts;
    listFirstPage: Pcts;
    listDeepCursor: Pcts;
    listBySpend: Pcts;
    listFiltered: Pcts;
    search: Pcts;
  };
  atSearchScale: { baselinePkLookup: Pcts; listFirstPage: Pcts; searchRare: Pcts; searchCommon: Pcts };
};

const round = (n: number) => Math.round(n * 100) / 100;
const FIRST = ['Ayesha', 'Bilal', 'Fatima', 'Hamza', 'عائشہ', 'ਹਰਪ੍ਰੀਤ', 'Zainab', 'Usman', 'Sana', 'Imran'];
const LAST = ['Khan', 'Malik', 'Qureshi', 'Butt', 'Chaudhry', 'Sheikh', 'Raza', 'Javed'];

/** Customers `from`..`to` (exclusive) of the account, 10,000 rows per statement (unnest arrays). */
async function seed(url: string, accountId: string, from: number, to: number): Promise<void> {
  const pool = createPgPool({ url, max: 1, applicationName: 'rapport bench seed' });
  const start = Date.parse('2024-01-01T00:00:00Z');
  let seedValue = 42 + from;
  const rnd = () => (seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  try {
    for (let lo = from; lo < to; lo += 10_000) {
      const cols: Array<Array<string | number | null>> = Array.from({ length: 12 }, () => []);
      for (let i = lo; i < Math.min(to, lo + 10_000); i++) {
        const f = FIRST[i % FIRST.length]!;
        const l = LAST[(i * 7) % LAST.length]!;
        const email = `shopper${i}@example.com`;
        const phone = `+92300${String(i).padStart(7, '0')}`;
        const orders = Math.floor(rnd() * 12);
        const created = new Date(start + Math.floor(rnd() * 600) * 86_400_000).toISOString();
        const lastOrder = orders ? new Date(Date.parse(created) + Math.floor(rnd() * 90) * 86_400_000).toISOString() : null;
        const values = [
          `cus_${i.toString(16).padStart(24, '0')}`,
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
        ];
        values.forEach((v, c) => cols[c]!.push(v));
      }
      await pool.query(
        `INSERT INTO customers (id, account_id, email, email_key, phone, first_name, last_name, search_text, orders_count,
          amount_spent_minor, currency, first_order_at, last_order_at, created_at, updated_at)
        SELECT id, $1, email, email, phone, first_name, last_name, search_text, orders_count, spent, 'PKR', first_at, last_at, created, created
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::bigint[],
          $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[])
          AS t(id, email, phone, first_name, last_name, search_text, orders_count, spent, first_at, last_at, created, updated)`,
        [accountId, ...cols],
      );
    }
    await pool.query('ANALYZE customers');
  } finally {
    await pool.end();
  }
}

async function pkLookups(url: string, n: number): Promise<Pcts> {
  const pool = createPgPool({ url, max: 1, applicationName: 'rapport bench pk' });
  try {
    const ids = (await pool.query<{ id: string }>('SELECT id FROM customers ORDER BY random() LIMIT $1', [n])).rows.map((r) => r.id);
    const times: number[] = [];
    for (const id of ids) {
      const s = performance.now();
      await pool.query({ name: 'pk', text: 'SELECT * FROM customers WHERE id = $1', values: [id] });
      times.push(performance.now() - s);
    }
    return pcts(times.slice(20));
  } finally {
    await pool.end();
  }
}

export async function benchAdminPg(o: AdminPgOptions, log: (line: string) => void = () => undefined): Promise<AdminPgResult | undefined> {
  if (!(await pgReachable('admin-pg', log))) return undefined;
  return withFreshPgDatabase((url) => run(url, o, log));
}

async function run(url: string, o: AdminPgOptions, log: (line: string) => void): Promise<AdminPgResult> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, ENCRYPTION_KEY: 'b'.repeat(64) });
  const logger = createLogger('silent');
  const rt = await createRuntime(config, logger);
  let server: Server | undefined;
  try {
    const accountId = await rt.tenancy.createAccount('Bench Bazaar', 'PKR');
    await rt.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: 'bench.myshopify.com', currency: 'PKR', country: 'PK' });
    await rt.tenancy.createAdminUser(accountId, 'bench@rapport.local', 'bench-password-1');
    log(`admin-pg: seeding ${o.listCustomers.toLocaleString('en')} customers`);
    let t0 = performance.now();
    await seed(url, accountId, 0, o.listCustomers);
    const listSeed = round((performance.now() - t0) / 1000);

    const { handler } = createApp({ ...rt.ports, config, logger, inbox: rt.inbox, store: rt.store, discountIssuers: rt.discountIssuers });
    const app = await listen(createServer(handler));
    server = app.server;
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@rapport.local', password: 'bench-password-1' }),
    });
    const token = ((await login.json()) as { token: string }).token;
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
    const time = (paths: string[], n = o.requests) => timeRequests(app.url, token, paths, n);
    log(`admin-pg: customers API latency at ${o.listCustomers.toLocaleString('en')} customers`);
    const list = {
      baselineConnections: await time(['/api/connections']),
      baselinePkLookup: await pkLookups(url, o.requests),
      listFirstPage: await time(['/api/customers?first=25&sort=-lastOrderAt']),
      listDeepCursor: await time(cursors.map((c) => `/api/customers?first=25&sort=-lastOrderAt&after=${c}`)),
      listBySpend: await time(['/api/customers?first=25&sort=-amountSpent']),
      listFiltered: await time(['/api/customers?first=25&sort=-lastOrderAt&minOrders=5&minSpent=10000']),
      search: await time(
        ['/api/customers?first=25&query=shopper4242', '/api/customers?first=25&query=malik', '/api/customers?first=25&query=%2B923001234'],
        Math.min(o.requests, 150),
      ),
    };

    log(`admin-pg: growing the account to ${o.searchCustomers.toLocaleString('en')} customers`);
    t0 = performance.now();
    await seed(url, accountId, o.listCustomers, o.searchCustomers);
    const searchSeed = round((performance.now() - t0) / 1000);
    log(`admin-pg: search at ${o.searchCustomers.toLocaleString('en')} customers`);
    const atSearchScale = {
      baselinePkLookup: await pkLookups(url, o.requests),
      listFirstPage: await time(['/api/customers?first=25&sort=-lastOrderAt']),
      // Rare: one customer's email or phone; common: a surname a tenth of the account carries.
      searchRare: await time(
        [
          '/api/customers?first=25&query=shopper987654',
          '/api/customers?first=25&query=%2B923000424242',
          '/api/customers?first=25&query=shopper123',
        ],
        Math.min(o.requests, 150),
      ),
      searchCommon: await time(['/api/customers?first=25&query=malik', '/api/customers?first=25&query=qureshi'], Math.min(o.requests, 150)),
    };
    return {
      listCustomers: o.listCustomers,
      searchCustomers: o.searchCustomers,
      seedSeconds: { list: listSeed, search: searchSeed },
      list,
      atSearchScale,
    };
  } finally {
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await rt.close();
  }
}

/** Lines for the bench table. */
export function adminPgReport(r: AdminPgResult, table: (rows: Array<Array<string | number>>, leftColumns?: number) => string): string[] {
  const row = (label: string, p: Pcts) => [label, p.p50, p.p95, p.p99, p.max];
  const head = ['', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  return [
    '',
    `Admin panel on PostgreSQL: ${r.listCustomers.toLocaleString('en')} customers (seeded in ${r.seedSeconds.list} s); sequential requests on one keep-alive socket`,
    table([
      head,
      row('raw pg primary-key lookup (baseline)', r.list.baselinePkLookup),
      row('GET /api/connections (HTTP + auth floor)', r.list.baselineConnections),
      row('GET /api/customers first page, -lastOrderAt', r.list.listFirstPage),
      row('  … deep cursor pages', r.list.listDeepCursor),
      row('  … sorted by -amountSpent', r.list.listBySpend),
      row('  … filtered (orders, spend)', r.list.listFiltered),
      row('  … substring search', r.list.search),
    ]),
    '',
    `… the same account grown to ${r.searchCustomers.toLocaleString('en')} customers (+${r.seedSeconds.search} s)`,
    table([
      head,
      row('raw pg primary-key lookup (baseline)', r.atSearchScale.baselinePkLookup),
      row('GET /api/customers first page, -lastOrderAt', r.atSearchScale.listFirstPage),
      row('  … search, rare term (an email, a phone)', r.atSearchScale.searchRare),
      row('  … search, common term (a surname of 1 in 8)', r.atSearchScale.searchCommon),
    ]),
  ];
}
