// Named JSON state of background jobs, kept across restarts (a scan's mark, a one-off step's
// "done"); db/job-state.repo.ts implements it over the job_state table.

export interface JobStatePort {
  get<T>(name: string): Promise<T | undefined>;
  set(name: string, value: unknown, at?: string): Promise<void>;
}
