import type { CatalogueReadModel, ProductListItem } from '../../crm/catalogue/catalogue.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import { productResponse, productsQuery, productsResponse } from './products.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// The catalogue, read-only: the stores own products (webhooks and the reconcile keep them here).

const encode = (p: ProductListItem) => Buffer.from(JSON.stringify([p.title, p.id])).toString('base64url');
function decode(value: string): { title: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string'))
      return { title: parsed[0] as string, id: parsed[1] as string };
  } catch {
    // the 400 below
  }
  throw new HttpError('invalid', 'after: not a cursor returned by this API', [
    { path: 'after', message: 'use endCursor of the previous page' },
  ]);
}

export function registerProductRoutes(registry: RouteRegistry, deps: { catalogue: CatalogueReadModel }): void {
  registry.add({
    method: 'get',
    path: '/api/products',
    tag: 'Catalogue',
    auth: true,
    summary: "The shop's products by title, with their price range and stock",
    query: productsQuery,
    response: productsResponse,
    errors: [400],
    handler: async ({ query, req }) => {
      const rows = await deps.catalogue.list(accountOf(req), {
        search: query.search,
        status: query.status,
        after: query.after ? decode(query.after) : undefined,
        limit: query.first + 1,
      });
      const page = rows.slice(0, query.first);
      return { products: page, endCursor: rows.length > query.first ? encode(page[page.length - 1]!) : null };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/products/:id',
    tag: 'Catalogue',
    auth: true,
    summary: 'One product with its variants (prices, SKUs, stock)',
    params: idParams,
    response: productResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const product = await deps.catalogue.get(accountOf(req), params.id);
      if (!product) throw new HttpError('not_found', 'No such product');
      return product;
    },
  });
}
