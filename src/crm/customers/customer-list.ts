// How the customer list sorts and pages: the read model's vocabulary, shared by the HTTP edge
// (which parses it) and the store (which honours it).

export const customerSorts = ['createdAt', 'updatedAt', 'lastOrderAt', 'firstOrderAt', 'amountSpent', 'numberOfOrders', 'name'] as const;
export type CustomerSort = (typeof customerSorts)[number];

/** A page boundary: the sort value and id of the last row returned. */
export type Cursor = { v: string | number; id: string };
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url');
export function decodeCursor(s: string): Cursor | null {
  try {
    const [v, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    return (typeof v === 'string' || typeof v === 'number') && typeof id === 'string' ? { v, id } : null;
  } catch {
    return null;
  }
}

/** Optional list filters; every one narrows the list (AND). Amounts are minor units of the account currency. */
export type CustomerFilters = {
  tags?: string[];
  tier?: string;
  minOrders?: number;
  maxOrders?: number;
  minSpentMinor?: number;
  maxSpentMinor?: number;
  lastOrderFrom?: string;
  lastOrderBefore?: string;
  paymentMethod?: string;
};
