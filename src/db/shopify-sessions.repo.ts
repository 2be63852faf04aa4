import { Session } from '@shopify/shopify-api';
import type { Db } from './client.ts';
import { decrypt, encrypt } from '../lib/crypto.ts';
import type { ShopifySessionStorage } from '../platforms/shopify/auth.types.ts';

// `@shopify/shopify-api` Session storage over the `shopify_sessions` table, shaped like the
// library's SessionStorage interface (store/load/delete/deleteMany/findByShop). Access and refresh
// tokens are sealed with ENCRYPTION_KEY; the associated user (online sessions) is stored as JSON
// without any token in it.

type Row = {
  id: string; shop: string; connection_id: string | null; is_online: number; state: string | null; scope: string | null;
  access_token_enc: string | null; expires_at: string | null; refresh_token_enc: string | null; refresh_token_expires_at: string | null;
  user_id: string | null; online_access_info: string | null;
};

export function createShopifySessionStorage(db: Db, key: Buffer): ShopifySessionStorage {
  const sqlite = db.$client;
  const seal = (v: string | undefined) => (v ? encrypt(v, key) : null);
  const open = (v: string | null) => (v ? decrypt(v, key) : undefined);
  const date = (v: string | null) => (v ? new Date(v) : undefined);
  const upsert = sqlite.prepare(`INSERT INTO shopify_sessions (id, shop, connection_id, is_online, state, scope, access_token_enc, expires_at,
      refresh_token_enc, refresh_token_expires_at, user_id, online_access_info, updated_at)
    VALUES (@id, @shop, (SELECT id FROM connections WHERE platform = 'shopify' AND domain = @shop), @isOnline, @state, @scope, @access, @expires,
      @refresh, @refreshExpires, @userId, @info, @now)
    ON CONFLICT (id) DO UPDATE SET shop = excluded.shop, connection_id = excluded.connection_id, is_online = excluded.is_online,
      state = excluded.state, scope = excluded.scope, access_token_enc = excluded.access_token_enc, expires_at = excluded.expires_at,
      refresh_token_enc = excluded.refresh_token_enc, refresh_token_expires_at = excluded.refresh_token_expires_at,
      user_id = excluded.user_id, online_access_info = excluded.online_access_info, updated_at = excluded.updated_at`);
  const byId = sqlite.prepare('SELECT * FROM shopify_sessions WHERE id = ?');
  const byShop = sqlite.prepare('SELECT * FROM shopify_sessions WHERE shop = ? ORDER BY updated_at DESC');
  const remove = sqlite.prepare('DELETE FROM shopify_sessions WHERE id = ?');
  const removeShop = sqlite.prepare('DELETE FROM shopify_sessions WHERE shop = ?');

  function toSession(row: Row): Session {
    return new Session({
      id: row.id, shop: row.shop, state: row.state ?? '', isOnline: row.is_online === 1, scope: row.scope ?? undefined,
      accessToken: open(row.access_token_enc), expires: date(row.expires_at),
      refreshToken: open(row.refresh_token_enc), refreshTokenExpires: date(row.refresh_token_expires_at),
      onlineAccessInfo: row.online_access_info ? JSON.parse(row.online_access_info) : undefined,
    });
  }

  return {
    async storeSession(session) {
      const info = session.onlineAccessInfo;
      upsert.run({
        id: session.id, shop: session.shop, isOnline: session.isOnline ? 1 : 0, state: session.state ?? null, scope: session.scope ?? null,
        access: seal(session.accessToken), expires: session.expires?.toISOString() ?? null,
        refresh: seal(session.refreshToken), refreshExpires: session.refreshTokenExpires?.toISOString() ?? null,
        userId: info?.associated_user?.id != null ? String(info.associated_user.id) : null,
        info: info ? JSON.stringify(info) : null, now: new Date().toISOString(),
      });
      return true;
    },
    async loadSession(id) {
      const row = byId.get(id) as Row | undefined;
      return row ? toSession(row) : undefined;
    },
    async deleteSession(id) {
      remove.run(id);
      return true;
    },
    async deleteSessions(ids) {
      sqlite.transaction(() => { for (const id of ids) remove.run(id); })();
      return true;
    },
    async findSessionsByShop(shop) {
      return (byShop.all(shop) as Row[]).map(toSession);
    },
    deleteShopSessions(shop) {
      return removeShop.run(shop).changes;
    },
  };
}
