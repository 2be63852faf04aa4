import { dropStaleTestDatabases, pgAvailable } from './pg.ts';

// Vitest global setup: databases of test files that crashed before dropping theirs are removed
// after an hour (not sooner: another checkout's run may be using its own right now).
export default async function setup(): Promise<void> {
  if (pgAvailable) await dropStaleTestDatabases();
}
