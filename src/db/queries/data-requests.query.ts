import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { connections, dataRequests } from '../schema/index.ts';

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

export function listDataRequests(db: Db, accountId: string, limit = 200) {
  const rows = db
    .select({
      id: dataRequests.id,
      connectionId: dataRequests.connectionId,
      store: connections.name,
      platform: connections.platform,
      externalRequestId: dataRequests.externalRequestId,
      export: dataRequests.export,
      createdAt: dataRequests.createdAt,
      fulfilledAt: dataRequests.fulfilledAt,
    })
    .from(dataRequests)
    .innerJoin(connections, eq(connections.id, dataRequests.connectionId))
    .where(eq(dataRequests.accountId, accountId))
    .orderBy(desc(dataRequests.createdAt), desc(dataRequests.id))
    .limit(limit)
    .all();
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
export function dataRequestExport(db: Db, accountId: string, id: string): Record<string, unknown> | null {
  const row = db
    .select()
    .from(dataRequests)
    .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id)))
    .get();
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
