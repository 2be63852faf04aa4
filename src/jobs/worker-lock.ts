import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

// One inbox worker per SQLite file: two would read the same due batch (harmless, the domain is
// idempotent, but wasted) and fight over the single writer. A lock file created with O_EXCL holds
// the owner's PID; a file left by a process that no longer exists (kill -9) is taken over.
// Several workers need PostgreSQL (issue #15).

export class WorkerLockError extends Error {}

export type WorkerLock = { release: () => void };

export function acquireWorkerLock(dbPath: string, pid = process.pid): WorkerLock {
  const file = `${dbPath}.worker.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (ownerOf(file) === pid) unlinkSync(file);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = ownerOf(file);
      if (owner !== null && isAlive(owner)) {
        throw new WorkerLockError(
          `another worker (PID ${owner}) is already running on ${dbPath}; only one worker may run against a SQLite database (several workers need PostgreSQL). Lock file: ${file}`,
        );
      }
      unlinkSync(file); // stale: its owner is gone
    }
  }
  throw new WorkerLockError(`could not take the worker lock ${file}`);
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}
