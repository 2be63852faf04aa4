import { once } from 'node:events';
import { z } from 'zod';
import { customerSorts, type Cursor, type CustomerSort } from '../../crm/customers/customer-list.ts';
import type { CustomerQueriesPort, ExportRow, SpendElsewhere } from '../../crm/customers/customer-queries.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { fromMinor } from '../../lib/money.ts';
import { checkRanges, filterFields, toFilters } from './customers.filters.ts';
import { BOM, csvCell } from './csv.ts';
import { accountOf } from './caller.ts';
import { customersCsv } from './customers.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// CSV export of the filtered customer list, streamed row by row (UTF-8 with a BOM, quoting and
// formula defusing as ./csv.ts).

// amount_spent is in the account's currency; amount_spent_other lists any other ("USD 55.00; ...").
const HEADER = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'orders',
  'amount_spent',
  'currency',
  'first_order_at',
  'last_order_at',
  'created_at',
  'tags',
  'tier',
  'amount_spent_other',
];

export const exportQuery = z
  .strictObject({
    query: z.string().max(200).optional(),
    sort: z.enum([...customerSorts, ...customerSorts.map((s) => `-${s}` as const)]).default('-lastOrderAt'),
    ...filterFields,
  })
  .superRefine(checkRanges);

// A client that hangs up never drains: 'close' ends the wait too.
const drained = (res: NodeJS.WritableStream) => Promise.race([once(res, 'drain'), once(res, 'close')]);

const line = (r: ExportRow, elsewhere: SpendElsewhere) =>
  [
    r.id,
    r.firstName,
    r.lastName,
    r.email,
    r.phone,
    r.numberOfOrders,
    fromMinor(r.amountSpentMinor, r.currency),
    r.currency,
    r.firstOrderAt,
    r.lastOrderAt,
    r.createdAt,
    r.tags,
    r.tier,
    (elsewhere.get(r.id) ?? []).map((o) => `${o.currency} ${fromMinor(o.spent, o.currency)}`).join('; ') || null,
  ]
    .map(csvCell)
    .join(',');

export function registerCustomerExportRoute(
  registry: RouteRegistry,
  deps: { customers: CustomerQueriesPort; accounts: AccountsPort },
): void {
  const { customers, accounts } = deps;
  registry.add({
    method: 'get',
    path: '/api/customers/export.csv',
    tag: 'Customers',
    auth: true,
    summary: 'The filtered customer list as CSV (UTF-8 with BOM), streamed',
    query: exportQuery,
    response: customersCsv,
    errors: [400],
    handler: async ({ query, req, res }) => {
      const accountId = accountOf(req);
      const currency = (await accounts.getAccount(accountId))?.currency ?? 'USD';
      const descending = query.sort.startsWith('-');
      const options = {
        query: query.query,
        sort: query.sort.replace(/^-/, '') as CustomerSort,
        descending,
        filters: toFilters(query, currency),
        first: 1000,
      };
      res.status(200).setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="customers-${new Date().toISOString().slice(0, 10)}.csv"`);
      res.setHeader('cache-control', 'no-store');
      // One write per batch of 1,000 rows; wait for 'drain' so a slow client never makes us buffer the file.
      let after: Cursor | undefined;
      if (!res.write(`${BOM}${HEADER.join(',')}\r\n`)) await drained(res);
      for (;;) {
        const batch = await customers.exportBatch(accountId, { ...options, after });
        const elsewhere = await customers.spendElsewhere(
          batch.rows.filter((r) => r.numberOfOrders > 0).map((r) => r.id),
          currency,
        );
        if (batch.rows.length && !res.write(batch.rows.map((r) => `${line(r, elsewhere)}\r\n`).join(''))) await drained(res);
        if (!batch.next || res.destroyed) break;
        after = batch.next;
      }
      res.end();
    },
  });
}
