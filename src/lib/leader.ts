// Which process runs the work that must not run twice at once across a cluster: the loyalty
// scheduler, the reconciles, the metafield write-back, the inbox retention purge. jobs/ sees only
// this type; db/pg/leader.ts implements it on PostgreSQL, the composition root (roles.ts) picks one.

export interface LeaderElection {
  /** Whether this process leads now: re-checked on every call (each tick of a singleton job). */
  isLeader(): Promise<boolean>;
  /** Gives leadership up (another process takes it at its next tick) and closes what it holds. */
  close(): Promise<void>;
}

/** One process per database (SQLite: one worker per file, jobs/worker-lock.ts): always the leader. */
export function alwaysLeader(): LeaderElection {
  return { isLeader: async () => true, close: async () => undefined };
}
