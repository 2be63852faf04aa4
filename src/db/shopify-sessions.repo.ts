import { Session } from '@shopify/shopify-api';
import { decrypt, encrypt } from '../lib/crypto.ts';
import type { ShopifySessionStorage } from '../platforms/shopify/auth.types.ts';
import { shopifySessions } from './schema/index.ts';
import type { SqlDatabase } from './sql/database.ts';
import { sqlOf } from './sql/dialect.ts';
import { query, type Executor } from './sql/executor.ts';
import { rowMapper } from './sql/statements.ts';

// `@shopify/shopify-api` Session storage over the `shopify_sessions` table, shaped like the
// library's SessionStorage interface (store/load/delete/deleteMany/findByShop). Access and refresh
// tokens are sealed with ENCRYPTION_KEY; the associated user (online sessions) is stored as JSON
// without any token in it.

type Row = typeof shopifySessions.$inferSelect;

const mapRow = rowMapper<Row>(shopifySessions);

const UPDATED = [
  'shop',
  'is_online',
  'state',
  'scope',
  'connection_id',
  'access_token_enc',
  'expires_at',
  'refresh_token_enc',
  'refresh_token_expires_at',
  'user_id',
  'online_access_info',
  'updated_at',
];

const q = {
  // The session belongs to the store's connection (deleted with it), when the store is known.
  store: query(`INSERT INTO shopify_sessions (id, shop, is_online, state, scope, connection_id, access_token_enc, expires_at,
      refresh_token_enc, refresh_token_expires_at, user_id, online_access_info, updated_at)
    VALUES (:id, :shop, :isOnline, :state, :scope,
      (SELECT id FROM connections WHERE platform = 'shopify' AND domain = :shop),
      :accessTokenEnc, :expiresAt, :refreshTokenEnc, :refreshTokenExpiresAt, :userId, :onlineAccessInfo, :updatedAt)
    ON CONFLICT (id) DO UPDATE SET ${UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')}`),
  // Read on every embedded-admin request that checks its offline session.
  byId: query('SELECT * FROM shopify_sessions WHERE id = :id'),
  deleteOne: query('DELETE FROM shopify_sessions WHERE id = :id'),
  deleteMany: query((d) => `DELETE FROM shopify_sessions WHERE id ${sqlOf(d).inArray('ids')}`),
  byShop: query('SELECT * FROM shopify_sessions WHERE shop = :shop ORDER BY updated_at DESC, id'),
  deleteShop: query('DELETE FROM shopify_sessions WHERE shop = :shop'),
  offlineScope: query('UPDATE shopify_sessions SET scope = :scope, updated_at = :at WHERE shop = :shop AND is_online = false'),
};

export function createShopifySessionStorage(database: SqlDatabase, key: Buffer): ShopifySessionStorage {
  const { x } = database;
  const seal = (v: string | undefined) => (v ? encrypt(v, key) : null);
  const open = (v: string | null) => (v ? decrypt(v, key) : undefined);
  const date = (v: string | null) => (v ? new Date(v) : undefined);

  function toSession(row: Row): Session {
    return new Session({
      id: row.id,
      shop: row.shop,
      state: row.state ?? '',
      isOnline: row.isOnline,
      scope: row.scope ?? undefined,
      accessToken: open(row.accessTokenEnc),
      expires: date(row.expiresAt),
      refreshToken: open(row.refreshTokenEnc),
      refreshTokenExpires: date(row.refreshTokenExpiresAt),
      onlineAccessInfo: row.onlineAccessInfo ? JSON.parse(row.onlineAccessInfo) : undefined,
    });
  }
  const fromRaw = (raw: unknown) => {
    const row = mapRow(raw);
    return row ? toSession(row) : undefined;
  };

  return {
    async storeSession(session) {
      const info = session.onlineAccessInfo;
      await x.run(q.store, {
        id: session.id,
        shop: session.shop,
        isOnline: session.isOnline,
        state: session.state ?? null,
        scope: session.scope ?? null,
        accessTokenEnc: seal(session.accessToken),
        expiresAt: session.expires?.toISOString() ?? null,
        refreshTokenEnc: seal(session.refreshToken),
        refreshTokenExpiresAt: session.refreshTokenExpires?.toISOString() ?? null,
        userId: info?.associated_user?.id != null ? String(info.associated_user.id) : null,
        onlineAccessInfo: info ? JSON.stringify(info) : null,
        updatedAt: new Date().toISOString(),
      });
      return true;
    },
    loadSession: (id) => x.getAs(q.byId, { id }, fromRaw),
    async deleteSession(id) {
      await x.run(q.deleteOne, { id });
      return true;
    },
    async deleteSessions(ids) {
      if (ids.length) await x.run(q.deleteMany, { ids });
      return true;
    },
    async findSessionsByShop(shop) {
      return (await x.all(q.byShop, { shop })).map((r) => fromRaw(r)!);
    },
    deleteShopSessions: (shop) => x.run(q.deleteShop, { shop }),
  };
}

/** What the app has granted now, for a shop's offline sessions (app/scopes_update); inside the caller's unit of work. */
export async function setOfflineScope(x: Executor, shop: string, scope: string, at: string): Promise<void> {
  await x.run(q.offlineScope, { scope, at, shop });
}
