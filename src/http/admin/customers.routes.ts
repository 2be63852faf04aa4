import { z } from 'zod';
import { loyaltySummary } from '../../crm/loyalty/members.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { cursorFits, customerSorts, decodeCursor } from '../../crm/customers/customer-list.ts';
import type { CustomerQueriesPort } from '../../crm/customers/customer-queries.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import type { InsightsPort } from '../../crm/insights/insights.port.ts';
import { fromMinor } from '../../lib/money.ts';
import { HttpError } from '../errors.ts';
import { registerCustomerExportRoute } from './customers-export.routes.ts';
import { checkRanges, filterFields, toFilters } from './customers.filters.ts';
import { accountOf, customerIdOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import { customerListResponse, customerProfile, timelinePage, timelineQuery } from './customers.schemas.ts';
import type { RouteRegistry } from './registry.ts';

const toMoney = (minor: number, currency: string) => ({ amount: fromMinor(minor, currency), currencyCode: currency });

const listQuery = z
  .strictObject({
    query: z.string().max(200).optional(),
    sort: z.enum([...customerSorts, ...customerSorts.map((s) => `-${s}` as const)]).default('-lastOrderAt'),
    after: z.string().max(500).optional(),
    first: z.coerce.number().int().min(1).max(250).default(50),
    ...filterFields,
  })
  .superRefine(checkRanges);

async function timelineOf(
  customers: CustomerQueriesPort,
  accountId: string,
  customerId: string,
  first: number,
  after?: string,
  kind?: string,
) {
  const t = await customers.timeline(
    accountId,
    customerId,
    first,
    after ? Number(after) : undefined,
    kind
      ?.split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  );
  if (!t)
    throw new HttpError('invalid', "after: not a cursor of this customer's timeline", [
      { path: 'after', message: 'not a cursor returned for this customer' },
    ]);
  const events = t.events.map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
  // A note's author by name, as on the notes card.
  const authorOf = (data: Record<string, unknown>) => (typeof data.author === 'string' ? data.author : null);
  const names = await customers.actorNames(
    accountId,
    events.filter((e) => e.kind === 'note_added').map((e) => authorOf(e.data)),
  );
  return {
    events: events.map((e) => ({
      id: String(e.id),
      kind: e.kind,
      occurredAt: e.occurredAt,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      data: e.kind === 'note_added' ? { ...e.data, authorName: names.get(authorOf(e.data) ?? '') ?? null } : e.data,
    })),
    pageInfo: { hasNextPage: t.hasNextPage, endCursor: t.endCursor },
  };
}

export function registerCustomerRoutes(
  registry: RouteRegistry,
  deps: { customers: CustomerQueriesPort; accounts: AccountsPort; store: CrmStore; insights: InsightsPort },
): void {
  const { customers, accounts, store } = deps;
  registry.add({
    method: 'get',
    path: '/api/customers',
    tag: 'Customers',
    auth: true,
    summary: 'List and search customers (cursor-paginated)',
    query: listQuery,
    response: customerListResponse,
    errors: [400],
    handler: async ({ query, req }) => {
      const after = query.after ? decodeCursor(query.after) : undefined;
      const descending = query.sort.startsWith('-');
      const sort = query.sort.replace(/^-/, '') as (typeof customerSorts)[number];
      // A cursor of another sort does not fit this one's column.
      if (after === null || (after && !cursorFits(sort, after))) throw new HttpError('invalid', 'after: not a cursor returned by this API');
      const accountId = accountOf(req);
      const currency = (await accounts.getAccount(accountId))?.currency ?? 'USD';
      const page = await customers.list(accountId, {
        query: query.query,
        sort,
        descending,
        first: query.first,
        after,
        filters: toFilters(query, currency),
      });
      const others = await customers.spendElsewhere(
        page.rows.filter((c) => c.numberOfOrders > 0).map((c) => c.id),
        currency,
      );
      return {
        customers: page.rows.map(({ amountSpentMinor, currency, sortValue: _s, ...c }) => ({
          ...c,
          amountSpent: toMoney(amountSpentMinor, currency),
          amountSpentElsewhere: (others.get(c.id) ?? []).map((o) => toMoney(o.spent, o.currency)),
        })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  });

  // Before /api/customers/:id, which would otherwise take "export.csv" for an id.
  registerCustomerExportRoute(registry, deps);

  registry.add({
    method: 'get',
    path: '/api/customers/:id',
    tag: 'Customers',
    auth: true,
    summary: 'A customer profile with stats, identities and the first timeline page',
    params: idParams,
    response: customerProfile,
    errors: [404],
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      const id = await customerIdOf(customers, accountId, params.id);
      const p = await customers.profile(accountId, id);
      if (!p) throw new HttpError('not_found', 'No such customer');
      const loyalty = await store.transaction((repos) => loyaltySummary(repos, accountId, id));
      const insights = await deps.insights.customerInsights(accountId, id);
      const c = p.customer;
      const main = p.byCurrency.find((b) => b.currency === c.currency);
      return {
        id: c.id,
        email: c.email,
        firstName: c.firstName,
        lastName: c.lastName,
        phone: c.phone,
        locale: c.locale,
        numberOfOrders: c.ordersCount,
        amountSpent: toMoney(c.amountSpentMinor, c.currency),
        averageOrderValue: main && main.n > 0 ? toMoney(Math.round(main.spent / main.n), c.currency) : null,
        amountSpentByCurrency: p.byCurrency.map((b) => ({ ...toMoney(b.spent, b.currency), numberOfOrders: b.n })),
        firstOrderAt: c.firstOrderAt,
        lastOrderAt: c.lastOrderAt,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        redacted: c.redactedAt !== null,
        tags: p.tags,
        identities: p.identities.map(({ deletedAt, createdAt, ...i }) => ({ ...i, deleted: deletedAt !== null, linkedAt: createdAt })),
        mergedFrom: p.merges.map((m) => ({ customerId: m.fromId, reason: m.reason, mergedAt: m.mergedAt })),
        consents: p.consents,
        addresses: p.addresses.map(({ name, line1, line2, city, province, zip, countryCode, phone }) => ({
          name,
          line1,
          line2,
          city,
          province,
          zip,
          countryCode,
          phone,
        })),
        orders: p.recentOrders.map((o) => ({
          id: o.id,
          name: o.name,
          placedAt: o.placedAt,
          status: o.deletedAt ? 'deleted' : o.status,
          paymentStatus: o.paymentStatus,
          fulfilmentStatus: o.fulfilmentStatus,
          paymentMethod: o.paymentMethod,
          total: toMoney(o.totalMinor, o.currency),
          refunded: toMoney(o.refundedMinor, o.currency),
          platformStatus: o.platformStatus,
          lines: o.lines.map((l) => ({
            productId: l.productId,
            variantId: l.variantId,
            sku: l.sku,
            title: l.title,
            quantity: l.quantity,
            price: toMoney(l.priceMinor, o.currency),
            total: toMoney(l.totalMinor, o.currency),
          })),
        })),
        timeline: await timelineOf(customers, accountId, id, 20),
        loyalty,
        insights: insights && {
          rfm: insights.rfm,
          predictedClv: toMoney(insights.predictedClvMinor, insights.model.currency),
          probabilityAlive: insights.probabilityAlive,
          expectedOrders90d: insights.expectedOrders90d,
          churnRisk: insights.churnRisk,
          nextOrderExpectedAt: insights.nextOrderExpectedAt,
          computedAt: insights.computedAt,
          model: {
            confidence: insights.model.confidence,
            customers: insights.model.customers,
            repeaters: insights.model.repeaters,
            fittedAt: insights.model.fittedAt,
          },
        },
      };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/customers/:id/timeline',
    tag: 'Customers',
    auth: true,
    summary: "A page of the customer's timeline, newest first",
    params: idParams,
    query: timelineQuery,
    response: timelinePage,
    errors: [400, 404],
    handler: async ({ params, query, req }) => {
      const accountId = accountOf(req);
      const id = await customerIdOf(customers, accountId, params.id);
      return timelineOf(customers, accountId, id, query.first, query.after, query.kind);
    },
  });
}
