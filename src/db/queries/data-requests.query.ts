import type { DataRequestSummary } from '../../crm/compliance/data-requests.port.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { query } from '../sql/executor.ts';

// Compliance data requests (Shopify customers/data_request) for the merchant to hand over,
// always filtered by account.

type StoredExport = {
  requestedAt?: string;
  customer?: { externalId?: string | null; email?: string | null; phone?: string | null };
  profiles?: Array<Record<string, unknown>>;
};

function parseExport(text: string): StoredExport {
  try {
    return JSON.parse(text) as StoredExport;
  } catch {
    return {};
  }
}

const q = {
  list: query(`SELECT r.id AS "id", r.connection_id AS "connectionId", c.name AS "store", c.platform AS "platform",
      r.external_request_id AS "externalRequestId", r."export" AS "export", r.created_at AS "createdAt", r.fulfilled_at AS "fulfilledAt"
    FROM data_requests r JOIN connections c ON c.id = r.connection_id
    WHERE r.account_id = :accountId ORDER BY r.created_at DESC, r.id DESC LIMIT :limit`),
  one: query(`SELECT id, external_request_id AS "externalRequestId", "export", created_at AS "createdAt"
    FROM data_requests WHERE account_id = :accountId AND id = :id`),
};

type Listed = Omit<DataRequestSummary, 'customer' | 'profilesFound'> & { export: string };

export async function listDataRequests(database: SqlDatabase, accountId: string, limit = 200): Promise<DataRequestSummary[]> {
  const rows = await database.x.all<Listed>(q.list, { accountId, limit });
  return rows.map(({ export: text, ...r }) => {
    const e = parseExport(text);
    return {
      ...r,
      customer: { externalId: e.customer?.externalId ?? null, email: e.customer?.email ?? null, phone: e.customer?.phone ?? null },
      profilesFound: e.profiles?.length ?? 0,
    };
  });
}

/** The export as stored when the request arrived, shaped like one customer's export for each profile found. */
export async function dataRequestExport(database: SqlDatabase, accountId: string, id: string): Promise<Record<string, unknown> | null> {
  const row = await database.x.get<{ id: string; externalRequestId: string | null; export: string; createdAt: string }>(q.one, {
    accountId,
    id,
  });
  if (!row) return null;
  const e = parseExport(row.export);
  return {
    dataRequestId: row.id,
    externalRequestId: row.externalRequestId,
    requestedAt: e.requestedAt ?? row.createdAt,
    customer: e.customer ?? null,
    profiles: (e.profiles ?? []).map((p) => ({
      exportedAt: e.requestedAt ?? row.createdAt,
      customerId: (p.profile as { id?: string } | undefined)?.id ?? null,
      ...p,
    })),
  };
}
