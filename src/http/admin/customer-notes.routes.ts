import { z } from 'zod';
import type { CustomerNotes } from '../../crm/customers/customer-notes.service.ts';
import { HttpError } from '../errors.ts';
import { accountOf, actorOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Staff notes and tags on a profile, and tags for many customers at once (bulk action).

const tag = z.string().trim().min(1, 'must not be empty').max(40).refine((t) => !t.includes(','), 'must not contain a comma');
const note = z.object({ id: z.string(), body: z.string(), author: z.string().nullable(), authorName: z.string().nullable().describe('The author by name, when known'), createdAt: z.string() });
const tagState = z.object({ tags: z.array(z.string()), manualTags: z.array(z.string()) });

const found = <T>(value: T | null): T => {
  if (value === null) throw new HttpError('not_found', 'No such customer');
  return value;
};

export function registerCustomerNotesRoutes(registry: RouteRegistry, deps: { customerNotes: CustomerNotes }): void {
  const notes = deps.customerNotes;

  registry.add({
    method: 'get', path: '/api/customers/:id/notes', tag: 'Customers', auth: true, summary: "Staff notes on a customer, newest first",
    params: idParams, response: z.object({ notes: z.array(note) }), errors: [404],
    handler: async ({ params, req }) => ({ notes: found(await notes.list(accountOf(req), params.id)) }),
  });

  registry.add({
    method: 'post', path: '/api/customers/:id/notes', tag: 'Customers', auth: true, summary: 'Add a staff note (also a `note_added` timeline entry)',
    params: idParams, body: z.strictObject({ body: z.string().trim().min(1, 'write something').max(2000) }), response: note, errors: [400, 404],
    handler: async ({ params, body, req }) => found(await notes.add(accountOf(req), params.id, body.body, actorOf(req), new Date().toISOString())),
  });

  registry.add({
    method: 'put', path: '/api/customers/:id/tags', tag: 'Customers', auth: true,
    summary: "Set the tags a profile shows: new ones are stored as staff (`manual`) tags; a store's own tags stay",
    params: idParams, body: z.strictObject({ tags: z.array(tag).max(50) }), response: tagState, errors: [400, 404],
    handler: async ({ params, body, req }) => found(await notes.setTags(accountOf(req), params.id, body.tags)),
  });

  registry.add({
    method: 'post', path: '/api/customers/tags', tag: 'Customers', auth: true, summary: 'Add staff tags to many customers (bulk action)',
    body: z.strictObject({ customerIds: z.array(z.string().min(1).max(100)).min(1).max(250), add: z.array(tag).min(1).max(10) }),
    response: z.object({ customers: z.number(), added: z.number() }), errors: [400], status: 200,
    handler: ({ body, req }) => notes.tagMany(accountOf(req), body.customerIds, body.add),
  });
}
