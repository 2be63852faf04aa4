import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitOfWorkViolation } from '../../src/lib/unit-of-work.guard.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// What only the PostgreSQL store has: units of work on connections of their own, running at the
// same time, and a unit the server aborts to break a deadlock (40P01) run again.

const pgKind = STORES.find((k) => k.name === 'pg')!;

describe.skipIf(!pgKind.available)('PostgreSQL store', () => {
  let h: StoreHarness;
  let ids: [string, string];

  beforeAll(async () => {
    h = await pgKind.open();
    const accountId = await h.account('Concurrent', 'PKR');
    ids = [
      await h.connection(accountId, { platform: 'shopify', domain: 'deadlock-1.myshopify.com', currency: 'PKR' }),
      await h.connection(accountId, { platform: 'shopify', domain: 'deadlock-2.myshopify.com', currency: 'PKR' }),
    ];
  });
  afterAll(() => h.close());

  it('runs a unit the server aborted to break a deadlock again, and both commit', async () => {
    let attempts = 0;
    // Each unit locks one store's row, waits until the other has locked its own, then asks for it.
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothLocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const unit = (first: string, second: string, at: string) =>
      h.store.transaction(async (repos) => {
        attempts++;
        await repos.connections.markUninstalled(first, at);
        if (++arrived === 2) release();
        await bothLocked;
        await repos.connections.markUninstalled(second, at);
      });
    const started = Date.now();
    await Promise.all([unit(ids[0], ids[1], '2026-05-01T00:00:00.000Z'), unit(ids[1], ids[0], '2026-05-02T00:00:00.000Z')]);
    // One of the two was chosen as the deadlock victim and ran a second time. On a loaded server
    // the retried unit can meet the other again and be chosen once more (CI saw 4), so at least 3.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(5);
    const rows = await h.rows<{ status: string; uninstalled_at: string }>(
      'SELECT status, uninstalled_at FROM connections WHERE id = ANY(:ids)',
      { ids },
    );
    expect(rows.map((r) => r.status)).toEqual(['uninstalled', 'uninstalled']);
    // Both rows carry the instant of the unit that committed last, whole: no mix of the two.
    expect(new Set(rows.map((r) => r.uninstalled_at)).size).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('refuses a transaction opened inside another (it would wait on its own locks on a second connection)', async () => {
    const nested = h.store.transaction(async () => h.store.transaction(async () => 'inner'));
    await expect(nested).rejects.toBeInstanceOf(UnitOfWorkViolation);
  });

  it('gives each unit its own connection: two units run at the same time', async () => {
    let inside = 0;
    let most = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const unit = () =>
      h.store.transaction(async (repos) => {
        most = Math.max(most, ++inside);
        if (inside === 2) open();
        await gate;
        await repos.connections.get(ids[0]);
        inside--;
      });
    await Promise.all([unit(), unit()]);
    expect(most).toBe(2);
  });
});
