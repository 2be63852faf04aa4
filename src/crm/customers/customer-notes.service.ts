import type { CustomerNotesPort, Note, TagState } from './customer-notes.port.ts';
import type { CustomerQueriesPort } from './customer-queries.port.ts';

// Staff notes and tags on profiles. A profile is found by id within the account (merged ids
// followed); `null` means no such customer, which the edge answers with 404.

export type NamedNote = Note & { authorName: string | null };

export function createCustomerNotes(deps: {
  notes: CustomerNotesPort;
  queries: Pick<CustomerQueriesPort, 'resolveId' | 'actorNames'>;
  /** Staff tags changed these customers (their segment membership follows: crm/segments/membership.service.ts). */
  tagsChanged?: (accountId: string, customerIds: string[]) => Promise<void>;
}) {
  const { notes, queries } = deps;
  const named = async (accountId: string, list: Note[]): Promise<NamedNote[]> => {
    const names = await queries.actorNames(
      accountId,
      list.map((n) => n.author),
    );
    return list.map((n) => ({ ...n, authorName: names.get(n.author ?? '') ?? null }));
  };
  return {
    async list(accountId: string, id: string): Promise<NamedNote[] | null> {
      const customerId = await queries.resolveId(accountId, id);
      return customerId ? named(accountId, await notes.listNotes(customerId)) : null;
    },
    async add(accountId: string, id: string, body: string, author: string, at: string): Promise<NamedNote | null> {
      const customerId = await queries.resolveId(accountId, id);
      return customerId ? (await named(accountId, [await notes.addNote(accountId, customerId, body, author, at)]))[0]! : null;
    },
    async setTags(accountId: string, id: string, tags: string[]): Promise<TagState | null> {
      const customerId = await queries.resolveId(accountId, id);
      if (!customerId) return null;
      const state = await notes.setTags(accountId, customerId, tags);
      await deps.tagsChanged?.(accountId, [customerId]);
      return state;
    },
    /** Bulk action: ids of other accounts are skipped, never tagged. */
    async tagMany(accountId: string, ids: string[], tags: string[]): Promise<{ customers: number; added: number }> {
      const own = await notes.ownCustomerIds(accountId, [...new Set(ids)]);
      const added = await notes.addTags(accountId, own, [...new Set(tags)]);
      if (added) await deps.tagsChanged?.(accountId, own);
      return { customers: own.length, added };
    },
  };
}

export type CustomerNotes = ReturnType<typeof createCustomerNotes>;
