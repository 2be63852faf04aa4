import { Session } from '@shopify/shopify-api';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { decrypt, encrypt } from '../lib/crypto.ts';
import type { ShopifySessionStorage } from '../platforms/shopify/auth.types.ts';
import { connections, shopifySessions } from './schema/index.ts';

// `@shopify/shopify-api` Session storage over the `shopify_sessions` table, shaped like the
// library's SessionStorage interface (store/load/delete/deleteMany/findByShop). Access and refresh
// tokens are sealed with ENCRYPTION_KEY; the associated user (online sessions) is stored as JSON
// without any token in it.

type Row = typeof shopifySessions.$inferSelect;

export function createShopifySessionStorage(db: Db, key: Buffer): ShopifySessionStorage {
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

  return {
    async storeSession(session) {
      const info = session.onlineAccessInfo;
      const values = {
        shop: session.shop,
        isOnline: session.isOnline,
        state: session.state ?? null,
        scope: session.scope ?? null,
        // The session belongs to the store's connection (deleted with it), when the store is known.
        connectionId: sql`(SELECT ${connections.id} FROM ${connections} WHERE ${connections.platform} = 'shopify' AND ${connections.domain} = ${session.shop})`,
        accessTokenEnc: seal(session.accessToken),
        expiresAt: session.expires?.toISOString() ?? null,
        refreshTokenEnc: seal(session.refreshToken),
        refreshTokenExpiresAt: session.refreshTokenExpires?.toISOString() ?? null,
        userId: info?.associated_user?.id != null ? String(info.associated_user.id) : null,
        onlineAccessInfo: info ? JSON.stringify(info) : null,
        updatedAt: new Date().toISOString(),
      };
      db.insert(shopifySessions)
        .values({ id: session.id, ...values })
        .onConflictDoUpdate({ target: shopifySessions.id, set: values })
        .run();
      return true;
    },
    async loadSession(id) {
      const row = db.select().from(shopifySessions).where(eq(shopifySessions.id, id)).get();
      return row ? toSession(row) : undefined;
    },
    async deleteSession(id) {
      db.delete(shopifySessions).where(eq(shopifySessions.id, id)).run();
      return true;
    },
    async deleteSessions(ids) {
      if (ids.length) db.delete(shopifySessions).where(inArray(shopifySessions.id, ids)).run();
      return true;
    },
    async findSessionsByShop(shop) {
      return db
        .select()
        .from(shopifySessions)
        .where(eq(shopifySessions.shop, shop))
        .orderBy(desc(shopifySessions.updatedAt))
        .all()
        .map(toSession);
    },
    async deleteShopSessions(shop) {
      return db.delete(shopifySessions).where(eq(shopifySessions.shop, shop)).run().changes;
    },
  };
}

/** What the app has granted now, for a shop's offline sessions (app/scopes_update). */
export function setOfflineScope(db: Db, shop: string, scope: string, at: string): void {
  db.update(shopifySessions)
    .set({ scope, updatedAt: at })
    .where(and(eq(shopifySessions.shop, shop), eq(shopifySessions.isOnline, false)))
    .run();
}
