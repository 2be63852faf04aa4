import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase, runMigrations } from '../../src/db/client.ts';
import { readJournal } from '../../src/db/migration-journal.ts';

// SQLite migrations moved from migrations/ to migrations/sqlite/. Drizzle records an applied
// migration by its hash and journal timestamp (`__drizzle_migrations`), never by folder, so a
// database migrated by an earlier release, from the old flat layout, carries on: whatever it
// already has is not applied again, and what it lacks is applied.

const dir = mkdtempSync(join(tmpdir(), 'rapport-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The layout releases before the move shipped: migrations/*.sql and migrations/meta/, holding the first `count` migrations. */
function oldLayout(count: number): string {
  const folder = join(dir, `release-${count}`, 'migrations');
  mkdirSync(folder, { recursive: true });
  const entries = readJournal(MIGRATIONS_FOLDER).slice(0, count);
  for (const e of entries) cpSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  cpSync(join(MIGRATIONS_FOLDER, 'meta'), join(folder, 'meta'), { recursive: true });
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries }));
  return folder;
}

type Row = { id: number; hash: string; created_at: number };

function migratedByOldRelease(count: number): string {
  const file = join(dir, `db-${count}.sqlite`);
  const db = openDatabase(file);
  migrate(db, { migrationsFolder: oldLayout(count) });
  db.$client.close();
  return file;
}

const journal = readJournal(MIGRATIONS_FOLDER);
const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => ({ hash: m.hash, created_at: m.folderMillis }));

describe('SQLite migrations after the move to migrations/sqlite', () => {
  it('finds nothing to do in a database fully migrated from the old layout', () => {
    const file = migratedByOldRelease(journal.length);
    const db = openDatabase(file);
    try {
      const before = db.$client.prepare('SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY id').all() as Row[];
      expect(before.map(({ hash, created_at }) => ({ hash, created_at }))).toEqual(expected);
      runMigrations(db);
      expect(db.$client.prepare('SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY id').all()).toEqual(before);
    } finally {
      db.$client.close();
    }
  });

  it('applies only what a database from an older release (old layout) lacks', () => {
    // A release from before the onboarding checklist (migration 0015): every later one must apply.
    const older = journal.findIndex((e) => e.tag.startsWith('0015_'));
    expect(older).toBeGreaterThan(0);
    const file = migratedByOldRelease(older);
    const db = openDatabase(file);
    try {
      const tablesBefore = (db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
        (t) => t.name,
      );
      expect(tablesBefore).not.toContain('onboarding_marks'); // added by 0015
      runMigrations(db);
      const rows = db.$client.prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id').all();
      expect(rows).toEqual(expected);
      const tables = (db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
        (t) => t.name,
      );
      expect(tables).toEqual(expect.arrayContaining(['onboarding_marks', 'storefront_first_seen', 'webhook_inbox_counts', 'rate_limits']));
    } finally {
      db.$client.close();
    }
  });

  it('keeps no migration at the old place', () => {
    const root = join(MIGRATIONS_FOLDER, '..');
    expect(readdirSync(root).filter((f) => f.endsWith('.sql') || f === 'meta')).toEqual([]);
  });
});
