import { randomBytes } from 'node:crypto';
import pg from 'pg';

// The PostgreSQL parts' server: BENCH_PG_URL (default the local test server). Each part works in
// a database of its own, created here and dropped after, so parts never see each other's rows.

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function withPgAdmin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Whether a server answers; a part without one is skipped (logged), not failed. */
export async function pgReachable(part: string, log: (line: string) => void): Promise<boolean> {
  const ok = await withPgAdmin(async () => true).catch(() => false);
  if (!ok) log(`${part}: no PostgreSQL at ${new URL(PG_ADMIN_URL).host}; skipped`);
  return ok;
}

/** Runs `work` with the URL of a fresh, empty database, dropped afterwards whatever happens. */
export async function withFreshPgDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `rapport_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withPgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}
