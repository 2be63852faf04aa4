import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';

// The store's batches on a real SQLite file: by default each unit is a savepoint that rolls back
// alone; an all-or-nothing batch has no savepoints, so any unit's failure undoes the whole batch,
// even when the caller caught it.

let dir: string;
let rt: Runtime;
let ids: [string, string];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-batch-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `file:${join(dir, 'b.sqlite')}`, ENCRYPTION_KEY: 'c'.repeat(64) });
  rt = createRuntime(config, createLogger('silent'));
  const accountId = await rt.tenancy.createAccount('Batch', 'PKR');
  const connection = async (n: number) => (await rt.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: `batch-${n}.myshopify.com`, currency: 'PKR', country: 'PK' })).id;
  ids = [await connection(1), await connection(2)];
});
afterAll(async () => { await rt.close(); rmSync(dir, { recursive: true, force: true }); });
beforeEach(() => { rt.db.$client.prepare("UPDATE connections SET status = 'active', uninstalled_at = NULL").run(); });

const status = () => ids.map((id) => (rt.db.$client.prepare('SELECT status FROM connections WHERE id = ?').get(id) as { status: string }).status);
const uninstall = (id: string, fail: boolean) => rt.store.transaction(async (repos) => {
  await repos.connections.markUninstalled(id, new Date().toISOString());
  if (fail) throw new Error(`unit ${id} failed`);
});

describe('store batches', () => {
  it('by default a failed unit rolls back alone and the others commit', async () => {
    await rt.store.batch(async () => {
      await uninstall(ids[0], false);
      await uninstall(ids[1], true).catch(() => undefined);
    });
    expect(status()).toEqual(['uninstalled', 'active']);
  });

  it('all-or-nothing commits every unit when none fails', async () => {
    await rt.store.batch(async () => { for (const id of ids) await uninstall(id, false); }, { allOrNothing: true });
    expect(status()).toEqual(['uninstalled', 'uninstalled']);
  });

  it('all-or-nothing rolls the whole batch back on a failure, even one the caller caught', async () => {
    const batch = rt.store.batch(async () => {
      await uninstall(ids[0], false);
      await uninstall(ids[1], true).catch(() => undefined);
      return 'finished';
    }, { allOrNothing: true });
    await expect(batch).rejects.toThrow(`unit ${ids[1]} failed`);
    expect(status()).toEqual(['active', 'active']);
    // The store is usable afterwards: the transaction was closed.
    await uninstall(ids[0], false);
    expect(status()).toEqual(['uninstalled', 'active']);
  });
});
