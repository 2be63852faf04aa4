// crm's ports are asynchronous (a PostgreSQL implementation is real I/O); better-sqlite3 is
// synchronous. A SQLite implementation is written synchronously, as `Synchronous<Port>`, and
// handed out through `resolved`: each call runs at once and its result (or throw) comes back as
// a settled promise, so awaiting it never lets the event loop turn (units of work rely on that).

/** A port's methods as the SQLite implementation runs them: returning the value itself, except the `Async` ones (real waits, like hashing). */
export type Synchronous<P, Async extends keyof P = never> = {
  [K in keyof P]: K extends Async ? P[K] : P[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : P[K];
};

/** The port over a synchronous implementation: one async wrapper per method, made once. */
export function resolved<P extends object, Async extends keyof P = never>(impl: Synchronous<P, Async>): P {
  const port: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(impl)) {
    port[name] =
      typeof value === 'function' ? async (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(impl, args) : value;
  }
  return port as P;
}
