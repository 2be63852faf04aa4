// A small typed client for one store's WooCommerce REST API v3, over the global `fetch`.
// Why not @woocommerce/woocommerce-rest-api 1.0.2: on any non-HTTPS URL it silently switches to
// OAuth 1.0a query signing (so it cannot speak basic auth to a local fake), it parses bodies with
// JSON.parse (large ids lose precision), has no retries, returns untyped axios responses, and its
// axios errors carry the request config (consumer secret included) into whatever logs them.
import { z } from 'zod';
import { WooRestError } from './rest.errors.ts';
import { createTransport, type Query, type WooClientOptions, type WooResponse } from './rest.http.ts';
import { pingStore } from './rest.ping.ts';
import * as T from './rest.types.ts';

export type { WooClientOptions } from './rest.http.ts';

type ListOrdersParams = {
  /** Only orders modified strictly after this instant (compared with `date_modified_gmt`). */
  modifiedAfter?: Date | string;
  /** Order statuses; WooCommerce's default `any` leaves out trash. */
  status?: string[];
  page?: number;
  perPage?: number;
};
type PageParams = { page?: number; perPage?: number };

/** `_gmt` wire format: UTC, seconds, no zone designator. A string without a zone is taken as UTC. */
export function toWooGmt(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(at) ? at : `${at}Z`) : at;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date: ${String(at)}`);
  return d.toISOString().slice(0, 19);
}

function paging(p: PageParams): Query {
  const perPage = p.perPage ?? 100;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw new RangeError('perPage must be 1..100 (WooCommerce maximum)');
  return { page: p.page ?? 1, per_page: perPage };
}

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new WooRestError({
    kind: 'unexpected',
    code: 'invalid_response',
    status: 200,
    attempts: 1,
    message: `WooCommerce ${what}: unexpected response shape`,
  });
}

function page<S extends z.ZodType>(res: WooResponse, schema: S, what: string): T.WooPage<z.infer<S>> {
  const items = parse(z.array(schema), res.body, what);
  const header = (name: string) => {
    const v = Number(res.headers.get(name));
    return res.headers.has(name) && Number.isFinite(v) ? v : null;
  };
  return { items, total: header('x-wp-total') ?? items.length, totalPages: header('x-wp-totalpages') ?? 1 };
}

// A missing resource; `rest_no_route` (no such endpoint at all) is a configuration problem instead.
const notFound = (e: unknown) => e instanceof WooRestError && e.status === 404 && e.code !== 'rest_no_route';

export function createWooClient(opts: WooClientOptions) {
  const http = createTransport(opts);

  const listOrders = async (p: ListOrdersParams = {}): Promise<T.WooPage<T.WooRecord>> => {
    const query: Query = { ...paging(p), orderby: 'modified', order: 'asc', dates_are_gmt: true };
    if (p.modifiedAfter !== undefined) query.modified_after = toWooGmt(p.modifiedAfter);
    if (p.status?.length) query.status = p.status.join(',');
    return page(await http.request('GET', 'wc/v3/orders', { query }), T.record, 'orders');
  };

  /**
   * Every order modified after `modifiedAfter`, oldest change first, each (id, modification)
   * once. Page numbers shift when an order changes mid-walk (it jumps to the end, and the rest
   * move up a place), so after each full page the walk restarts from the last modification
   * time minus one second (the filter is strictly-after, with one-second resolution) and skips
   * what it has already yielded; only a second holding more than a page of changes falls back
   * to the next page number.
   */
  async function* allOrders(p: Omit<ListOrdersParams, 'page'> = {}): AsyncGenerator<T.WooRecord> {
    const perPage = p.perPage ?? 100;
    const seen = new Map<string, unknown>();
    let cursor = p.modifiedAfter === undefined ? undefined : toWooGmt(p.modifiedAfter);
    let pageNo = 1;
    for (;;) {
      const res = await listOrders({ ...p, modifiedAfter: cursor, page: pageNo, perPage });
      for (const order of res.items) {
        const key = String(order.id);
        if (seen.has(key) && seen.get(key) === order.date_modified_gmt) continue;
        seen.set(key, order.date_modified_gmt);
        yield order;
      }
      if (res.items.length < perPage || pageNo >= res.totalPages) return;
      const last = res.items[res.items.length - 1]?.date_modified_gmt;
      const next = typeof last === 'string' ? toWooGmt(new Date(new Date(`${toWooGmt(last)}Z`).getTime() - 1000)) : undefined;
      if (next !== undefined && (cursor === undefined || next > cursor)) {
        cursor = next;
        pageNo = 1;
      } else pageNo += 1;
    }
  }

  /** By id, ascending unless `order: 'desc'` (newest first: how the reconcile finds new customers). */
  const listCustomers = async (p: PageParams & { role?: string; order?: 'asc' | 'desc' } = {}): Promise<T.WooPage<T.WooRecord>> =>
    page(
      await http.request('GET', 'wc/v3/customers', { query: { ...paging(p), orderby: 'id', order: p.order ?? 'asc', role: p.role } }),
      T.record,
      'customers',
    );

  /** Every customer by ascending id (customers have no modified filter). */
  async function* allCustomers(p: { perPage?: number; role?: string } = {}): AsyncGenerator<T.WooRecord> {
    const seen = new Set<string>();
    for (let pageNo = 1; ; pageNo++) {
      const res = await listCustomers({ ...p, page: pageNo });
      for (const c of res.items) if (!seen.has(String(c.id)) && seen.add(String(c.id))) yield c;
      if (pageNo >= res.totalPages || res.items.length === 0) return;
    }
  }

  /** Products by id (stable while products change), those modified after `modifiedAfter` when given. */
  const listProducts = async (p: PageParams & { modifiedAfter?: string } = {}): Promise<T.WooPage<T.WooRecord>> => {
    const query: Query = { ...paging(p), orderby: 'id', order: 'asc', dates_are_gmt: true };
    if (p.modifiedAfter !== undefined) query.modified_after = toWooGmt(p.modifiedAfter);
    return page(await http.request('GET', 'wc/v3/products', { query }), T.record, 'products');
  };

  /** Every variation of a variable product (a product has at most a few pages of them). */
  async function allVariations(productId: string): Promise<T.WooRecord[]> {
    const all: T.WooRecord[] = [];
    for (let pageNo = 1; ; pageNo++) {
      const res = page(
        await http.request('GET', `wc/v3/products/${encodeURIComponent(productId)}/variations`, {
          query: { ...paging({ page: pageNo, perPage: 100 }) },
        }),
        T.record,
        'variations',
      );
      all.push(...res.items);
      if (pageNo >= res.totalPages || res.items.length < 100) return all;
    }
  }

  return {
    listOrders,
    allOrders,
    listCustomers,
    allCustomers,
    listProducts,
    allVariations,

    /** null when the store has no such order. */
    async getOrder(id: string): Promise<T.WooRecord | null> {
      try {
        return parse(T.record, (await http.request('GET', `wc/v3/orders/${encodeURIComponent(id)}`)).body, 'order') as T.WooRecord;
      } catch (e) {
        if (notFound(e)) return null;
        throw e;
      }
    },

    async createCoupon(input: T.WooCouponInput): Promise<T.WooCoupon> {
      return parse(T.coupon, (await http.request('POST', 'wc/v3/coupons', { body: input })).body, 'coupon');
    },

    /** WooCommerce stores codes lower-cased; the `code` filter matches without regard to case. */
    async findCouponByCode(code: string): Promise<T.WooCoupon | null> {
      const res = page(await http.request('GET', 'wc/v3/coupons', { query: { code } }), T.coupon, 'coupons');
      return res.items.find((c) => c.code.toLowerCase() === code.toLowerCase()) ?? null;
    },

    async updateCoupon(id: string, patch: Partial<Omit<T.WooCouponInput, 'code'>>): Promise<T.WooCoupon> {
      return parse(T.coupon, (await http.request('PUT', `wc/v3/coupons/${encodeURIComponent(id)}`, { body: patch })).body, 'coupon');
    },

    async deleteCoupon(id: string): Promise<'deleted' | 'not_found'> {
      return remove(`wc/v3/coupons/${encodeURIComponent(id)}`);
    },

    async listWebhooks(p: PageParams & { status?: T.WooWebhookStatus | 'all' } = {}): Promise<T.WooPage<T.WooWebhook>> {
      return page(await http.request('GET', 'wc/v3/webhooks', { query: { ...paging(p), status: p.status } }), T.webhook, 'webhooks');
    },

    /** Not idempotent: a retried create can leave two subscriptions; list and reconcile first. */
    async createWebhook(input: T.WooWebhookInput): Promise<T.WooWebhook> {
      return parse(T.webhook, (await http.request('POST', 'wc/v3/webhooks', { body: input })).body, 'webhook');
    },

    /** e.g. `{ status: 'active' }` to revive one WooCommerce disabled after repeated failures. */
    async updateWebhook(id: string, patch: Partial<T.WooWebhookInput>): Promise<T.WooWebhook> {
      return parse(T.webhook, (await http.request('PUT', `wc/v3/webhooks/${encodeURIComponent(id)}`, { body: patch })).body, 'webhook');
    },

    async deleteWebhook(id: string): Promise<'deleted' | 'not_found'> {
      return remove(`wc/v3/webhooks/${encodeURIComponent(id)}`);
    },

    /**
     * Sets meta entries of up to 100 customers in one call (`POST customers/batch`, WooCommerce's
     * default batch limit); one answer per customer, in order, each the customer or its error.
     */
    async updateCustomersMeta(update: T.WooCustomerMetaUpdate[]): Promise<T.WooBatchItem[]> {
      if (update.length > 100) throw new RangeError('at most 100 customers a batch (WooCommerce default limit)');
      const res = await http.request('POST', 'wc/v3/customers/batch', { body: { update } });
      return parse(z.looseObject({ update: z.array(T.batchItem).default([]) }), res.body, 'customers batch').update;
    },

    /** `PUT orders/<id>`: a status or meta entries (meta is merged by key, as WooCommerce does). */
    async updateOrder(id: string, patch: { status?: string; meta_data?: Array<{ key: string; value: string }> }): Promise<T.WooRecord> {
      return parse(
        T.record,
        (await http.request('PUT', `wc/v3/orders/${encodeURIComponent(id)}`, { body: patch })).body,
        'order',
      ) as T.WooRecord;
    },

    /** `POST orders/<id>/notes`: a private note staff see on the order. */
    async addOrderNote(id: string, note: string): Promise<void> {
      await http.request('POST', `wc/v3/orders/${encodeURIComponent(id)}/notes`, { body: { note, customer_note: false } });
    },

    /** Tells a bad URL, missing pretty permalinks, inactive WooCommerce and wrong keys apart. */
    ping: (): Promise<T.WooPing> => pingStore(http),
  };

  // Coupons and webhooks have no trash over REST that we want: `force=true` deletes for good.
  async function remove(route: string): Promise<'deleted' | 'not_found'> {
    try {
      await http.request('DELETE', route, { query: { force: true } });
      return 'deleted';
    } catch (e) {
      if (notFound(e)) return 'not_found';
      throw e;
    }
  }
}

export type WooClient = ReturnType<typeof createWooClient>;
