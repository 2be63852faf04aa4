import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { stringify } from 'lossless-json';
import { parseJsonLossless } from '../../src/lib/json.ts';

// A local WooCommerce REST v3 store (node:http, in memory) that follows the documented wire
// format: WP/WC error bodies {code, message, data: {status}}, X-WP-Total(Pages), per_page <= 100,
// modified_after (strictly after) with dates_are_gmt, money as strings, `_gmt` dates without Z.
// It answers basic auth the way WooCommerce does behind TLS (is_ssl()); over plain HTTP a real
// store would want OAuth 1.0a. Error codes and messages are copied from WooCommerce's source.

export type Json = Record<string, unknown>;
export type FailureMode = 500 | 503 | 429 | 'reset';
export type RecordedRequest = { method: string; path: string; query: Record<string, string>; body: unknown; authorization: string | null };
export type WooFakeOptions = {
  consumerKey?: string;
  consumerSecret?: string;
  readOnly?: boolean;
  prettyPermalinks?: boolean;
  woocommerceActive?: boolean;
  currency?: string;
  utcOffsetHours?: number;
  start?: string;
  /** Settings > General time zone; '' is a manual "UTC+N" (then only gmt_offset says it). */
  timezoneString?: string;
};

const fixture = (name: string) =>
  parseJsonLossless(readFileSync(new URL(`../fixtures/woocommerce/${name}`, import.meta.url), 'utf8')) as Json;
const err = (status: number, code: string, message: string, extra: Json = {}) => ({
  status,
  body: { code, message, data: { status, ...extra } },
});
const invalidParam = (name: string, why: string) =>
  err(400, 'rest_invalid_param', `Invalid parameter(s): ${name}`, { params: { [name]: why } });
const money = (v: unknown) => (v === undefined || v === null || v === '' ? '0.00' : Number(v).toFixed(2));
const TOPICS = /^(coupon|customer|order|product)\.(created|updated|deleted|restored)$|^action\.\w+$/;

export async function startWooFake(opts: WooFakeOptions = {}) {
  const o = {
    consumerKey: 'ck_test_1234',
    consumerSecret: 'cs_test_secret_5678',
    readOnly: false,
    prettyPermalinks: true,
    woocommerceActive: true,
    currency: 'PKR',
    utcOffsetHours: 5,
    start: '2026-01-01T00:00:00',
    ...opts,
  };
  const orders = new Map<string, Json>();
  const customers = new Map<string, Json>();
  // Products (simple or variable) and each variable product's variations, as REST v3 returns them.
  const products = new Map<string, Json>();
  const variations = new Map<string, Json[]>();
  const coupons = new Map<string, Json>();
  const webhooks = new Map<string, Json>();
  const requests: RecordedRequest[] = [];
  const failures: FailureMode[] = [];
  let nextId = 1000;
  // Bumped on every order write: list queries are cached per version (100,000-order benchmarks).
  let ordersVersion = 0;
  const listCache = new Map<string, Json[]>();
  const notes = new Map<string, Json[]>();
  let clock = Date.parse(`${o.start}Z`);
  // Each write happens one second after the previous one: distinct, increasing modification times.
  const tick = () => new Date((clock += 1000)).toISOString().slice(0, 19);
  const local = (gmt: string) => new Date(Date.parse(`${gmt}Z`) + o.utcOffsetHours * 3600_000).toISOString().slice(0, 19);
  const stamp = (rec: Json, field: 'created' | 'modified', gmt = tick()) =>
    Object.assign(rec, { [`date_${field}_gmt`]: gmt, [`date_${field}`]: local(gmt) });

  function addOrder(overrides: Json = {}, template = 'order-cod-processing.json'): Json {
    const id = overrides.id ?? nextId++;
    const order: Json = { ...fixture(template), id, number: String(id), ...overrides };
    if (!overrides.date_created_gmt) stamp(order, 'created');
    if (!overrides.date_modified_gmt) stamp(order, 'modified', String(order.date_created_gmt));
    else stamp(order, 'modified', String(overrides.date_modified_gmt));
    orders.set(String(id), order);
    ordersVersion++;
    return order;
  }
  function updateOrder(id: number | string, patch: Json): Json {
    const order = orders.get(String(id));
    if (!order) throw new Error(`no order ${id}`);
    ordersVersion++;
    return stamp(Object.assign(order, patch), 'modified', patch.date_modified_gmt ? String(patch.date_modified_gmt) : undefined);
  }
  function addCustomer(overrides: Json = {}): Json {
    const id = overrides.id ?? nextId++;
    const c = stamp(stamp({ ...fixture('customer-created.json'), id, ...overrides }, 'created'), 'modified');
    customers.set(String(id), c);
    return c;
  }
  function disableWebhook(id: number | string) {
    const w = webhooks.get(String(id));
    if (!w) throw new Error(`no webhook ${id}`);
    stamp(Object.assign(w, { status: 'disabled' }), 'modified');
  }

  function sortRecords(all: Json[], q: Record<string, string>, defaults: { orderby: string; order: string }): Json[] {
    const field =
      { modified: 'date_modified_gmt', date: 'date_created_gmt', id: 'id', name: 'last_name', registered_date: 'date_created_gmt' }[
        q.orderby ?? defaults.orderby
      ] ?? 'id';
    const cmp = (a: Json, b: Json) =>
      (field === 'id' ? 0 : String(a[field]).localeCompare(String(b[field]))) || Number(a.id) - Number(b.id);
    return [...all].sort((a, b) => ((q.order ?? defaults.order) === 'asc' ? cmp(a, b) : cmp(b, a)));
  }

  function paged(all: Json[], q: Record<string, string>, defaults: { orderby: string; order: string }, presorted?: Json[]) {
    const perPage = q.per_page === undefined ? 10 : Number(q.per_page);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      return invalidParam('per_page', 'per_page must be between 1 (inclusive) and 100 (inclusive)');
    const pageNo = q.page === undefined ? 1 : Number(q.page);
    if (!Number.isInteger(pageNo) || pageNo < 1) return invalidParam('page', 'page must be greater than or equal to 1');
    const sorted = presorted ?? sortRecords(all, q, defaults);
    return {
      status: 200,
      body: sorted.slice((pageNo - 1) * perPage, pageNo * perPage),
      headers: { 'X-WP-Total': String(all.length), 'X-WP-TotalPages': String(Math.ceil(all.length / perPage)) },
    };
  }

  function listOrders(q: Record<string, string>) {
    const gmt = q.dates_are_gmt === 'true' || q.dates_are_gmt === '1';
    const statuses = (q.status ?? 'any').split(',');
    const after = q.modified_after
      ? Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(q.modified_after) ? q.modified_after : `${q.modified_after}Z`)
      : null;
    if (after !== null && Number.isNaN(after)) return invalidParam('modified_after', 'Invalid date.');
    const defaults = { orderby: 'date', order: 'desc' };
    // Status filter + sort cached per order version; the modified_after cut is a binary search
    // when the list is sorted by that field (the reconcile's query), a scan otherwise.
    const key = [ordersVersion, orders.size, q.status, q.orderby, q.order].join('|');
    let byStatus = listCache.get(key);
    if (!byStatus) {
      byStatus = sortRecords(
        [...orders.values()].filter((x) =>
          statuses.includes('any') ? !['trash', 'checkout-draft'].includes(String(x.status)) : statuses.includes(String(x.status)),
        ),
        q,
        defaults,
      );
      listCache.clear(); // only the latest query is worth keeping
      listCache.set(key, byStatus);
    }
    const modifiedOf = (x: Json) => Date.parse(`${String(gmt ? x.date_modified_gmt : x.date_modified)}Z`);
    let sorted = byStatus;
    if (after !== null && gmt && q.orderby === 'modified' && q.order === 'asc') {
      let lo = 0;
      let hi = byStatus.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (modifiedOf(byStatus[mid]!) > after) hi = mid;
        else lo = mid + 1;
      }
      sorted = byStatus.slice(lo);
    } else if (after !== null) sorted = byStatus.filter((x) => modifiedOf(x) > after);
    return paged(sorted, q, defaults, sorted);
  }

  function couponOut(c: Json): Json {
    return { ...c, amount: money(c.amount), minimum_amount: money(c.minimum_amount), maximum_amount: money(c.maximum_amount) };
  }
  function saveCoupon(c: Json, input: Json, creating: boolean) {
    if (creating && !input.code) return err(400, 'woocommerce_rest_empty_coupon_code', 'The coupon code cannot be empty.');
    if (input.discount_type !== undefined && !['percent', 'fixed_cart', 'fixed_product'].includes(String(input.discount_type)))
      return invalidParam('discount_type', 'discount_type is not one of percent, fixed_cart, and fixed_product.');
    if (input.code !== undefined) {
      const code = String(input.code).trim().toLowerCase(); // wc_format_coupon_code lower-cases
      if ([...coupons.values()].some((x) => x.code === code && x.id !== c.id && x.status === 'publish'))
        return err(400, 'woocommerce_rest_coupon_code_already_exists', 'The coupon code already exists');
      input = { ...input, code };
    }
    if (input.date_expires !== undefined) {
      const v = input.date_expires
        ? new Date(/[zZ]|[+-]\d\d:\d\d$/.test(String(input.date_expires)) ? String(input.date_expires) : `${String(input.date_expires)}Z`)
        : null;
      const gmt = v ? v.toISOString().slice(0, 19) : null;
      input = { ...input, date_expires_gmt: gmt, date_expires: gmt ? local(gmt) : null };
    }
    Object.assign(c, input);
    stamp(c, 'modified');
    coupons.set(String(c.id), c);
    return { status: creating ? 201 : 200, body: couponOut(c) };
  }
  const newCoupon = (): Json =>
    stamp(
      {
        id: nextId++,
        code: '',
        amount: '0',
        status: 'publish',
        discount_type: 'fixed_cart',
        description: '',
        date_expires: null,
        date_expires_gmt: null,
        usage_count: 0,
        individual_use: false,
        product_ids: [],
        excluded_product_ids: [],
        usage_limit: null,
        usage_limit_per_user: null,
        limit_usage_to_x_items: null,
        free_shipping: false,
        product_categories: [],
        excluded_product_categories: [],
        exclude_sale_items: false,
        minimum_amount: '0',
        maximum_amount: '0',
        email_restrictions: [],
        used_by: [],
        meta_data: [],
      },
      'created',
    );

  function saveWebhook(w: Json, input: Json, creating: boolean) {
    if ((creating || input.topic !== undefined) && !TOPICS.test(String(input.topic ?? '').toLowerCase()))
      return err(400, 'woocommerce_rest_shop_webhook_invalid_topic', 'Webhook topic is required and must be valid.');
    if ((creating || input.delivery_url !== undefined) && !/^https?:\/\//.test(String(input.delivery_url ?? '')))
      return err(
        400,
        'woocommerce_rest_shop_webhook_invalid_delivery_url',
        'Webhook delivery URL must be a valid URL starting with http:// or https://.',
      );
    if (input.status !== undefined && !['active', 'paused', 'disabled'].includes(String(input.status)))
      return invalidParam('status', 'status is not one of active, paused, and disabled.');
    const topic = input.topic ? String(input.topic) : String(w.topic ?? '');
    Object.assign(w, input, { resource: topic.split('.')[0], event: topic.split('.')[1] ?? '' });
    stamp(w, 'modified');
    webhooks.set(String(w.id), w);
    return { status: creating ? 201 : 200, body: webhookOut(w) };
  }

  type Reply = { status: number; body: unknown; headers?: Record<string, string> };
  function route(method: string, r: string, q: Record<string, string>, body: Json): Reply {
    // The WordPress REST index: public, with the site's time zone setting (Settings > General).
    if (r === '/' || r === '')
      return {
        status: 200,
        body: {
          name: 'Fake shop',
          gmt_offset: o.utcOffsetHours,
          timezone_string: o.timezoneString ?? 'Asia/Karachi',
          namespaces: o.woocommerceActive ? ['wp/v2', 'wc/v3'] : ['wp/v2'],
        },
      };
    // Batch update of customers (WC_REST_Controller::batch_items): at most 100 items (the
    // `woocommerce_rest_batch_items_limit` default, else 413); one answer per item in order, the
    // customer or `{id, error: {code, message, data}}`. Meta entries are set as update_meta_data
    // does: an existing key changes in place, a new one is appended with an id.
    if (o.woocommerceActive && method === 'POST' && /^\/wc\/v3\/customers\/batch\/?$/.test(r)) {
      const update = Array.isArray(body.update) ? (body.update as Json[]) : [];
      const total =
        update.length + (Array.isArray(body.create) ? body.create.length : 0) + (Array.isArray(body.delete) ? body.delete.length : 0);
      if (total > 100)
        return err(413, 'woocommerce_rest_request_entity_too_large', 'Unable to accept more than 100 items for this request.');
      return {
        status: 200,
        body: {
          update: update.map((item) => {
            const c = customers.get(String(item.id));
            if (!c)
              return {
                id: Number(item.id) || 0,
                error: { code: 'woocommerce_rest_invalid_id', message: 'Invalid resource ID.', data: { status: 400 } },
              };
            const meta = (c.meta_data ??= []) as Array<{ id: number; key: string; value: unknown }>;
            for (const entry of (item.meta_data ?? []) as Array<{ key: string; value: unknown }>) {
              const existing = meta.find((e) => e.key === entry.key);
              if (existing) existing.value = entry.value;
              else meta.push({ id: nextId++, key: entry.key, value: entry.value });
            }
            return stamp(c, 'modified');
          }),
        },
      };
    }
    // Order notes (WC_REST_Order_Notes_Controller): POST orders/<id>/notes {note, customer_note}
    // answers the note {id, author, date_created(_gmt), note, customer_note, added_by_user}.
    const noteRoute = /^\/wc\/v3\/orders\/(\d+)\/notes\/?$/.exec(r);
    if (o.woocommerceActive && noteRoute) {
      const orderId = noteRoute[1]!;
      if (!orders.has(orderId)) return err(404, 'woocommerce_rest_order_invalid_id', 'Invalid order ID.');
      const list = notes.get(orderId) ?? [];
      if (method === 'GET') return { status: 200, body: list as unknown as Json };
      if (method !== 'POST') return err(404, 'rest_no_route', 'No route was found matching the URL and request method.');
      if (typeof body.note !== 'string' || !body.note)
        return err(400, 'rest_missing_callback_param', 'Missing parameter(s): note', { params: ['note'] });
      const note = stamp(
        { id: nextId++, author: 'WooCommerce', note: body.note, customer_note: body.customer_note === true, added_by_user: false },
        'created',
      );
      notes.set(orderId, [...list, note]);
      return { status: 201, body: note };
    }
    // Products: by modification (`modified_after` with `dates_are_gmt`, strictly after), then a
    // variable product's variations (`products/<id>/variations`, paged, by menu order).
    const variationsOf = /^\/wc\/v3\/products\/(\d+)\/variations\/?$/.exec(r);
    if (o.woocommerceActive && method === 'GET' && variationsOf) {
      const parent = products.get(variationsOf[1]!);
      if (!parent) return err(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
      const list = variations.get(variationsOf[1]!) ?? [];
      return paged(
        list,
        q,
        { orderby: 'menu_order', order: 'asc' },
        [...list].sort((a, b) => Number(a.menu_order) - Number(b.menu_order)),
      );
    }
    if (o.woocommerceActive && method === 'GET' && /^\/wc\/v3\/products\/?$/.test(r)) {
      const after = q.modified_after ? Date.parse(`${q.modified_after.replace(/[zZ]$/, '')}Z`) : null;
      if (after !== null && Number.isNaN(after)) return invalidParam('modified_after', 'Invalid date.');
      const list = [...products.values()].filter(
        (x) => x.status !== 'trash' && (after === null || Date.parse(`${String(x.date_modified_gmt)}Z`) > after),
      );
      return paged(list, q, { orderby: 'date', order: 'desc' });
    }
    const m = /^\/wc\/v3\/(orders|customers|coupons|webhooks|system_status)(?:\/(\d+))?\/?$/.exec(r);
    if (!o.woocommerceActive || !m) return err(404, 'rest_no_route', 'No route was found matching the URL and request method.');
    const [, kind, id] = m as unknown as [string, string, string | undefined];
    const store = { orders, customers, coupons, webhooks, system_status: new Map<string, Json>() }[kind as 'orders']!;
    const postType = { orders: 'shop_order', customers: 'customer', coupons: 'shop_coupon', webhooks: 'shop_webhook' }[kind as 'orders'];
    const missing = (status = 404) => err(status, `woocommerce_rest_${postType}_invalid_id`, 'Invalid ID.');
    if (kind === 'system_status' && method === 'GET')
      return {
        status: 200,
        body: {
          environment: { home_url: url, site_url: url, version: '9.4.0', wp_version: '6.7' },
          settings: { api_enabled: true, currency: o.currency },
        },
      };
    if (id === undefined && method === 'GET') {
      if (kind === 'orders') return listOrders(q);
      if (kind === 'customers')
        return paged(
          [...customers.values()].filter((c) => (q.role ?? 'customer') === 'all' || c.role === (q.role ?? 'customer')),
          q,
          { orderby: 'name', order: 'asc' },
        );
      if (kind === 'webhooks')
        return paged(
          [...webhooks.values()].filter((w) => !q.status || q.status === 'all' || w.status === q.status).map((w) => webhookOut(w)),
          q,
          { orderby: 'date', order: 'desc' },
        );
      const code = q.code?.trim().toLowerCase();
      return paged([...coupons.values()].filter((c) => c.status === 'publish' && (!code || c.code === code)).map(couponOut), q, {
        orderby: 'date',
        order: 'desc',
      });
    }
    if (id === undefined && method === 'POST' && kind === 'coupons') return saveCoupon(newCoupon(), body, true);
    if (id === undefined && method === 'POST' && kind === 'webhooks')
      return saveWebhook(stamp({ id: nextId++, name: '', status: 'active', hooks: [] }, 'created'), body, true);
    const rec = id === undefined ? undefined : store.get(id);
    if (id === undefined) return err(404, 'rest_no_route', 'No route was found matching the URL and request method.');
    if (method === 'GET')
      return rec ? { status: 200, body: kind === 'coupons' ? couponOut(rec) : kind === 'webhooks' ? webhookOut(rec) : rec } : missing();
    if (method === 'PUT' || method === 'PATCH' || method === 'POST') {
      if (!rec) return missing(400);
      if (kind === 'coupons') return saveCoupon(rec, body, false);
      if (kind === 'webhooks') return saveWebhook(rec, body, false);
      if (kind === 'orders') ordersVersion++;
      // meta_data entries are merged by key (update_meta_data), not replaced as a whole.
      if (Array.isArray(body.meta_data)) {
        const meta = (rec.meta_data ??= []) as Array<{ id: number; key: string; value: unknown }>;
        for (const entry of body.meta_data as Array<{ key: string; value: unknown }>) {
          const existing = meta.find((e) => e.key === entry.key);
          if (existing) existing.value = entry.value;
          else meta.push({ id: nextId++, key: entry.key, value: entry.value });
        }
        const { meta_data: _m, ...rest } = body;
        return { status: 200, body: stamp(Object.assign(rec, rest), 'modified') };
      }
      return { status: 200, body: stamp(Object.assign(rec, body), 'modified') };
    }
    if (method === 'DELETE') {
      if (!rec) return missing();
      const force = q.force === 'true' || q.force === '1';
      if (kind === 'orders') ordersVersion++;
      if (!force && kind === 'webhooks') return err(501, 'woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.');
      if (force) store.delete(id);
      else rec.status = 'trash';
      return { status: 200, body: kind === 'coupons' ? couponOut(rec) : kind === 'webhooks' ? webhookOut(rec) : rec };
    }
    return err(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }
  function webhookOut(w: Json): Json {
    const { secret: _secret, ...out } = w; // write-only
    return out;
  }

  function authenticate(method: string, header: string | undefined, kind: string): Reply | null {
    const [user, pass] = header?.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString().split(/:(.*)/s) : [];
    if (user === o.consumerKey && pass !== o.consumerSecret)
      return {
        ...err(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.'),
        headers: {
          'WWW-Authenticate':
            'Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field."',
        },
      };
    if (user === o.consumerKey && o.readOnly && method !== 'GET')
      return err(401, 'woocommerce_rest_authentication_error', 'The API key provided does not have write permissions.');
    if (user === o.consumerKey) return null;
    // Unknown key: WooCommerce leaves the request anonymous and the permission check refuses it.
    const [code, message] = (
      {
        GET: [
          'woocommerce_rest_cannot_view',
          kind === 'item' ? 'Sorry, you cannot view this resource.' : 'Sorry, you cannot list resources.',
        ],
        POST: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
        DELETE: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
      } as Record<string, [string, string]>
    )[method] ?? ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'];
    return err(401, code, message);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (parseJsonLossless(raw) as Json) : {};
    const query = Object.fromEntries(u.searchParams);
    requests.push({
      method: req.method ?? 'GET',
      path: u.pathname,
      query,
      body: raw ? body : undefined,
      authorization: req.headers.authorization ?? null,
    });
    const failure = failures.shift();
    if (failure === 'reset') return void req.socket.destroy();
    const send = (r: Reply, contentType = 'application/json; charset=UTF-8') => {
      res.writeHead(r.status, { 'Content-Type': contentType, ...r.headers });
      res.end(typeof r.body === 'string' ? r.body : stringify(r.body));
    };
    if (failure === 429)
      return send({ status: 429, body: '<html><body>Too Many Requests</body></html>', headers: { 'Retry-After': '1' } }, 'text/html');
    if (failure === 503) return send({ status: 503, body: '<html><body>503 Service Unavailable</body></html>' }, 'text/html');
    if (failure === 500) return send(err(500, 'internal_server_error', '<p>There has been a critical error on this website.</p>'));
    const rest =
      u.pathname.startsWith('/wp-json') && o.prettyPermalinks
        ? u.pathname.slice('/wp-json'.length)
        : u.pathname === '/'
          ? query.rest_route
          : undefined;
    delete query.rest_route;
    if (rest === undefined) return send({ status: 404, body: '<!doctype html><title>Page not found</title>' }, 'text/html');
    if (rest.startsWith('/wc/')) {
      const refused = authenticate(req.method ?? 'GET', req.headers.authorization, /\/\d+\/?$/.test(rest) ? 'item' : 'list');
      if (refused) return send(refused);
    }
    send(route(req.method ?? 'GET', rest, query, body));
  }

  const server = createServer(
    (req, res) =>
      void handle(req, res).catch((e) => {
        res.statusCode = 500;
        res.end(String(e));
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    consumerKey: o.consumerKey,
    consumerSecret: o.consumerSecret,
    orders,
    customers,
    products,
    /** Variations by their parent product's id. */
    variations,
    coupons,
    webhooks,
    requests,
    /** Order notes by order id. */
    notes,
    addOrder,
    updateOrder,
    addCustomer,
    disableWebhook,
    /** The next `count` requests fail this way (after being recorded). */
    failNext(count: number, mode: FailureMode = 503) {
      for (let i = 0; i < count; i++) failures.push(mode);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type WooFake = Awaited<ReturnType<typeof startWooFake>>;
