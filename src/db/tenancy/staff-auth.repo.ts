import type { StaffAuthPort, StaffLogin } from '../../crm/tenancy/staff-auth.port.ts';
import { hashPassword, randomToken, sha256Hex } from '../../lib/crypto.ts';
import { newId } from '../../lib/ids.ts';
import { passwordHasher } from '../../lib/password.ts';
import { lockForUnit } from '../sql/conflicts.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { query, type Executor } from '../sql/executor.ts';
import { accountsRepo } from './accounts.repo.ts';

// Standalone staff logins and their sessions; only a token's hash is stored.

type AdminUser = { id: string; accountId: string; email: string; passwordHash: string; createdAt: string };

const q = {
  byEmail: query(
    'SELECT id, account_id AS "accountId", email, password_hash AS "passwordHash", created_at AS "createdAt" FROM admin_users WHERE email = :email',
  ),
  any: query('SELECT id FROM admin_users LIMIT 1'),
  insert: query(
    'INSERT INTO admin_users (id, account_id, email, password_hash, created_at) VALUES (:id, :accountId, :email, :passwordHash, :createdAt)',
  ),
  list: query('SELECT id, email, created_at AS "createdAt" FROM admin_users WHERE account_id = :accountId ORDER BY created_at, id'),
  deleteUser: query('DELETE FROM admin_users WHERE id = :userId AND account_id = :accountId'),
  deleteSessionsOf: query('DELETE FROM admin_sessions WHERE user_id = :userId'),
  insertSession: query(
    'INSERT INTO admin_sessions (token_hash, user_id, account_id, expires_at) VALUES (:tokenHash, :userId, :accountId, :expiresAt)',
  ),
  // Every signed-in request reads its session: prepared once.
  session: query(
    'SELECT account_id AS "accountId", user_id AS "userId" FROM admin_sessions WHERE token_hash = :tokenHash AND expires_at > :now',
  ),
  logout: query('DELETE FROM admin_sessions WHERE token_hash = :tokenHash'),
};

const normal = (email: string) => email.trim().toLowerCase();

const hasAnyLogin = async (x: Executor) => (await x.get(q.any)) !== undefined;

async function addAdminUser(x: Executor, accountId: string, email: string, passwordHash: string): Promise<string> {
  const id = newId('usr');
  await x.run(q.insert, { id, accountId, email: normal(email), passwordHash, createdAt: new Date().toISOString() });
  return id;
}

export function createStaffAuth(database: SqlDatabase) {
  const { x } = database;
  const findAdminUser = (email: string) => x.get<AdminUser>(q.byEmail, { email: normal(email) });

  const port: StaffAuthPort = {
    hasAnyLogin: () => hasAnyLogin(x),
    // Checked and written in one unit of work that holds the first-owner lock (sql/conflicts.ts), so
    // of two racing requests the second sees the first's login and gets null, on either database.
    createOwner: (input) =>
      database.transaction(async (tx) => {
        await lockForUnit(tx, 'rapport.first-owner');
        if (await hasAnyLogin(tx)) return null;
        const accountId = await accountsRepo(tx).createAccount(input.shopName, input.currency);
        await addAdminUser(tx, accountId, input.email, input.passwordHash);
        return accountId;
      }),
    emailTaken: async (email) => (await findAdminUser(email)) !== undefined,
    addAdminUser: (accountId, email, passwordHash) => addAdminUser(x, accountId, email, passwordHash),
    listAdminUsers: (accountId) => x.all<StaffLogin>(q.list, { accountId }),
    deleteAdminUser: (accountId, userId) =>
      database.transaction(async (tx) => {
        const removed = (await tx.run(q.deleteUser, { userId, accountId })) > 0;
        // The foreign key cascades too; said here so no session outlives its login whatever the schema.
        if (removed) await tx.run(q.deleteSessionsOf, { userId });
        return removed;
      }),
    /** Unknown emails are checked against a dummy hash; throws HasherBusyError under overload. */
    async login(email, password, ttlHours = 12) {
      const user = await findAdminUser(email);
      const ok = await passwordHasher.verify(password, user?.passwordHash);
      if (!user || !ok) return null;
      const token = `rps_${randomToken()}`;
      const expiresAt = new Date(Date.now() + ttlHours * 3_600_000).toISOString();
      await x.run(q.insertSession, { tokenHash: sha256Hex(token), userId: user.id, accountId: user.accountId, expiresAt });
      return { token, accountId: user.accountId, expiresAt };
    },
    sessionAccount: (token) =>
      x.get<{ accountId: string; userId: string }>(q.session, { tokenHash: sha256Hex(token), now: new Date().toISOString() }),
    async logout(token) {
      await x.run(q.logout, { tokenHash: sha256Hex(token) });
    },
  };
  return {
    ...port,
    findAdminUser,
    /** Synchronous hashing: for the CLI, the demo seed and tests; request handlers use addAdminUser. */
    createAdminUser: (accountId: string, email: string, password: string) => addAdminUser(x, accountId, email, hashPassword(password)),
  };
}
