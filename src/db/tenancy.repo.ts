import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from './client.ts';
import { accounts, adminSessions, adminUsers, connections } from './schema/index.ts';
import { decrypt, encrypt, hashPassword, hmacSha256, randomToken, sha256Hex } from '../lib/crypto.ts';
import { passwordHasher } from '../lib/password.ts';
import { newId } from '../lib/ids.ts';

// Accounts, store connections and staff logins. Secrets are sealed with ENCRYPTION_KEY here and
// nowhere else, so no other module ever holds a ciphertext or writes a plaintext secret.

export type Connection = typeof connections.$inferSelect;
export type PublicConnection = Omit<Connection, 'accessTokenEnc' | 'webhookSecretEnc' | 'apiKeyEnc' | 'apiSecretEnc' | 'storefrontSecretEnc'>;
export type ConnectionSecrets = {
  accessToken: string | null; webhookSecret: string | null; apiKey: string | null; apiSecret: string | null; storefrontSecret: string | null;
};

export type NewConnection = {
  accountId: string;
  platform: 'shopify' | 'woocommerce';
  domain: string;
  name?: string;
  currency?: string;
  country?: string | null;
  /** IANA time zone of the shop, when the platform told us. */
  timezone?: string | null;
  /** 'unverified' for `connect --no-verify` (default 'active'). */
  status?: 'active' | 'unverified';
} & Partial<ConnectionSecrets>;

export type ConnectionStatus = Connection['status'];

export function toPublic(c: Connection): PublicConnection {
  const { accessTokenEnc: _a, webhookSecretEnc: _w, apiKeyEnc: _k, apiSecretEnc: _s, storefrontSecretEnc: _f, ...rest } = c;
  return rest;
}

function toConnection(row: Record<string, unknown> | undefined): Connection | undefined {
  if (!row) return undefined;
  return {
    id: row.id, accountId: row.account_id, platform: row.platform, domain: row.domain, name: row.name, status: row.status,
    currency: row.currency, country: row.country, timezone: row.timezone ?? null, accessTokenEnc: row.access_token_enc, webhookSecretEnc: row.webhook_secret_enc,
    apiKeyEnc: row.api_key_enc, apiSecretEnc: row.api_secret_enc, storefrontSecretEnc: row.storefront_secret_enc, createdAt: row.created_at,
    uninstalledAt: row.uninstalled_at,
  } as Connection;
}

export function createTenancy(db: Db, key: Buffer) {
  const seal = (v: string | null | undefined) => (v ? encrypt(v, key) : null);
  const open = (v: string | null) => (v ? decrypt(v, key) : null);
  const secretCache = new Map<string, string | null>();
  // A key of its own for hashing shoppers' IPs, derived so the encryption key itself is never reused.
  const ipKey = Buffer.from(hmacSha256(key, 'rapport:ip-hash:v1', 'hex'), 'hex');
  const byDomain = db.$client.prepare('SELECT * FROM connections WHERE platform = ? AND domain = ?');
  const byId = db.$client.prepare('SELECT * FROM connections WHERE id = ?');

  return {
    createAccount(name: string, currency = 'USD', id = newId('acc')) {
      db.insert(accounts).values({ id, name, currency, createdAt: new Date().toISOString() }).run();
      return id;
    },
    getAccount(id: string) {
      return db.select().from(accounts).where(eq(accounts.id, id)).get();
    },
    /** Creates a connection, or updates the secrets of an existing one for the same store. */
    upsertConnection(c: NewConnection): PublicConnection {
      const now = new Date().toISOString();
      const values = {
        accountId: c.accountId, platform: c.platform, domain: c.domain, name: c.name ?? c.domain, currency: c.currency ?? 'USD',
        country: c.country ?? null, status: c.status ?? 'active', uninstalledAt: null,
        // A reconnect that does not know the zone keeps the one stored.
        ...(c.timezone ? { timezone: c.timezone } : {}),
        accessTokenEnc: seal(c.accessToken), webhookSecretEnc: seal(c.webhookSecret), apiKeyEnc: seal(c.apiKey), apiSecretEnc: seal(c.apiSecret),
        storefrontSecretEnc: seal(c.storefrontSecret),
      };
      const row = db.insert(connections).values({ id: newId('con'), createdAt: now, ...values })
        .onConflictDoUpdate({ target: [connections.platform, connections.domain], set: values }).returning().get();
      return toPublic(row);
    },
    // Both read on every webhook delivery: raw prepared statements, not the query builder.
    connection(id: string): Connection | undefined {
      return toConnection(byId.get(id) as Record<string, unknown> | undefined);
    },
    connectionByDomain(platform: 'shopify' | 'woocommerce', domain: string): Connection | undefined {
      return toConnection(byDomain.get(platform, domain) as Record<string, unknown> | undefined);
    },
    /** A verified connection: status and what the shop told us about itself. */
    updateConnection(id: string, patch: { status?: 'active'; name?: string; currency?: string; country?: string | null; timezone?: string | null }): void {
      db.update(connections).set(patch).where(eq(connections.id, id)).run();
    },
    /** Deletes every key, token and secret of the connection and marks it disconnected; its customer data stays. */
    disconnectConnection(id: string): void {
      db.update(connections).set({
        status: 'disconnected', uninstalledAt: new Date().toISOString(),
        accessTokenEnc: null, webhookSecretEnc: null, apiKeyEnc: null, apiSecretEnc: null, storefrontSecretEnc: null,
      }).where(eq(connections.id, id)).run();
    },
    listConnections(accountId?: string): PublicConnection[] {
      return db.select().from(connections).where(accountId ? eq(connections.accountId, accountId) : undefined).all().map(toPublic);
    },
    /** Decrypted webhook secret; cached per ciphertext because it is read on every delivery. */
    webhookSecret(c: Connection): string | null {
      if (!c.webhookSecretEnc) return null;
      if (!secretCache.has(c.webhookSecretEnc)) secretCache.set(c.webhookSecretEnc, open(c.webhookSecretEnc));
      return secretCache.get(c.webhookSecretEnc) ?? null;
    },
    /** Keyed SHA-256 of a shopper's IP: enough to count repeats (referral limits), useless to identify anyone. */
    ipHash(ip: string): string {
      return hmacSha256(ipKey, ip, 'hex');
    },
    secrets(c: Connection): ConnectionSecrets {
      return {
        accessToken: open(c.accessTokenEnc), webhookSecret: open(c.webhookSecretEnc), apiKey: open(c.apiKeyEnc), apiSecret: open(c.apiSecretEnc),
        storefrontSecret: open(c.storefrontSecretEnc),
      };
    },
    /** Synchronous hashing: for the CLI, the demo seed and tests; request handlers use addAdminUser. */
    createAdminUser(accountId: string, email: string, password: string) {
      return this.addAdminUser(accountId, email, hashPassword(password));
    },
    /** A staff login with a hash from `passwordHasher.hash` (off the event loop). */
    addAdminUser(accountId: string, email: string, passwordHash: string) {
      const id = newId('usr');
      db.insert(adminUsers).values({ id, accountId, email: email.trim().toLowerCase(), passwordHash, createdAt: new Date().toISOString() }).run();
      return id;
    },
    /** Whether any staff login exists: the first run has none (one indexed row read). */
    hasAnyLogin(): boolean {
      return db.select({ id: adminUsers.id }).from(adminUsers).limit(1).get() !== undefined;
    },
    /**
     * The first run's owner: a new account and its first login, only while no login exists at all
     * (checked and written in one synchronous step, so two racing requests cannot both win).
     */
    createOwner(input: { shopName: string; currency: string; email: string; passwordHash: string }): string | null {
      if (this.hasAnyLogin()) return null;
      const accountId = this.createAccount(input.shopName, input.currency);
      this.addAdminUser(accountId, input.email, input.passwordHash);
      return accountId;
    },
    findAdminUser(email: string) {
      return db.select().from(adminUsers).where(eq(adminUsers.email, email.trim().toLowerCase())).get();
    },
    /**
     * Returns a bearer token for a valid login, or null. Unknown emails are checked against a
     * dummy hash, so they take as long as a wrong password. Throws HasherBusyError under overload.
     */
    async login(email: string, password: string, ttlHours = 12): Promise<{ token: string; accountId: string; expiresAt: string } | null> {
      const user = this.findAdminUser(email);
      const ok = await passwordHasher.verify(password, user?.passwordHash);
      if (!user || !ok) return null;
      const token = `rps_${randomToken()}`;
      const expiresAt = new Date(Date.now() + ttlHours * 3_600_000).toISOString();
      db.insert(adminSessions).values({ tokenHash: sha256Hex(token), userId: user.id, accountId: user.accountId, expiresAt }).run();
      return { token, accountId: user.accountId, expiresAt };
    },
    sessionAccount(token: string): { accountId: string; userId: string } | undefined {
      return db.select({ accountId: adminSessions.accountId, userId: adminSessions.userId }).from(adminSessions)
        .where(and(eq(adminSessions.tokenHash, sha256Hex(token)), gt(adminSessions.expiresAt, new Date().toISOString()))).get();
    },
    logout(token: string) {
      db.delete(adminSessions).where(eq(adminSessions.tokenHash, sha256Hex(token))).run();
    },
    /** The account's standalone staff logins, oldest first; never the password hashes. */
    listAdminUsers(accountId: string): { id: string; email: string; createdAt: string }[] {
      return db.select({ id: adminUsers.id, email: adminUsers.email, createdAt: adminUsers.createdAt }).from(adminUsers)
        .where(eq(adminUsers.accountId, accountId)).orderBy(asc(adminUsers.createdAt), asc(adminUsers.id)).all();
    },
    /** Removes a staff login of this account and ends its sessions; false when there is no such user. */
    deleteAdminUser(accountId: string, userId: string): boolean {
      // Two single statements (no transaction: a unit of work of the CRM store may be open on this connection).
      const removed = db.delete(adminUsers).where(and(eq(adminUsers.id, userId), eq(adminUsers.accountId, accountId))).run().changes > 0;
      if (removed) db.delete(adminSessions).where(eq(adminSessions.userId, userId)).run();
      return removed;
    },
  };
}

export type Tenancy = ReturnType<typeof createTenancy>;
