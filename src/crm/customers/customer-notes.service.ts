import type { CustomerNotesRepo, Note, TagState } from './customer-notes.port.ts';
import type { CustomerQueries } from './customer-queries.port.ts';

// Staff notes and tags on profiles. A profile is found by id within the account (merged ids
// followed); `null` means no such customer, which the edge answers with 404.

export type NamedNote = Note & { authorName: string | null };

export function createCustomerNotes(deps: { notes: CustomerNotesRepo; queries: Pick<CustomerQueries, 'resolveId' | 'actorNames'> }) {
  const { notes, queries } = deps;
  const named = (accountId: string, list: Note[]): NamedNote[] => {
    const names = queries.actorNames(accountId, list.map((n) => n.author));
    return list.map((n) => ({ ...n, authorName: names.get(n.author ?? '') ?? null }));
  };
  return {
    list(accountId: string, id: string): NamedNote[] | null {
      const customerId = queries.resolveId(accountId, id);
      return customerId ? named(accountId, notes.listNotes(customerId)) : null;
    },
    add(accountId: string, id: string, body: string, author: string, at: string): NamedNote | null {
      const customerId = queries.resolveId(accountId, id);
      return customerId ? named(accountId, [notes.addNote(accountId, customerId, body, author, at)])[0]! : null;
    },
    setTags(accountId: string, id: string, tags: string[]): TagState | null {
      const customerId = queries.resolveId(accountId, id);
      return customerId ? notes.setTags(accountId, customerId, tags) : null;
    },
    /** Bulk action: ids of other accounts are skipped, never tagged. */
    tagMany(accountId: string, ids: string[], tags: string[]): { customers: number; added: number } {
      const own = notes.ownCustomerIds(accountId, [...new Set(ids)]);
      return { customers: own.length, added: notes.addTags(accountId, own, [...new Set(tags)]) };
    },
  };
}

export type CustomerNotes = ReturnType<typeof createCustomerNotes>;
