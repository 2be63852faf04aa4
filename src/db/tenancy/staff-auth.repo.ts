import { and, asc, eq, gt } from 'drizzle-orm';
import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import { hashPassword, randomToken, sha256Hex } from '../../lib/crypto.ts';
import { newId } from '../../lib/ids.ts';
import { passwordHasher } from '../../lib/password.ts';
import type { Db } from '../client.ts';
import { resolved, type Synchronous } from '../resolved.ts';
import { adminSessions, adminUsers } from '../schema/index.ts';
import { accountRows } from './accounts.repo.ts';

// Standalone staff logins and their sessions; only a token's hash is stored.

export function createStaffAuth(db: Db) {
  const accounts = accountRows(db);
  const normal = (email: string) => email.trim().toLowerCase();
  const findAdminUser = (email: string) =>
    db
      .select()
      .from(adminUsers)
      .where(eq(adminUsers.email, normal(email)))
      .get();
  const hasAnyLogin = () => db.select({ id: adminUsers.id }).from(adminUsers).limit(1).get() !== undefined;
  const addAdminUser = (accountId: string, email: string, passwordHash: string) => {
    const id = newId('usr');
    db.insert(adminUsers)
      .values({ id, accountId, email: normal(email), passwordHash, createdAt: new Date().toISOString() })
      .run();
    return id;
  };

  const port: Synchronous<StaffAuthPort, 'login'> = {
    hasAnyLogin,
    // Checked and written in one synchronous step, so two racing requests cannot both win.
    createOwner(input) {
      if (hasAnyLogin()) return null;
      const accountId = accounts.createAccount(input.shopName, input.currency);
      addAdminUser(accountId, input.email, input.passwordHash);
      return accountId;
    },
    emailTaken: (email) => findAdminUser(email) !== undefined,
    addAdminUser,
    listAdminUsers(accountId) {
      return db
        .select({ id: adminUsers.id, email: adminUsers.email, createdAt: adminUsers.createdAt })
        .from(adminUsers)
        .where(eq(adminUsers.accountId, accountId))
        .orderBy(asc(adminUsers.createdAt), asc(adminUsers.id))
        .all();
    },
    deleteAdminUser(accountId, userId) {
      // Two single statements (no transaction: a unit of work of the CRM store may be open on this connection).
      const removed =
        db
          .delete(adminUsers)
          .where(and(eq(adminUsers.id, userId), eq(adminUsers.accountId, accountId)))
          .run().changes > 0;
      if (removed) db.delete(adminSessions).where(eq(adminSessions.userId, userId)).run();
      return removed;
    },
    /** Unknown emails are checked against a dummy hash; throws HasherBusyError under overload. */
    async login(email, password, ttlHours = 12) {
      const user = findAdminUser(email);
      const ok = await passwordHasher.verify(password, user?.passwordHash);
      if (!user || !ok) return null;
      const token = `rps_${randomToken()}`;
      const expiresAt = new Date(Date.now() + ttlHours * 3_600_000).toISOString();
      db.insert(adminSessions)
        .values({ tokenHash: sha256Hex(token), userId: user.id, accountId: user.accountId, expiresAt })
        .run();
      return { token, accountId: user.accountId, expiresAt };
    },
    sessionAccount(token) {
      return db
        .select({ accountId: adminSessions.accountId, userId: adminSessions.userId })
        .from(adminSessions)
        .where(and(eq(adminSessions.tokenHash, sha256Hex(token)), gt(adminSessions.expiresAt, new Date().toISOString())))
        .get();
    },
    logout(token) {
      db.delete(adminSessions)
        .where(eq(adminSessions.tokenHash, sha256Hex(token)))
        .run();
    },
  };
  return {
    ...resolved<StaffAuthPort, 'login'>(port),
    findAdminUser: async (email: string) => findAdminUser(email),
    /** Synchronous hashing: for the CLI, the demo seed and tests; request handlers use addAdminUser. */
    createAdminUser: async (accountId: string, email: string, password: string) => addAdminUser(accountId, email, hashPassword(password)),
  };
}
