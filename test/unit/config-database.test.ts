import { describe, expect, it } from 'vitest';
import { ConfigError, databaseLabel, loadConfig, parseDatabaseUrl } from '../../src/config/config.ts';

// DATABASE_URL selects the dialect: file:… or nothing is SQLite, postgres(ql):// is PostgreSQL.

describe('DATABASE_URL', () => {
  it.each([
    ['unset', undefined, { dialect: 'sqlite', path: './data/rapport.sqlite' }],
    ['file:', 'file:/var/lib/rapport/db.sqlite', { dialect: 'sqlite', path: '/var/lib/rapport/db.sqlite' }],
    ['a bare path', './x.sqlite', { dialect: 'sqlite', path: './x.sqlite' }],
    ['in memory', ':memory:', { dialect: 'sqlite', path: ':memory:' }],
    [
      'postgres://',
      'postgres://rapport:pw@db.internal:5432/rapport',
      { dialect: 'postgres', url: 'postgres://rapport:pw@db.internal:5432/rapport' },
    ],
    [
      'postgresql:// with options',
      'postgresql://rapport@db.internal/rapport?sslmode=require',
      { dialect: 'postgres', url: 'postgresql://rapport@db.internal/rapport?sslmode=require' },
    ],
  ])('%s', (_t, url, target) => {
    const config = loadConfig(url === undefined ? {} : { DATABASE_URL: url });
    expect(parseDatabaseUrl(config.DATABASE_URL)).toEqual(target);
  });

  it.each([
    ['another database', 'mysql://db/rapport', /mysql:\/\/ is not supported/],
    ['no database name', 'postgres://db.internal:5432', /names no database/],
    ['no host', 'postgres:///rapport', /names no host/],
    ['a broken URL', 'postgres://u:p@db:port/rapport', /not a valid postgres:\/\/ URL/],
    ['an empty file: path', 'file:', /file: needs a path/],
  ])('refuses %s, collected with the other problems', (_t, url, message) => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: url, PORT: 'eighty' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^PORT/), expect.stringMatching(message)]);
  });

  it('sizes the PostgreSQL pool from DATABASE_POOL_MAX (10 unless set, at least 1)', () => {
    expect(loadConfig({}).DATABASE_POOL_MAX).toBe(10);
    expect(loadConfig({ DATABASE_POOL_MAX: '40' }).DATABASE_POOL_MAX).toBe(40);
    expect(() => loadConfig({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
    expect(() => loadConfig({ DATABASE_POOL_MAX: 'many' })).toThrow(/DATABASE_POOL_MAX/);
  });
});

describe('DATABASE_URL in logs', () => {
  it('never carries the user or password of a PostgreSQL URL', () => {
    const label = databaseLabel('postgres://rapport:s3cret-pw@db.internal:5432/rapport?sslmode=require');
    expect(label).toBe('postgres://db.internal:5432/rapport');
    expect(label).not.toContain('s3cret');
    expect(databaseLabel('file:./data/rapport.sqlite')).toBe('./data/rapport.sqlite');
    expect(databaseLabel('mysql://x')).toBe('invalid DATABASE_URL');
  });
});
