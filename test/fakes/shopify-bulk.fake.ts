// Bulk operations and `orders` pages for the local Shopify fake. A bulk query goes CREATED ->
// RUNNING -> COMPLETED over successive polls; when complete, `url` points at a JSONL file on the
// same server: one object a line, each order followed by its line items (`__parentId` = the
// order's gid) when `groupObjects: true`, all children after all parents otherwise. A query with
// no results completes with `url: null`, as Shopify does.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FakeLineItemNode = Record<string, unknown> & { id: string };
export type FakeOrderNode = Record<string, unknown> & { id: string; createdAt: string; updatedAt: string; lineItems: FakeLineItemNode[] };
export type FakeCustomerNode = Record<string, unknown> & { id: string };
export type FakeVariantNode = Record<string, unknown> & { id: string };
export type FakeProductNode = Record<string, unknown> & { id: string; updatedAt: string; variants: FakeVariantNode[] };

export type FakeBulkRun = {
  id: string;
  query: string;
  groupObjects: boolean;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED';
  polls: number;
  lines: string[];
  rootObjectCount: number;
};

/** `created_at:>=2026-01-01T00:00:00Z` / `updated_at:>'...'` filters in a search query string. */
function filterBy(query: string, field: 'created_at' | 'updated_at'): (iso: string) => boolean {
  const m = new RegExp(`${field}:(>=|>)'?([^'\\s")]+)`).exec(query);
  if (!m) return () => true;
  const bound = Date.parse(m[2]!);
  return (iso) => (m[1] === '>=' ? Date.parse(iso) >= bound : Date.parse(iso) > bound);
}

export function bulkOperations(
  data: { orders: FakeOrderNode[]; customers: FakeCustomerNode[]; products: FakeProductNode[] },
  origin: () => string,
) {
  const runs: FakeBulkRun[] = [];

  function jsonl(query: string, grouped: boolean): { lines: string[]; roots: number } {
    if (/^\s*\{\s*customers\b/.test(query)) return { lines: data.customers.map((c) => JSON.stringify(c)), roots: data.customers.length };
    if (/^\s*\{\s*products\b/.test(query)) {
      const parents: string[] = [];
      const children: string[] = [];
      for (const { variants, ...product } of data.products) {
        parents.push(JSON.stringify(product));
        const kids = variants.map((v) => JSON.stringify({ ...v, __parentId: product.id }));
        if (grouped) parents.push(...kids);
        else children.push(...kids);
      }
      return { lines: [...parents, ...children], roots: data.products.length };
    }
    const keep = filterBy(query, 'created_at');
    const orders = data.orders.filter((o) => keep(o.createdAt));
    const parents: string[] = [];
    const children: string[] = [];
    for (const { lineItems, ...order } of orders) {
      parents.push(JSON.stringify(order));
      const kids = lineItems.map((li) => JSON.stringify({ ...li, __parentId: order.id }));
      if (grouped) parents.push(...kids);
      else children.push(...kids);
    }
    return { lines: [...parents, ...children], roots: orders.length };
  }

  function view(run: FakeBulkRun | undefined) {
    if (!run) return null;
    const done = run.status === 'COMPLETED';
    return {
      id: run.id,
      status: run.status,
      errorCode: null,
      createdAt: new Date().toISOString(),
      completedAt: done ? new Date().toISOString() : null,
      objectCount: String(done ? run.lines.length : Math.floor(run.lines.length / 2)),
      rootObjectCount: String(done ? run.rootObjectCount : 0),
      fileSize: done && run.lines.length ? String(run.lines.join('\n').length + 1) : null,
      url: done && run.lines.length ? `${origin()}/bulk/${run.id.split('/').pop()}.jsonl` : null,
      partialDataUrl: null,
    };
  }

  return {
    runs,
    run(variables: Record<string, any>, text: string) {
      // The query arrives as a variable or inline between triple quotes.
      const query = String(variables.query ?? /"""([\s\S]*?)"""/.exec(text)?.[1] ?? '');
      const groupObjects = variables.groupObjects === true || /groupObjects:\s*true/.test(text);
      if (runs.some((r) => r.status !== 'COMPLETED')) {
        return {
          bulkOperation: null,
          userErrors: [
            {
              field: ['query'],
              message: 'A bulk query operation for this app and shop is already in progress.',
              code: 'OPERATION_IN_PROGRESS',
            },
          ],
        };
      }
      const { lines, roots } = jsonl(query, groupObjects);
      const run: FakeBulkRun = {
        id: `gid://shopify/BulkOperation/${720_000 + runs.length + 1}`,
        query,
        groupObjects,
        status: 'CREATED',
        polls: 0,
        lines,
        rootObjectCount: roots,
      };
      runs.push(run);
      return { bulkOperation: { id: run.id, status: run.status }, userErrors: [] };
    },
    poll(id: string | null) {
      const run = id ? runs.find((r) => r.id === id) : runs[runs.length - 1];
      if (run && run.status !== 'COMPLETED') {
        run.polls += 1;
        run.status = run.polls >= 2 ? 'COMPLETED' : 'RUNNING';
      }
      return view(run);
    },
    download(req: IncomingMessage, res: ServerResponse): boolean {
      const m = /^\/bulk\/(\d+)\.jsonl$/.exec((req.url ?? '').split('?')[0]!);
      if (!m || req.method !== 'GET') return false;
      const run = runs.find((r) => r.id.endsWith(`/${m[1]}`));
      if (!run) return (res.writeHead(404).end(), true);
      res.writeHead(200, { 'content-type': 'application/jsonl' });
      // Streamed in small chunks, so a line can be split across reads as on a real download.
      const text = run.lines.map((l) => `${l}\n`).join('');
      for (let i = 0; i < text.length; i += 4096) res.write(text.slice(i, i + 4096));
      res.end();
      return true;
    },
  };
}

/** `orders(first, after, query, sortKey: UPDATED_AT)`: a connection with nested lineItems edges. */
export function ordersPage(orders: FakeOrderNode[], v: Record<string, any>) {
  const keep = filterBy(String(v.query ?? ''), 'updated_at');
  const sorted = orders.filter((o) => keep(o.updatedAt)).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
  const start = v.after ? Number(Buffer.from(String(v.after), 'base64').toString()) + 1 : 0;
  const first = Number(v.first ?? 50);
  const page = sorted.slice(start, start + first);
  const cursor = (i: number) => Buffer.from(String(start + i)).toString('base64');
  return {
    edges: page.map(({ lineItems, ...node }, i) => ({
      cursor: cursor(i),
      node: { ...node, lineItems: { edges: lineItems.map((li) => ({ node: li })) } },
    })),
    pageInfo: { hasNextPage: start + first < sorted.length, endCursor: page.length ? cursor(page.length - 1) : null },
  };
}
