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

/**
 * Whether a cursor's value has its sort column's type: a number for amounts and counts, a string
 * for the name, an ISO-8601 instant for dates ('' for a customer without orders). A cursor of
 * another sort, or a forged one, does not fit (PostgreSQL would refuse to compare it).
 */
export function cursorFits(sort: CustomerSort, c: Cursor): boolean {
  if (sort === 'amountSpent' || sort === 'numberOfOrders') return Number.isSafeInteger(c.v);
  if (typeof c.v !== 'string') return false;
  if (sort === 'name') return true;
  if (c.v === '') return sort === 'lastOrderAt' || sort === 'firstOrderAt';
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(c.v) && !Number.isNaN(Date.parse(c.v));
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
