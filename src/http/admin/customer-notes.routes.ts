import type { CustomerNotes } from '../../crm/customers/customer-notes.service.ts';
import { HttpError } from '../errors.ts';
import { accountOf, actorOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import { addNoteBody, bulkTagBody, bulkTagResponse, note, notesResponse, setTagsBody, tagState } from './customer-notes.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Staff notes and tags on a profile, and tags for many customers at once (bulk action).

const found = <T>(value: T | null): T => {
  if (value === null) throw new HttpError('not_found', 'No such customer');
  return value;
};

export function registerCustomerNotesRoutes(registry: RouteRegistry, deps: { customerNotes: CustomerNotes }): void {
  const notes = deps.customerNotes;

  registry.add({
    method: 'get',
    path: '/api/customers/:id/notes',
    tag: 'Customers',
    auth: true,
    summary: 'Staff notes on a customer, newest first',
    params: idParams,
    response: notesResponse,
    errors: [404],
    handler: async ({ params, req }) => ({ notes: found(await notes.list(accountOf(req), params.id)) }),
  });

  registry.add({
    method: 'post',
    path: '/api/customers/:id/notes',
    tag: 'Customers',
    auth: true,
    summary: 'Add a staff note (also a `note_added` timeline entry)',
    params: idParams,
    body: addNoteBody,
    response: note,
    errors: [400, 404],
    handler: async ({ params, body, req }) =>
      found(await notes.add(accountOf(req), params.id, body.body, actorOf(req), new Date().toISOString())),
  });

  registry.add({
    method: 'put',
    path: '/api/customers/:id/tags',
    tag: 'Customers',
    auth: true,
    summary: "Set the tags a profile shows: new ones are stored as staff (`manual`) tags; a store's own tags stay",
    params: idParams,
    body: setTagsBody,
    response: tagState,
    errors: [400, 404],
    handler: async ({ params, body, req }) => found(await notes.setTags(accountOf(req), params.id, body.tags)),
  });

  registry.add({
    method: 'post',
    path: '/api/customers/tags',
    tag: 'Customers',
    auth: true,
    summary: 'Add staff tags to many customers (bulk action)',
    body: bulkTagBody,
    response: bulkTagResponse,
    errors: [400],
    status: 200,
    handler: ({ body, req }) => notes.tagMany(accountOf(req), body.customerIds, body.add),
  });
}
