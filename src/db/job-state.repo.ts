import type { JobStatePort } from '../crm/sync/job-state.port.ts';
import type { Db } from './client.ts';

// Named JSON state of background jobs, kept across restarts (see schema/sync.ts job_state).

/** Synchronous, for the runtime's start-up steps on SQLite (before anything else runs). */
export function jobStateRows(db: Db) {
  const read = db.$client.prepare('SELECT value FROM job_state WHERE name = ?').pluck();
  const write = db.$client.prepare(`INSERT INTO job_state (name, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  return {
    get<T>(name: string): T | undefined {
      const value = read.get(name) as string | undefined;
      return value === undefined ? undefined : (JSON.parse(value) as T);
    },
    set(name: string, value: unknown, at = new Date().toISOString()): void {
      write.run(name, JSON.stringify(value), at);
    },
  };
}

export function createJobState(db: Db): JobStatePort {
  const rows = jobStateRows(db);
  return {
    get: async <T>(name: string) => rows.get<T>(name),
    set: async (name, value, at) => rows.set(name, value, at),
  };
}
