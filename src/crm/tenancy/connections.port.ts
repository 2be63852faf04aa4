import type { Platform } from '../events.ts';

// A store connection as every layer above storage sees it. The shape is an allowlist: a column
// added to the table (a new secret, say) stays out of responses and logs until it is named here.

export type Connection = {
  id: string;
  accountId: string;
  platform: Platform;
  domain: string;
  name: string;
  status: 'active' | 'uninstalled' | 'unverified' | 'disconnected';
  currency: string;
  country: string | null;
  /** The shop's IANA time zone (its "today" for birthday points); null when not known yet: UTC. */
  timezone: string | null;
  createdAt: string;
  uninstalledAt: string | null;
};

export type ConnectionStatus = Connection['status'];

/** Picks the allowlisted fields out of a stored row, whatever else the row holds. */
export function toConnection(row: Connection): Connection {
  return {
    id: row.id,
    accountId: row.accountId,
    platform: row.platform,
    domain: row.domain,
    name: row.name,
    status: row.status,
    currency: row.currency,
    country: row.country,
    timezone: row.timezone ?? null,
    createdAt: row.createdAt,
    uninstalledAt: row.uninstalledAt,
  };
}

/** A connection's keys and tokens, opened; only the code that calls the platform asks for them. */
export type ConnectionSecrets = {
  accessToken: string | null;
  webhookSecret: string | null;
  apiKey: string | null;
  apiSecret: string | null;
  storefrontSecret: string | null;
};

export type NewConnection = {
  accountId: string;
  platform: Platform;
  domain: string;
  name?: string;
  currency?: string;
  country?: string | null;
  /** IANA time zone of the shop, when the platform told us (a reconnect without one keeps it). */
  timezone?: string | null;
  /** 'unverified' for `connect --no-verify` (default 'active'). */
  status?: 'active' | 'unverified';
} & Partial<ConnectionSecrets>;

export interface ConnectionsPort {
  /** Creates a connection, or updates the secrets of an existing one for the same store. */
  upsertConnection(c: NewConnection): Promise<Connection>;
  connection(id: string): Promise<Connection | undefined>;
  connectionByDomain(platform: Platform, domain: string): Promise<Connection | undefined>;
  listConnections(accountId?: string): Promise<Connection[]>;
  /** A verified connection: status and what the shop told us about itself. */
  updateConnection(
    id: string,
    patch: { status?: 'active'; name?: string; currency?: string; country?: string | null; timezone?: string | null },
  ): Promise<void>;
  /** Deletes every key, token and secret of the connection and marks it disconnected; its customer data stays. */
  disconnectConnection(id: string): Promise<void>;
  /** The webhook secret alone, opened (read on every delivery, so implementations may cache it). */
  webhookSecret(c: Connection): Promise<string | null>;
  secrets(c: Connection): Promise<ConnectionSecrets>;
}
