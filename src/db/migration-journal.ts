import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// drizzle-kit's journal (meta/_journal.json) of a migrations folder: which migration is which.
// Drizzle's migrators key applied migrations by this `when` (stored as created_at), not by folder
// or file name, for both dialects.

export type JournalEntry = { idx: number; when: number; tag: string };

export function readJournal(folder: string): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/** The migrations a database whose newest applied migration has `lastAppliedMillis` still lacks. */
export function pendingMigrations(folder: string, lastAppliedMillis: number | null): string[] {
  return readJournal(folder)
    .filter((e) => lastAppliedMillis === null || e.when > lastAppliedMillis)
    .map((e) => e.tag);
}
