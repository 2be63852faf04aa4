// Row shapes shared by the repositories (their statements are in ../sql/statements.ts).
export { rowMapper } from '../sql/statements.ts';

type SnakeKey<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeKey<T>}` : S;

/**
 * The raw row (snake_case columns) of a domain record, derived from the record so a field added
 * to it cannot be left out of the row; `Stored` gives the fields stored another way (JSON text,
 * 0/1 booleans).
 */
export type RowOf<T, Stored extends { [K in keyof T]?: unknown } = object> = {
  [K in keyof T as SnakeKey<K & string>]: K extends keyof Stored ? Stored[K] : T[K];
};
