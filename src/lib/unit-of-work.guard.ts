import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from './logger.ts';

// The rule (db/README.md): a unit of work touches only the database. Between begin and commit it
// awaits nothing but its own repositories' queries: no network, no password hashing, no timers,
// no files. On SQLite a transaction is the state of the one connection, so whatever runs while a
// unit is suspended writes inside it; on PostgreSQL a unit holds a pooled connection until commit.
//
// This module marks each unit's async context. The I/O rims (outbound fetch, platform clients,
// password hashing, sleeps) call `assertOutsideUnitOfWork`; the SQLite store also reports a unit
// that let the event loop turn before its commit, and a request or a transaction that starts on
// the connection while a unit is open. Dev and test: a violation throws (the unit rolls back).
// Production: it is logged as an error and behaviour is unchanged.

export class UnitOfWorkViolation extends Error {
  constructor(message: string) {
    super(
      `${message}. A unit of work may await only its own queries: do network calls, password hashing and other I/O before or after it (src/db/README.md).`,
    );
    this.name = 'UnitOfWorkViolation';
  }
}

export type GuardMode = 'throw' | 'log';

const settings: { mode: GuardMode; logger?: Pick<Logger, 'error'> } = { mode: process.env.NODE_ENV === 'production' ? 'log' : 'throw' };

/** Set once by the runtime: production logs violations, everything else throws them. */
export function configureUnitOfWorkGuard(options: { mode: GuardMode; logger?: Pick<Logger, 'error'> }): void {
  settings.mode = options.mode;
  settings.logger = options.logger;
}

function violation(message: string): void {
  const err = new UnitOfWorkViolation(message);
  if (settings.mode === 'throw') throw err;
  if (settings.logger) settings.logger.error({ module: 'unit-of-work', err: err.message, stack: err.stack }, 'unit of work guard');
  else console.error(err);
}

type Unit = { label: string; open: boolean; yielded: boolean };
const current = new AsyncLocalStorage<Unit>();
// Units of a synchronous store (one shared connection) that have begun and not yet finished.
const openOnSharedConnection = new Set<Unit>();

/** True while the caller runs inside an open unit of work. */
export function insideUnitOfWork(): boolean {
  return current.getStore()?.open === true;
}

/** For I/O rims: network calls, password hashing, timers and files never run inside a unit. */
export function assertOutsideUnitOfWork(what: string): void {
  const unit = current.getStore();
  if (unit?.open) violation(`${what} inside a unit of work (${unit.label})`);
}

/**
 * For work that starts on its own (a request, a transaction of its own): it must not start while
 * a unit is open on the shared connection, unless it is part of that unit.
 */
export function assertNoUnitOpen(what: string): void {
  if (!openOnSharedConnection.size || insideUnitOfWork()) return;
  // Something else ran while they were open: each of them let the event loop turn.
  for (const unit of openOnSharedConnection) unit.yielded = true;
  violation(`${what} started while a unit of work is open on the connection`);
}

export type OpenUnit = {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Before the commit: reports a unit whose work let the event loop turn (it awaited real I/O). */
  checkBeforeCommit(): void;
  close(): void;
};

/**
 * Marks a unit of work from its begin to its end. `sharedConnection`: the store runs every query
 * of the process on one synchronous connection (SQLite), so its repositories resolve without
 * yielding; the unit must then settle before the event loop's next check phase. A store whose
 * queries are real I/O (PostgreSQL, a pooled connection per unit) passes false and keeps the rest.
 */
export function openUnitOfWork(label: string, options: { sharedConnection: boolean }): OpenUnit {
  const unit: Unit = { label, open: true, yielded: false };
  let ticks: [NodeJS.Immediate, NodeJS.Timeout] | undefined;
  if (options.sharedConnection) {
    openOnSharedConnection.add(unit);
    // The loop's next check phase or next due timer, whichever comes first, marks the unit (a
    // unit begun inside a phase may await a callback of that same phase first: the timer catches
    // timers awaited from the timers phase). Work that starts on the connection in between is
    // caught by assertNoUnitOpen.
    const yielded = () => {
      unit.yielded = true;
    };
    ticks = [setImmediate(yielded), setTimeout(yielded, 0)];
  }
  return {
    run: (work) => current.run(unit, work),
    checkBeforeCommit() {
      if (unit.yielded) violation(`${label} awaited something other than its own queries (the event loop turned before its commit)`);
    },
    close() {
      if (!unit.open) return;
      unit.open = false;
      if (ticks) {
        openOnSharedConnection.delete(unit);
        clearImmediate(ticks[0]);
        clearTimeout(ticks[1]);
      }
    },
  };
}
