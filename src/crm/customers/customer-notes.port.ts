// Staff notes and staff-set tags on a profile. Tags set in Rapport have source `manual`; a
// store's own tags come back on its next sync, so staff edit only their own.

export type Note = { id: string; body: string; author: string | null; createdAt: string };
export type TagState = { tags: string[]; manualTags: string[] };

export interface CustomerNotesPort {
  listNotes(customerId: string): Promise<Note[]>;
  /** Adds a note and its `note_added` timeline entry together. */
  addNote(accountId: string, customerId: string, body: string, author: string, at: string): Promise<Note>;
  /** Makes the profile show `wanted`: new tags become manual tags, manual tags left out are removed. */
  setTags(accountId: string, customerId: string, wanted: string[]): Promise<TagState>;
  /** Adds manual tags to customers of one account; returns how many tags were new. */
  addTags(accountId: string, customerIds: string[], tags: string[]): Promise<number>;
  /** The ids among `ids` that are customers of the account. */
  ownCustomerIds(accountId: string, ids: string[]): Promise<string[]>;
}
