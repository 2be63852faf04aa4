import type { JobStatePort } from '../crm/sync/job-state.port.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query } from './sql/executor.ts';

// Named JSON state of background jobs, kept across restarts (see schema/sync.ts job_state), on
// either database. Each call is its own statement, outside any unit of work.

const q = {
  read: query('SELECT value FROM job_state WHERE name = :name'),
  write: query(`INSERT INTO job_state (name, value, updated_at) VALUES (:name, :value, :at)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
};

export function createJobState(database: SqlDatabase): JobStatePort {
  const { x } = database;
  return {
    async get<T>(name: string): Promise<T | undefined> {
      const row = await x.get<{ value: string }>(q.read, { name });
      return row === undefined ? undefined : (JSON.parse(row.value) as T);
    },
    async set(name, value, at = new Date().toISOString()) {
      await x.run(q.write, { name, value: JSON.stringify(value), at });
    },
  };
}
