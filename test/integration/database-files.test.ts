import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createRuntime } from '../../src/runtime.ts';

// The database files hold customers' personal data: nobody but Rapport's own user may read them.

const root = mkdtempSync(join(tmpdir(), 'rapport-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('database files', () => {
  it('creates the data directory 0700 and the database, WAL, shared-memory and key files 0600', async () => {
    const previous = process.umask(0o022); // the usual umask, which would give 0755 / 0644
    try {
      const dir = join(root, 'data');
      const file = join(dir, 'rapport.sqlite');
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `file:${file}` });
      const runtime = await createRuntime(config, createLogger('silent'));
      try {
        await runtime.tenancy.createAccount('Modes', 'USD');
        expect(mode(dir)).toBe(0o700);
        for (const f of [file, `${file}-wal`, `${file}-shm`, join(dir, 'encryption.key')])
          expect([f, mode(f).toString(8)]).toEqual([f, '600']);
      } finally {
        await runtime.close();
      }
    } finally {
      process.umask(previous);
    }
  });
});
