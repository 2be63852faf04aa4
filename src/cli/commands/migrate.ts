import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { loadConfig, parseDatabaseUrl } from '../../config/config.ts';
import { MIGRATIONS_FOLDER } from '../../db/client.ts';
import { pendingMigrations } from '../../db/migration-journal.ts';
import { createPgPool, describePg, pgProblem, runPgMigrations } from '../../db/pg/client.ts';
import { CliError, print, withRuntime } from '../context.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create the database or bring it up to date (SQLite or PostgreSQL, from DATABASE_URL)')
    .action(async () => {
      const config = loadConfig(process.env);
      const target = parseDatabaseUrl(config.DATABASE_URL);
      if (target.dialect === 'postgres') {
        const applied = await migratePostgres(target.url, config.DATABASE_POOL_MAX);
        report(applied, 'PostgreSQL database', describePg(target.url));
      } else if (target.dialect === 'sqlite') {
        // Start-up migrates SQLite (and runs its one-time back-fills): what it will apply is read first.
        const pending = pendingMigrations(MIGRATIONS_FOLDER, lastAppliedSqlite(target.path));
        await withRuntime(() => undefined);
        report(pending, 'SQLite database', target.path);
      }
    });
}

function report(applied: string[], what: string, where: string): void {
  if (applied.length === 0) {
    print(`${what} ${where} is up to date.`);
    return;
  }
  print(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to ${what} ${where}:`);
  for (const tag of applied) print(`  ${tag}`);
}

async function migratePostgres(url: string, poolMax: number): Promise<string[]> {
  const pool = createPgPool({ url, max: Math.min(poolMax, 2), applicationName: 'rapport migrate', statementTimeoutMs: 0 });
  try {
    return await runPgMigrations(pool);
  } catch (err) {
    throw new CliError(`PostgreSQL at ${describePg(url)}: ${pgProblem(err)}`);
  } finally {
    await pool.end();
  }
}

function lastAppliedSqlite(path: string): number | null {
  if (path === ':memory:' || !existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`).get();
    if (!table) return null;
    const row = db.prepare('SELECT max(created_at) AS last FROM __drizzle_migrations').get() as { last: number | null };
    return row.last;
  } catch (err) {
    throw new CliError(`SQLite database ${path} cannot be read: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}
