import { Session } from '@shopify/shopify-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/lib/crypto.ts';
import { createShopifyInstalls } from '../../src/db/shopify-installs.repo.ts';
import { createShopifySessionStorage } from '../../src/db/shopify-sessions.repo.ts';
import { isUniqueViolation } from '../../src/db/sql/conflicts.ts';
import { createTenancy, type Tenancy } from '../../src/db/tenancy.repo.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Accounts, store connections, staff logins, Shopify sessions and installs: one implementation
// over the database handle, so each case must end the same on SQLite and on PostgreSQL, racing
// requests (the first owner, a shop's first install) included.

const KEY = Buffer.alloc(32, 5);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Opens as many pooled connections as racing units need, so on PostgreSQL they really overlap (none waits for a connect). */
const warm = (h: StoreHarness) => Promise.all([1, 2, 3, 4].map(() => h.rows('SELECT 1 AS one')));

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

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`tenancy and Shopify storage (${kind.name})`, () => {
    let h: StoreHarness;
    let t: Tenancy;

    beforeAll(async () => {
      h = await kind.open();
      t = createTenancy(h.database, KEY);
    });
    afterAll(() => h.close());

    it('creates and reads accounts, with instants in the one ISO form', async () => {
      const id = await t.createAccount('Bazaar', 'PKR');
      expect(await t.getAccount(id)).toEqual({ id, name: 'Bazaar', currency: 'PKR', createdAt: expect.stringMatching(ISO) });
      expect(await t.createAccount('Given', undefined, 'acc_given')).toBe('acc_given');
      expect((await t.getAccount('acc_given'))?.currency).toBe('USD');
      expect(await t.getAccount('acc_missing')).toBeUndefined();
    });

    it('keeps connections allowlisted, their secrets sealed and opened only through the port', async () => {
      const accountId = await t.createAccount('Woo', 'USD');
      const made = await t.upsertConnection({
        accountId,
        platform: 'woocommerce',
        domain: 'https://woo.example/',
        apiKey: 'ck_secret',
        webhookSecret: 'whsec_one',
        timezone: 'Asia/Karachi',
      });
      expect(made).toMatchObject({ name: 'https://woo.example/', status: 'active', currency: 'USD', country: null, uninstalledAt: null });
      expect(made.createdAt).toMatch(ISO);
      const [raw] = await h.rows<Record<string, string>>('SELECT api_key_enc, webhook_secret_enc FROM connections WHERE id = :id', {
        id: made.id,
      });
      expect(raw!.api_key_enc).toMatch(/^v1\./);
      for (const c of [
        made,
        (await t.connection(made.id))!,
        (await t.connectionByDomain('woocommerce', 'https://woo.example/'))!,
        ...(await t.listConnections(accountId)),
      ]) {
        expect(Object.keys(c).sort()).toEqual(ALLOWED);
        expect(JSON.stringify(c)).not.toMatch(/ck_secret|whsec_one|v1\./);
        expect(await t.secrets(c)).toEqual({
          apiKey: 'ck_secret',
          webhookSecret: 'whsec_one',
          accessToken: null,
          apiSecret: null,
          storefrontSecret: null,
        });
        expect(await t.webhookSecret(c)).toBe('whsec_one');
      }
      // A copy made elsewhere (no sealed row beside it) is read again by id.
      expect(await t.webhookSecret({ ...made })).toBe('whsec_one');
      expect(await t.secrets({ ...made })).toMatchObject({ apiKey: 'ck_secret' });
    });

    it('reconnects in place: new secrets, the stored time zone kept when none is given, uninstall cleared', async () => {
      const accountId = await t.createAccount('Reconnect', 'USD');
      const first = await t.upsertConnection({
        accountId,
        platform: 'shopify',
        domain: 'reconnect.myshopify.com',
        accessToken: 'shpat_old',
        timezone: 'Europe/Berlin',
      });
      await h.run("UPDATE connections SET status = 'uninstalled', uninstalled_at = :at WHERE id = :id", {
        id: first.id,
        at: '2026-01-01T00:00:00.000Z',
      });
      const again = await t.upsertConnection({
        accountId,
        platform: 'shopify',
        domain: 'reconnect.myshopify.com',
        name: 'Reconnected',
        accessToken: 'shpat_new',
        country: 'DE',
        status: 'unverified',
      });
      expect(again).toMatchObject({
        id: first.id,
        createdAt: first.createdAt,
        name: 'Reconnected',
        country: 'DE',
        status: 'unverified',
        timezone: 'Europe/Berlin',
        uninstalledAt: null,
      });
      expect((await t.secrets(again)).accessToken).toBe('shpat_new');
      // The old object still opens what it was read with; a fresh read opens the new token.
      expect((await t.secrets((await t.connection(first.id))!)).accessToken).toBe('shpat_new');
    });

    it('updates only the fields a patch gives, lists by account, and disconnects by deleting every secret', async () => {
      const a = await t.createAccount('List A', 'USD');
      const b = await t.createAccount('List B', 'USD');
      const one = await t.upsertConnection({ accountId: a, platform: 'shopify', domain: 'list-1.myshopify.com', country: 'PK' });
      const two = await t.upsertConnection({
        accountId: a,
        platform: 'woocommerce',
        domain: 'https://list-2.example/',
        apiKey: 'ck',
        apiSecret: 'cs',
        webhookSecret: 'wh',
        storefrontSecret: 'sf',
      });
      await t.upsertConnection({ accountId: b, platform: 'shopify', domain: 'list-3.myshopify.com' });
      expect((await t.listConnections(a)).map((c) => c.id).sort()).toEqual([one.id, two.id].sort());
      const all = (await t.listConnections()).map((c) => c.domain);
      expect(all).toEqual(expect.arrayContaining(['list-1.myshopify.com', 'https://list-2.example/', 'list-3.myshopify.com']));

      await t.updateConnection(one.id, { name: 'Shop One', timezone: 'Asia/Karachi', country: undefined });
      expect(await t.connection(one.id)).toMatchObject({ name: 'Shop One', timezone: 'Asia/Karachi', country: 'PK' });
      await t.updateConnection(one.id, { country: null });
      expect((await t.connection(one.id))?.country).toBeNull();
      await t.updateConnection(one.id, {});

      await t.disconnectConnection(two.id);
      const gone = (await t.connection(two.id))!;
      expect(gone.status).toBe('disconnected');
      expect(gone.uninstalledAt).toMatch(ISO);
      expect(await t.secrets(gone)).toEqual({
        accessToken: null,
        webhookSecret: null,
        apiKey: null,
        apiSecret: null,
        storefrontSecret: null,
      });
    });

    describe('staff logins', () => {
      // A database of its own: the first owner needs one with no login at all.
      let own: StoreHarness;
      let s: Tenancy;
      beforeAll(async () => {
        own = await kind.open();
        s = createTenancy(own.database, KEY);
      });
      afterAll(() => own.close());

      it('creates exactly one first owner when two requests race', async () => {
        expect(await s.hasAnyLogin()).toBe(false);
        await warm(own);
        const hash = hashPassword('correct horse battery');
        const owners = await Promise.all(
          ['one', 'two', 'three'].map((n) =>
            s.createOwner({ shopName: `Shop ${n}`, currency: 'PKR', email: `${n}@owner.example`, passwordHash: hash }),
          ),
        );
        const winners = owners.filter((o): o is string => o !== null);
        expect(winners).toHaveLength(1);
        expect(await own.rows('SELECT id FROM accounts')).toEqual([{ id: winners[0] }]);
        expect(await own.rows('SELECT account_id FROM admin_users')).toEqual([{ account_id: winners[0] }]);
        expect(await s.hasAnyLogin()).toBe(true);
        expect(await s.createOwner({ shopName: 'Late', currency: 'USD', email: 'late@owner.example', passwordHash: hash })).toBeNull();
      });

      it('keeps emails unique across Rapport, case-insensitively', async () => {
        const accountId = await s.createAccount('Staff', 'USD');
        await s.createAdminUser(accountId, ' Staff@Shop.Example ', 'a long enough password');
        expect(await s.emailTaken('staff@shop.example')).toBe(true);
        expect(await s.emailTaken('STAFF@shop.example')).toBe(true);
        expect(await s.emailTaken('other@shop.example')).toBe(false);
        const refused = await s.addAdminUser(accountId, 'STAFF@shop.example', 'x').catch((err: unknown) => err);
        expect(isUniqueViolation(refused)).toBe(true);
        // What the staff route recognises (http/admin/staff.routes.ts), on either database.
        expect(String(refused)).toMatch(/UNIQUE/i);
      });

      it('signs in, reads the session, signs out; expired sessions and wrong passwords read nothing', async () => {
        const accountId = await s.createAccount('Sessions', 'USD');
        const userId = await s.createAdminUser(accountId, 'login@shop.example', 'a long enough password');
        expect(await s.login('login@shop.example', 'wrong password')).toBeNull();
        expect(await s.login('nobody@shop.example', 'a long enough password')).toBeNull();
        const session = (await s.login('LOGIN@shop.example', 'a long enough password'))!;
        expect(session).toMatchObject({ accountId, token: expect.stringMatching(/^rps_/), expiresAt: expect.stringMatching(ISO) });
        expect(await s.sessionAccount(session.token)).toEqual({ accountId, userId });
        const [stored] = await own.rows<{ token_hash: string }>('SELECT token_hash FROM admin_sessions WHERE user_id = :userId', {
          userId,
        });
        expect(stored!.token_hash).not.toContain(session.token);
        await s.logout(session.token);
        expect(await s.sessionAccount(session.token)).toBeUndefined();
        const expired = (await s.login('login@shop.example', 'a long enough password', -1))!;
        expect(await s.sessionAccount(expired.token)).toBeUndefined();
      });

      it("lists an account's logins oldest first without hashes, and deletes one with its sessions", async () => {
        const accountId = await s.createAccount('Team', 'USD');
        const other = await s.createAccount('Other team', 'USD');
        const first = await s.addAdminUser(accountId, 'first@team.example', hashPassword('a long enough password'));
        const second = await s.createAdminUser(accountId, 'second@team.example', 'a long enough password');
        const logins = await s.listAdminUsers(accountId);
        expect(logins.map((l) => l.id)).toEqual([first, second]);
        expect(logins[0]).toEqual({ id: first, email: 'first@team.example', createdAt: expect.stringMatching(ISO) });
        const session = (await s.login('second@team.example', 'a long enough password'))!;
        expect(await s.deleteAdminUser(other, second)).toBe(false);
        expect(await s.sessionAccount(session.token)).toBeDefined();
        expect(await s.deleteAdminUser(accountId, second)).toBe(true);
        expect(await s.sessionAccount(session.token)).toBeUndefined();
        expect((await s.listAdminUsers(accountId)).map((l) => l.id)).toEqual([first]);
        expect(await s.findAdminUser('second@team.example')).toBeUndefined();
        expect(await s.findAdminUser('first@team.example')).toMatchObject({ id: first, accountId });
      });
    });

    describe('Shopify sessions and installs', () => {
      const SHOP = `install-${kind.name}.myshopify.com`;
      const sessions = () => createShopifySessionStorage(h.database, KEY);
      const installs = () => createShopifyInstalls(h.database, KEY);
      const offline = (shop: string, token: string) =>
        new Session({
          id: `offline_${shop}`,
          shop,
          state: '',
          isOnline: false,
          scope: 'read_orders',
          accessToken: token,
          expires: new Date('2030-01-01T00:00:00.000Z'),
          refreshToken: `refresh_${token}`,
          refreshTokenExpires: new Date('2030-06-01T00:00:00.000Z'),
        });

      it('installs an unknown shop once, even when its first requests race', async () => {
        const facts = { name: 'Racing Shop', currency: 'PKR', country: 'PK', timezone: 'Asia/Karachi' };
        await warm(h);
        const results = await Promise.all([1, 2, 3].map(() => installs().install(SHOP, facts, 'read_orders,read_all_orders')));
        const connectionId = results[0]!.connectionId;
        for (const r of results)
          expect(r).toEqual({ connectionId, accountId: results[0]!.accountId, status: 'active', hasAccessToken: false });
        expect(await h.rows('SELECT id FROM connections WHERE domain = :shop', { shop: SHOP })).toHaveLength(1);
        expect(await h.rows("SELECT id FROM accounts WHERE name = 'Racing Shop'")).toHaveLength(1);
        expect(await t.connection(connectionId)).toMatchObject({ currency: 'PKR', country: 'PK', timezone: 'Asia/Karachi' });
        expect(
          await h.rows('SELECT granted_scopes FROM connection_sync_state WHERE connection_id = :connectionId', { connectionId }),
        ).toEqual([{ granted_scopes: 'read_orders,read_all_orders' }]);
      });

      it('stores sessions sealed, tied to the connection, and loads them back as the library made them', async () => {
        const storage = sessions();
        const online = new Session({
          id: `${SHOP}_42`,
          shop: SHOP,
          state: 'st',
          isOnline: true,
          scope: 'read_orders',
          expires: new Date('2030-01-01T00:00:00.000Z'),
          onlineAccessInfo: {
            expires_in: 86_400,
            associated_user_scope: 'read_orders',
            associated_user: {
              id: 42,
              first_name: 'Ayesha',
              last_name: 'Khan',
              email: 'a@example.pk',
              email_verified: true,
              account_owner: false,
              locale: 'en',
              collaborator: false,
            },
          },
        });
        expect(await storage.storeSession(offline(SHOP, 'shpat_first'))).toBe(true);
        expect(await storage.storeSession(online)).toBe(true);
        expect(await storage.storeSession(offline(SHOP, 'shpat_second'))).toBe(true); // replaces, by id

        const loaded = (await storage.loadSession(`offline_${SHOP}`))!;
        expect(loaded).toBeInstanceOf(Session);
        expect(loaded).toMatchObject({
          isOnline: false,
          accessToken: 'shpat_second',
          refreshToken: 'refresh_shpat_second',
          scope: 'read_orders',
        });
        expect(loaded.expires?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
        expect(loaded.refreshTokenExpires?.toISOString()).toBe('2030-06-01T00:00:00.000Z');
        const back = (await storage.loadSession(`${SHOP}_42`))!;
        expect(back.isOnline).toBe(true);
        expect(back.onlineAccessInfo?.associated_user.first_name).toBe('Ayesha');
        expect(await storage.loadSession('offline_nowhere.myshopify.com')).toBeUndefined();

        const rows = await h.rows<Record<string, unknown>>('SELECT * FROM shopify_sessions WHERE shop = :shop ORDER BY id', { shop: SHOP });
        const connectionId = (await t.connectionByDomain('shopify', SHOP))!.id;
        expect(rows.map((r) => [r.id, Boolean(r.is_online), r.connection_id, r.user_id])).toEqual([
          [`${SHOP}_42`, true, connectionId, '42'],
          [`offline_${SHOP}`, false, connectionId, null],
        ]);
        expect(JSON.stringify(rows)).not.toMatch(/shpat_|refresh_shpat/);
        // A shop with no connection yet stores its session unattached.
        await storage.storeSession(offline('unknown.myshopify.com', 'shpat_x'));
        expect(await h.rows("SELECT connection_id FROM shopify_sessions WHERE shop = 'unknown.myshopify.com'")).toEqual([
          { connection_id: null },
        ]);
        expect((await installs().find(SHOP))?.hasAccessToken).toBe(false); // the connection's own token, not the session's
      });

      it("follows granted scopes on the connection and the shop's offline sessions only", async () => {
        await installs().scopesGranted(SHOP, 'read_orders,write_customers');
        const scopes = await h.rows<{ id: string; scope: string }>(
          'SELECT id, scope FROM shopify_sessions WHERE shop = :shop ORDER BY id',
          {
            shop: SHOP,
          },
        );
        expect(scopes).toEqual([
          { id: `${SHOP}_42`, scope: 'read_orders' },
          { id: `offline_${SHOP}`, scope: 'read_orders,write_customers' },
        ]);
        expect(
          await h.rows(
            'SELECT s.granted_scopes FROM connection_sync_state s JOIN connections c ON c.id = s.connection_id WHERE c.domain = :shop',
            { shop: SHOP },
          ),
        ).toEqual([{ granted_scopes: 'read_orders,write_customers' }]);
        await installs().scopesGranted('nowhere.myshopify.com', 'read_orders'); // unknown shop: nothing to do
      });

      it('finds, deletes and drops sessions per shop', async () => {
        const storage = sessions();
        await storage.storeSession(offline('other.myshopify.com', 'shpat_other'));
        expect((await storage.findSessionsByShop(SHOP)).map((s) => s.id).sort()).toEqual([`${SHOP}_42`, `offline_${SHOP}`]);
        expect(await storage.deleteSessions([`${SHOP}_42`, 'no_such_session'])).toBe(true);
        expect(await storage.deleteSessions([])).toBe(true);
        expect((await storage.findSessionsByShop(SHOP)).map((s) => s.id)).toEqual([`offline_${SHOP}`]);
        expect(await storage.deleteSession(`offline_${SHOP}`)).toBe(true);
        expect(await storage.findSessionsByShop(SHOP)).toEqual([]);
        await storage.storeSession(offline(SHOP, 'shpat_third'));
        expect(await storage.deleteShopSessions(SHOP)).toBe(1);
        expect(await storage.loadSession('offline_other.myshopify.com')).toBeDefined();
      });

      it('reactivates an uninstalled shop in place, with its new time zone, and no second account', async () => {
        const before = (await installs().find(SHOP))!;
        await h.store.transaction((r) => r.connections.markUninstalled(before.connectionId, new Date().toISOString()));
        expect((await installs().find(SHOP))?.status).toBe('uninstalled');
        const again = await installs().install(
          SHOP,
          { name: 'Renamed', currency: 'USD', country: null, timezone: 'Asia/Dubai' },
          'read_orders',
        );
        expect(again).toEqual({ ...before, status: 'active', hasAccessToken: false });
        expect(await t.connection(before.connectionId)).toMatchObject({
          status: 'active',
          uninstalledAt: null,
          timezone: 'Asia/Dubai',
          currency: 'PKR',
        });
        expect(await h.rows("SELECT id FROM accounts WHERE name IN ('Racing Shop', 'Renamed')")).toHaveLength(1);
      });
    });
  });
}
