// Compliance data requests (Shopify customers/data_request) as the merchant sees them, always
// filtered by account; implemented in db/.

export type DataRequestSummary = {
  id: string;
  connectionId: string;
  store: string;
  platform: string;
  externalRequestId: string | null;
  createdAt: string;
  fulfilledAt: string | null;
  customer: { externalId: string | null; email: string | null; phone: string | null };
  profilesFound: number;
};

export interface DataRequestsPort {
  list(accountId: string, limit?: number): Promise<DataRequestSummary[]>;
  /** The export as stored when the request arrived; null when not this account's. */
  exportOf(accountId: string, id: string): Promise<Record<string, unknown> | null>;
}
