import { once } from 'node:events';
import { FIELD_NAMES, operatorsOf, SEGMENT_FIELDS, type FieldSpec } from '../../crm/segments/segment-fields.ts';
import type { SegmentMember, SegmentQueriesPort } from '../../crm/segments/segment-queries.port.ts';
import type { SegmentQueryError } from '../../crm/segments/segment-query.ast.ts';
import { KEYWORDS } from '../../crm/segments/segment-query.lexer.ts';
import type { Segment, SegmentsPort } from '../../crm/segments/segments.port.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import {
  createSegment,
  deleteSegment,
  previewSegment,
  listSegments,
  segmentMembersPage,
  segmentSizes,
  updateSegment,
  type SegmentOutcome,
} from '../../crm/segments/segments.service.ts';
import { fromMinor } from '../../lib/money.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import { csvCell } from './csv.ts';
import type { RouteRegistry } from './registry.ts';
import {
  deleteSegmentResponse,
  membersQuery,
  membersResponse,
  previewInput,
  previewResponse,
  segmentInput,
  segmentMembersCsv,
  segmentFieldsResponse,
  segmentPatch,
  segmentSchema,
  segmentsResponse,
  segmentSyncResponse,
  sizesResponse,
} from './segments.schemas.ts';
import type { SegmentSyncPort } from '../../crm/segments/segment-sync.port.ts';

// Admin API of saved segments. Thin: parse, call one domain operation, shape the reply. A query
// that does not parse is a 400 whose details say where (`position`) and what was meant (`suggestion`).

const shape = ({ accountId: _a, ...s }: Segment) => s;
const member = ({ amountSpentMinor, ...m }: SegmentMember) => ({ ...m, amountSpent: fromMinor(amountSpentMinor, m.currency) });

function queryError(error: SegmentQueryError): never {
  throw new HttpError('invalid', error.message, { position: error.position, expected: error.expected, suggestion: error.suggestion });
}

function saved(r: SegmentOutcome) {
  switch (r.outcome) {
    case 'saved':
      return shape(r.segment);
    case 'invalid_query':
      return queryError(r.error);
    case 'name_taken':
      throw new HttpError('conflict', 'A segment with this name exists');
    case 'tag_taken': {
      const message = `The segment "${r.segmentName}" is already mirrored as this tag`;
      throw new HttpError('conflict', message, [{ path: 'syncTag', message, segmentName: r.segmentName }]);
    }
    case 'built_in':
      throw new HttpError('conflict', 'Built-in segments cannot be changed');
    case 'not_found':
      throw new HttpError('not_found', 'No such segment');
  }
}

// The catalogue does not change while the process runs: shaped once.
const fieldCatalogue = {
  fields: FIELD_NAMES.map((name) => {
    const spec: FieldSpec = SEGMENT_FIELDS[name];
    return {
      name,
      type: spec.type,
      many: spec.many ?? false,
      nullable: spec.nullable,
      operators: [...operatorsOf(name)],
      values: [...(spec.values ?? [])],
      description: spec.description,
    };
  }),
  keywords: [...KEYWORDS],
};

const drained = (res: NodeJS.WritableStream) => Promise.race([once(res, 'drain'), once(res, 'close')]);

export function registerSegmentRoutes(
  registry: RouteRegistry,
  deps: { segments: SegmentsPort; segmentQueries: SegmentQueriesPort; segmentSync: SegmentSyncPort; store: CrmStore },
): void {
  const d = { segments: deps.segments, queries: deps.segmentQueries, store: deps.store };

  registry.add({
    method: 'get',
    path: '/api/segments',
    tag: 'Segments',
    auth: true,
    summary: 'Saved segments, oldest first; built-in ones carry their `builtIn` key (the panel names them by it)',
    response: segmentsResponse,
    handler: async ({ req }) => ({ segments: (await listSegments(d, accountOf(req), new Date())).map(shape) }),
  });

  registry.add({
    method: 'get',
    path: '/api/segments/:id/sync',
    tag: 'Segments',
    auth: true,
    summary: "How far the segment's mirror at the stores has got (customer tags on Shopify, customer meta on WooCommerce)",
    params: idParams,
    response: segmentSyncResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      const segment = await deps.segments.get(accountId, params.id);
      if (!segment) throw new HttpError('not_found', 'No such segment');
      return {
        syncTag: segment.syncTag,
        storeCustomers: await deps.segmentSync.storeCustomers(accountId, segment.id),
        pushed: segment.syncTag ? await deps.segmentSync.pushedCount(accountId, segment.syncTag) : 0,
        ...(await deps.segmentSync.backlog(accountId)),
      };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/segments/:id/sizes',
    tag: 'Segments',
    auth: true,
    summary: "The segment's size per UTC day, oldest first (written by the daily membership check)",
    params: idParams,
    response: sizesResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const r = await segmentSizes(d, accountOf(req), params.id);
      if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such segment');
      return { sizes: r.sizes };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/segments/fields',
    tag: 'Segments',
    auth: true,
    summary: 'The fields a query can name, with their operators and enum values, for the editor',
    response: segmentFieldsResponse,
    handler: () => fieldCatalogue,
  });

  registry.add({
    method: 'post',
    path: '/api/segments',
    tag: 'Segments',
    auth: true,
    summary: 'Save a segment (name unique per account; the query is stored in canonical form)',
    body: segmentInput,
    response: segmentSchema,
    errors: [400, 409],
    handler: async ({ body, req }) => saved(await createSegment(d, accountOf(req), body, new Date().toISOString())),
  });

  registry.add({
    method: 'post',
    path: '/api/segments/preview',
    tag: 'Segments',
    auth: true,
    summary: 'Count the customers a query selects and show the first ten, without saving',
    body: previewInput,
    response: previewResponse,
    status: 200,
    errors: [400],
    handler: async ({ body, req }) => {
      const r = await previewSegment(d, accountOf(req), body.query, new Date(), 10);
      if (r.outcome === 'invalid_query') return queryError(r.error);
      return { count: r.count, sample: r.sample.map(member) };
    },
  });

  registry.add({
    method: 'patch',
    path: '/api/segments/:id',
    tag: 'Segments',
    auth: true,
    summary: "Rename a segment, change its query, or set its store tag (a built-in's tag only)",
    params: idParams,
    body: segmentPatch,
    response: segmentSchema,
    errors: [400, 404, 409],
    handler: async ({ params, body, req }) => saved(await updateSegment(d, accountOf(req), params.id, body, new Date().toISOString())),
  });

  registry.add({
    method: 'delete',
    path: '/api/segments/:id',
    tag: 'Segments',
    auth: true,
    summary: 'Delete a saved segment (built-in ones stay)',
    params: idParams,
    response: deleteSegmentResponse,
    errors: [404, 409],
    handler: async ({ params, req }) => {
      const r = await deleteSegment(d, accountOf(req), params.id);
      if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such segment');
      if (r.outcome === 'built_in') throw new HttpError('conflict', 'Built-in segments cannot be deleted');
      return { deleted: true as const };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/segments/:id/members',
    tag: 'Segments',
    auth: true,
    summary: "A page of the segment's kept members in id order; pass `next` as `after` for the following page",
    params: idParams,
    query: membersQuery,
    response: membersResponse,
    errors: [400, 404],
    handler: async ({ params, query, req }) => {
      const r = await segmentMembersPage(d, accountOf(req), params.id, new Date(), { after: query.after, limit: query.first });
      if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such segment');
      return { members: r.members.map(member), next: r.next };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/segments/:id/members.csv',
    tag: 'Segments',
    auth: true,
    summary: "The segment's members as CSV (UTF-8 with BOM), streamed",
    params: idParams,
    response: segmentMembersCsv,
    errors: [404],
    handler: async ({ params, req, res }) => {
      const accountId = accountOf(req);
      const now = new Date();
      let page = await segmentMembersPage(d, accountId, params.id, now, { limit: 1000 });
      if (page.outcome === 'not_found') throw new HttpError('not_found', 'No such segment');
      res.status(200).setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="segment-${params.id}.csv"`);
      res.setHeader('cache-control', 'no-store');
      // A byte-order mark, or Excel reads Urdu names as Windows-1252.
      if (!res.write('\uFEFFid,first_name,last_name,email,orders,amount_spent,currency,last_order_at\r\n')) await drained(res);
      for (;;) {
        const rows = page.members
          .map(member)
          .map(
            (m) =>
              [m.id, m.firstName, m.lastName, m.email, m.numberOfOrders, m.amountSpent, m.currency, m.lastOrderAt].map(csvCell).join(',') +
              '\r\n',
          );
        if (rows.length && !res.write(rows.join(''))) await drained(res);
        if (!page.next || res.destroyed) break;
        const next = await segmentMembersPage(d, accountId, params.id, now, { after: page.next, limit: 1000 });
        if (next.outcome === 'not_found') break;
        page = next;
      }
      res.end();
    },
  });
}
