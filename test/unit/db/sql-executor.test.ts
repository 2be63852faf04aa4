import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compileNamed, query, sqliteExecutor } from '../../../src/db/sql/executor.ts';

// The executor's compile step: `:name` parameters become each dialect's placeholders, once per
// name, and nothing inside quotes or a PostgreSQL cast is taken for a parameter.

describe('compileNamed', () => {
  const pg = (text: string) => compileNamed(text, (_, i) => `$${i + 1}`);

  it('numbers parameters in order of first use and reuses the number of a repeated one', () => {
    expect(pg('SELECT * FROM t WHERE a = :a AND (b = :b OR :b IS NULL) AND c > :a')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND (b = $2 OR $2 IS NULL) AND c > $1',
      names: ['a', 'b'],
      slots: ['a', 'b', 'b', 'a'],
    });
  });

  it('leaves quoted text, quoted identifiers and casts alone', () => {
    expect(pg(`SELECT ':x', "we:ird", 'it''s :y', CAST(:z AS text[]), :w::text FROM t WHERE s = '12:30'`)).toEqual({
      text: `SELECT ':x', "we:ird", 'it''s :y', CAST($1 AS text[]), $2::text FROM t WHERE s = '12:30'`,
      names: ['z', 'w'],
      slots: ['z', 'w'],
    });
  });

  it('writes positional parameters for SQLite, one slot per occurrence', () => {
    expect(compileNamed('UPDATE t SET a = :a WHERE id = :id OR a = :a', () => '?')).toMatchObject({
      text: 'UPDATE t SET a = ? WHERE id = ? OR a = ?',
      slots: ['a', 'id', 'a'],
    });
  });
});

describe('sqliteExecutor', () => {
  it('binds booleans as 1/0, arrays as JSON, undefined as null, extra keys ignored; one statement per database', async () => {
    const db = new Database(':memory:');
    const x = sqliteExecutor(db);
    await x.run(query('CREATE TABLE t (id integer, flag integer, note text)'));
    const insert = query('INSERT INTO t (id, flag, note) VALUES (:id, :flag, :note)');
    expect(await x.run(insert, { id: 1, flag: true, note: undefined, extra: 'ignored' })).toBe(1);
    await x.run(insert, { id: 2, flag: false, note: 'b' });
    const inList = query('SELECT id, flag, note FROM t WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id');
    expect(await x.all(inList, { ids: [1, 2] })).toEqual([
      { id: 1, flag: 1, note: null },
      { id: 2, flag: 0, note: 'b' },
    ]);
    expect(await x.get(inList, { ids: [] })).toBeUndefined();
    // A second database prepares its own statement from the same Query.
    const other = sqliteExecutor(new Database(':memory:'));
    await other.run(query('CREATE TABLE t (id integer, flag integer, note text)'));
    expect(await other.all(inList, { ids: [1] })).toEqual([]);
    expect(await x.all(inList, { ids: [2] })).toEqual([{ id: 2, flag: 0, note: 'b' }]);
  });
});
