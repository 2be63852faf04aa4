// Standalone staff logins and their sessions (Shopify staff sign in through Shopify instead).

export type StaffLogin = { id: string; email: string; createdAt: string };
export type LoginSession = { token: string; accountId: string; expiresAt: string };

export interface StaffAuthPort {
  /** Whether any staff login exists: the first run has none. */
  hasAnyLogin(): Promise<boolean>;
  /** The first run's owner: a new account and its first login, only while no login exists at all; null otherwise. */
  createOwner(input: { shopName: string; currency: string; email: string; passwordHash: string }): Promise<string | null>;
  /** Whether a login with this email exists in any account (emails are Rapport-wide). */
  emailTaken(email: string): Promise<boolean>;
  /** A staff login with a hash from `passwordHasher.hash` (off the event loop); returns its id. */
  addAdminUser(accountId: string, email: string, passwordHash: string): Promise<string>;
  /** The account's logins, oldest first; never the password hashes. */
  listAdminUsers(accountId: string): Promise<StaffLogin[]>;
  /** Removes a login of this account and ends its sessions; false when there is no such user. */
  deleteAdminUser(accountId: string, userId: string): Promise<boolean>;
  /** A session for a valid login, or null (unknown emails take as long as wrong passwords). */
  login(email: string, password: string, ttlHours?: number): Promise<LoginSession | null>;
  sessionAccount(token: string): Promise<{ accountId: string; userId: string } | undefined>;
  logout(token: string): Promise<void>;
}
