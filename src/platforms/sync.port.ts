// Sync bookkeeping ports live in crm/sync/ (db implements them without importing platforms/);
// platforms' files keep importing them from here until their own rework lands (issue #14).
export type { OutboxItem, PlatformOutbox, SyncRun, SyncRunPatch, SyncRunStatus, SyncRuns, SyncState } from '../crm/sync/sync.port.ts';
