import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'lossless-json';

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));

export type Json = Record<string, unknown>;

/**
 * Loads a fixture, applies overrides (top-level merge, or a mutator), and serialises it again
 * without losing 18-digit ids (lossless-json keeps numbers as written).
 */
export function fixture(path: string, change: Json | ((body: Json) => void) = {}): string {
  const body = parse(readFileSync(`${root}${path}`, 'utf8')) as Json;
  if (typeof change === 'function') change(body);
  else Object.assign(body, change);
  return stringify(body)!;
}

export function fixtureObject(path: string): Json {
  return parse(readFileSync(`${root}${path}`, 'utf8')) as Json;
}
