import { toConnection, type Connection, type ConnectionSecrets, type ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import { decrypt, encrypt } from '../../lib/crypto.ts';
import { newId } from '../../lib/ids.ts';
import { connections } from '../schema/index.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { query, type Executor } from '../sql/executor.ts';
import { patchUpdater, rowMapper } from '../sql/statements.ts';

// Store connections. Secrets are sealed with ENCRYPTION_KEY here and nowhere else, so no other
// module ever holds a ciphertext or writes a plaintext secret. A connection leaves this file as
// the allowlisted `Connection`; its sealed columns stay behind, keyed by that very object, so
// opening a secret needs no second read of the row. (repos/connections.repo.ts is the CRM store's
// view of the same table: the domain's reads and the uninstall, never a secret.)

type Row = typeof connections.$inferSelect;

const mapRow = rowMapper<Row>(connections);

const SECRETS = ['access_token_enc', 'webhook_secret_enc', 'api_key_enc', 'api_secret_enc', 'storefront_secret_enc'];

const q = {
  // Both read on every webhook delivery: prepared once, one promise per call.
  byId: query('SELECT * FROM connections WHERE id = :id'),
  byDomain: query('SELECT * FROM connections WHERE platform = :platform AND domain = :domain'),
  list: query('SELECT * FROM connections WHERE account_id = :accountId OR :accountId IS NULL ORDER BY created_at, id'),
  // A reconnect that does not know the zone keeps the one stored; the account follows the caller.
  upsert: query(`INSERT INTO connections (id, account_id, platform, domain, name, status, currency, country, timezone,
      ${SECRETS.join(', ')}, created_at, uninstalled_at)
    VALUES (:id, :accountId, :platform, :domain, :name, :status, :currency, :country, :timezone,
      :accessTokenEnc, :webhookSecretEnc, :apiKeyEnc, :apiSecretEnc, :storefrontSecretEnc, :createdAt, NULL)
    ON CONFLICT (platform, domain) DO UPDATE SET account_id = excluded.account_id, name = excluded.name,
      status = excluded.status, currency = excluded.currency, country = excluded.country,
      timezone = coalesce(excluded.timezone, connections.timezone), uninstalled_at = NULL,
      ${SECRETS.map((c) => `${c} = excluded.${c}`).join(', ')}
    RETURNING *`),
  disconnect: query(
    `UPDATE connections SET status = 'disconnected', uninstalled_at = :at, ${SECRETS.map((c) => `${c} = NULL`).join(', ')} WHERE id = :id`,
  ),
};

const patchOf = patchUpdater(
  'connections',
  { status: 'status', name: 'name', currency: 'currency', country: 'country', timezone: 'timezone' },
  'id = :id',
);

/** What the connections remember beside the rows, shared by every executor they are bound to. */
export type ConnectionsMemory = { rowOf: WeakMap<Connection, Row>; secrets: Map<string, string | null> };
export const connectionsMemory = (): ConnectionsMemory => ({ rowOf: new WeakMap(), secrets: new Map() });

/** The port through `x`: the database's own executor, or a unit of work's (a Shopify install). */
export function connectionsPort(x: Executor, key: Buffer, memory: ConnectionsMemory = connectionsMemory()): ConnectionsPort {
  const seal = (v: string | null | undefined) => (v ? encrypt(v, key) : null);
  const open = (v: string | null) => (v ? decrypt(v, key) : null);
  const { rowOf, secrets: secretCache } = memory;

  const expose = (row: Row): Connection => {
    const c = toConnection(row);
    rowOf.set(c, row);
    return c;
  };
  const fromRaw = (raw: unknown) => {
    const row = mapRow(raw);
    return row ? expose(row) : undefined;
  };
  // A connection object not made here (rebuilt by a caller) is looked up again by id.
  const sealed = (c: Connection): Promise<Row | undefined> => {
    const row = rowOf.get(c);
    return row ? Promise.resolve(row) : x.getAs(q.byId, { id: c.id }, mapRow);
  };
  /** Cached per ciphertext because it is read on every delivery. */
  const webhookSecretOf = (row: Row | undefined) => {
    const enc = row?.webhookSecretEnc;
    if (!enc) return null;
    if (!secretCache.has(enc)) secretCache.set(enc, open(enc));
    return secretCache.get(enc) ?? null;
  };

  return {
    async upsertConnection(c) {
      const row = await x.get(q.upsert, {
        id: newId('con'),
        accountId: c.accountId,
        platform: c.platform,
        domain: c.domain,
        name: c.name ?? c.domain,
        status: c.status ?? 'active',
        currency: c.currency ?? 'USD',
        country: c.country ?? null,
        timezone: c.timezone || null,
        accessTokenEnc: seal(c.accessToken),
        webhookSecretEnc: seal(c.webhookSecret),
        apiKeyEnc: seal(c.apiKey),
        apiSecretEnc: seal(c.apiSecret),
        storefrontSecretEnc: seal(c.storefrontSecret),
        createdAt: new Date().toISOString(),
      });
      return fromRaw(row)!;
    },
    connection: (id) => x.getAs(q.byId, { id }, fromRaw),
    connectionByDomain: (platform, domain) => x.getAs(q.byDomain, { platform, domain }, fromRaw),
    async listConnections(accountId) {
      return (await x.all(q.list, { accountId: accountId ?? null })).map((r) => expose(mapRow(r)!));
    },
    async updateConnection(id, patch) {
      // A field given as undefined is left as it is (a field given as null is cleared).
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const statement = patchOf(given);
      if (statement) await x.run(statement, { ...given, id });
    },
    async disconnectConnection(id) {
      await x.run(q.disconnect, { id, at: new Date().toISOString() });
    },
    webhookSecret(c) {
      const row = rowOf.get(c);
      return row ? Promise.resolve(webhookSecretOf(row)) : x.getAs(q.byId, { id: c.id }, (r) => webhookSecretOf(mapRow(r)));
    },
    async secrets(c): Promise<ConnectionSecrets> {
      const s = await sealed(c);
      return {
        accessToken: open(s?.accessTokenEnc ?? null),
        webhookSecret: open(s?.webhookSecretEnc ?? null),
        apiKey: open(s?.apiKeyEnc ?? null),
        apiSecret: open(s?.apiSecretEnc ?? null),
        storefrontSecret: open(s?.storefrontSecretEnc ?? null),
      };
    },
  };
}

export function createConnections(database: SqlDatabase, key: Buffer, memory?: ConnectionsMemory): ConnectionsPort {
  return connectionsPort(database.x, key, memory);
}
