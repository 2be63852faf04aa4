// A merchant account: owns its store connections, staff logins and every CRM row.

export type Account = { id: string; name: string; currency: string; createdAt: string };

export interface AccountsPort {
  createAccount(name: string, currency?: string, id?: string): Promise<string>;
  getAccount(id: string): Promise<Account | undefined>;
}
