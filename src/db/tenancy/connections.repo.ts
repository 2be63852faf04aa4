import { eq } from 'drizzle-orm';
import { toConnection, type Connection, type ConnectionSecrets, type ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import { decrypt, encrypt } from '../../lib/crypto.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../client.ts';
import { connections } from '../schema/index.ts';
import { rowMapper } from '../repos/prepared.ts';
import { resolved, type Synchronous } from '../resolved.ts';

// Store connections. Secrets are sealed with ENCRYPTION_KEY here and nowhere else, so no other
// module ever holds a ciphertext or writes a plaintext secret. A connection leaves this file as
// the allowlisted `Connection`; its sealed columns stay behind, keyed by that very object, so
// opening a secret needs no second read of the row.

type Row = typeof connections.$inferSelect;

const mapRow = rowMapper<Row>(connections);

export function createConnections(db: Db, key: Buffer): ConnectionsPort {
  const rows = connectionRows(db, key);
  return {
    ...resolved<ConnectionsPort>(rows),
    // Read on every webhook delivery: no argument array beside the promise.
    connection: async (id) => rows.connection(id),
    connectionByDomain: async (platform, domain) => rows.connectionByDomain(platform, domain),
    webhookSecret: async (c) => rows.webhookSecret(c),
  };
}

/** Synchronous, for db's own transactions (a Shopify install). */
export function connectionRows(db: Db, key: Buffer): Synchronous<ConnectionsPort> {
  const seal = (v: string | null | undefined) => (v ? encrypt(v, key) : null);
  const open = (v: string | null) => (v ? decrypt(v, key) : null);
  const rowOf = new WeakMap<Connection, Row>();
  const secretCache = new Map<string, string | null>();
  // Both read on every webhook delivery: raw prepared statements, not the query builder.
  const byDomain = db.$client.prepare('SELECT * FROM connections WHERE platform = ? AND domain = ?');
  const byId = db.$client.prepare('SELECT * FROM connections WHERE id = ?');

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
  const sealed = (c: Connection): Row | undefined => rowOf.get(c) ?? mapRow(byId.get(c.id));

  return {
    upsertConnection(c) {
      const values = {
        accountId: c.accountId,
        platform: c.platform,
        domain: c.domain,
        name: c.name ?? c.domain,
        currency: c.currency ?? 'USD',
        country: c.country ?? null,
        status: c.status ?? 'active',
        uninstalledAt: null,
        // A reconnect that does not know the zone keeps the one stored.
        ...(c.timezone ? { timezone: c.timezone } : {}),
        accessTokenEnc: seal(c.accessToken),
        webhookSecretEnc: seal(c.webhookSecret),
        apiKeyEnc: seal(c.apiKey),
        apiSecretEnc: seal(c.apiSecret),
        storefrontSecretEnc: seal(c.storefrontSecret),
      };
      return expose(
        db
          .insert(connections)
          .values({ id: newId('con'), createdAt: new Date().toISOString(), ...values })
          .onConflictDoUpdate({ target: [connections.platform, connections.domain], set: values })
          .returning()
          .get(),
      );
    },
    connection: (id) => fromRaw(byId.get(id)),
    connectionByDomain: (platform, domain) => fromRaw(byDomain.get(platform, domain)),
    listConnections(accountId) {
      return db
        .select()
        .from(connections)
        .where(accountId ? eq(connections.accountId, accountId) : undefined)
        .all()
        .map(expose);
    },
    updateConnection(id, patch) {
      db.update(connections).set(patch).where(eq(connections.id, id)).run();
    },
    disconnectConnection(id) {
      db.update(connections)
        .set({
          status: 'disconnected',
          uninstalledAt: new Date().toISOString(),
          accessTokenEnc: null,
          webhookSecretEnc: null,
          apiKeyEnc: null,
          apiSecretEnc: null,
          storefrontSecretEnc: null,
        })
        .where(eq(connections.id, id))
        .run();
    },
    /** Cached per ciphertext because it is read on every delivery. */
    webhookSecret(c) {
      const enc = sealed(c)?.webhookSecretEnc;
      if (!enc) return null;
      if (!secretCache.has(enc)) secretCache.set(enc, open(enc));
      return secretCache.get(enc) ?? null;
    },
    secrets(c): ConnectionSecrets {
      const s = sealed(c);
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
