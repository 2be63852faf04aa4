import { describe, expect, it } from 'vitest';
import { toConnection, type Connection } from '../../../src/crm/tenancy/connections.port.ts';
import { openDatabase, runMigrations } from '../../../src/db/client.ts';
import { createTenancy } from '../../../src/db/tenancy.repo.ts';
import { sqliteDatabase } from '../../../src/db/sql/database.ts';

// The connection model is an allowlist: whatever else a stored row holds (sealed secrets today, a
// column added tomorrow) stays out of everything above storage, responses and logs included.

const ALLOWED = [
  'accountId',
  'country',
  'createdAt',
  'currency',
  'domain',
  'id',
  'name',
  'platform',
  'status',
  'timezone',
  'uninstalledAt',
];

describe('the connection model', () => {
  it('keeps only the allowlisted fields of a row, a column nobody listed included', () => {
    const row = {
      id: 'con_1',
      accountId: 'acc_1',
      platform: 'shopify',
      domain: 'a.myshopify.com',
      name: 'A',
      status: 'active',
      currency: 'PKR',
      country: 'PK',
      timezone: 'Asia/Karachi',
      createdAt: '2026-01-01T00:00:00.000Z',
      uninstalledAt: null,
      accessTokenEnc: 'sealed',
      futureSecretEnc: 'sealed too',
    } as Connection & Record<string, unknown>;
    expect(Object.keys(toConnection(row)).sort()).toEqual(ALLOWED);
  });

  it('comes out of the store without secrets, which open only through the port', async () => {
    const db = openDatabase(':memory:');
    runMigrations(db);
    const tenancy = createTenancy(sqliteDatabase(db), Buffer.alloc(32, 7));
    const accountId = await tenancy.createAccount('Shop');
    const made = await tenancy.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: 'https://shop.example/',
      apiKey: 'ck_secret_key',
      webhookSecret: 'whsec_value',
    });
    for (const c of [
      made,
      (await tenancy.connection(made.id))!,
      (await tenancy.connectionByDomain('woocommerce', 'https://shop.example/'))!,
      ...(await tenancy.listConnections(accountId)),
    ]) {
      expect(Object.keys(c).sort()).toEqual(ALLOWED);
      expect(JSON.stringify(c)).not.toMatch(/ck_secret_key|whsec_value|Enc/);
      expect(await tenancy.secrets(c)).toMatchObject({ apiKey: 'ck_secret_key', webhookSecret: 'whsec_value', accessToken: null });
    }
    // A copy made elsewhere (no sealed columns beside it) still opens, read again by id.
    expect(await tenancy.webhookSecret({ ...made })).toBe('whsec_value');
    db.$client.close();
  });
});
