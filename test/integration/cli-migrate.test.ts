import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/client.ts';
import { readJournal } from '../../src/db/migration-journal.ts';
import { PG_MIGRATIONS_FOLDER } from '../../src/db/pg/client.ts';
import { createEmptyDatabase, pgAvailable, pgUrl, type TestDatabase } from '../helpers/pg.ts';
import { TEST_ENCRYPTION_KEY } from '../helpers/server.ts';

// `npx rapport migrate` as a child process, on SQLite and on PostgreSQL: it applies the dialect's
// migrations, says which, and a second run has nothing to do. Bad URLs are one clear line.

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'rapport-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rapport(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/rapport.js', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const tags = (folder: string) => readJournal(folder).map((e) => e.tag);

describe('rapport migrate', () => {
  it('creates a SQLite database with every migration, listing them, then finds it up to date', async () => {
    const file = join(dir, 'fresh.sqlite');
    const first = await rapport(`file:${file}`, 'migrate');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`Applied ${tags(MIGRATIONS_FOLDER).length} migrations to SQLite database ${file}:`);
    expect(
      first.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
    ).toEqual(tags(MIGRATIONS_FOLDER));
    const again = await rapport(`file:${file}`, 'migrate');
    expect(again).toMatchObject({ code: 0, stdout: `SQLite database ${file} is up to date.\n` });
  });

  it.each([
    ['an unsupported scheme', 'mysql://db.example/rapport', /DATABASE_URL: mysql:\/\/ is not supported/],
    ['a PostgreSQL URL without a database', 'postgres://rapport@db.example', /DATABASE_URL: postgres:\/\/ URL names no database/],
    ['a malformed PostgreSQL URL', 'postgresql://rapport:pw@:99999/x', /DATABASE_URL: not a valid postgresql:\/\/ URL/],
  ])('rejects %s with one clear line', async (_t, url, message) => {
    const r = await rapport(url, 'migrate');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says why the app cannot start on a PostgreSQL server it cannot reach, without echoing the password', async () => {
    const r = await rapport('postgres://rapport:s3cret-pw@127.0.0.1:5432/rapport', 'connections');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PostgreSQL at 127\.0\.0\.1:5432\/rapport: authentication failed/);
    expect(r.stderr).not.toContain('s3cret-pw');
    // The server itself (npm start) stops at start-up with the same reason.
    const server = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: 'postgres://rapport:s3cret-pw@127.0.0.1:5432/rapport',
        PORT: '0',
        ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        LOG_LEVEL: 'silent',
      },
      timeout: 20_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(server.code).toBe(1);
    expect(server.stderr).toMatch(/PostgreSQL at 127\.0\.0\.1:5432\/rapport: authentication failed/);
    expect(server.stderr).not.toContain('s3cret-pw');
  });
});

describe.skipIf(!pgAvailable)('rapport migrate on PostgreSQL', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('applies the PostgreSQL migrations to an empty database, listing them, then finds it up to date', async () => {
    const db = await createEmptyDatabase();
    dbs.push(db);
    const first = await rapport(db.url, 'migrate');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const where = `127.0.0.1:5432/${db.name}`;
    expect(first.stdout).toContain(`Applied ${tags(PG_MIGRATIONS_FOLDER).length} migrations to PostgreSQL database ${where}:`);
    expect(
      first.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
    ).toEqual(tags(PG_MIGRATIONS_FOLDER));
    expect(await rapport(db.url, 'migrate')).toMatchObject({ code: 0, stdout: `PostgreSQL database ${where} is up to date.\n` });
  });

  it('names a missing database or an unreachable server in one line, never the password', async () => {
    const missing = await rapport(pgUrl('rapport_t_no_such_database').replace('postgres@', 'postgres:hunter22@'), 'migrate');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/rapport_t_no_such_database: the database does not exist/);
    const refused = await rapport('postgres://postgres:hunter22@127.0.0.1:1/rapport', 'migrate');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/127\.0\.0\.1:1\/rapport: connection refused/);
    for (const r of [missing, refused]) {
      expect(r.stderr).not.toContain('hunter22');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
