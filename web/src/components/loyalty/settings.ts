import type { ProgramSettings } from '../../api.ts';

/**
 * Immutable update of one nested setting by dotted path ("earning.triggers.cod"). `undefined`
 * leaves an optional setting out (as the API stores it), so clearing it again is not an edit.
 */
export function setIn<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return obj;
  const copy = (Array.isArray(obj) ? [...obj] : { ...(obj as object) }) as Record<string, unknown>;
  if (!rest.length && value === undefined && !Array.isArray(obj)) delete copy[head];
  else copy[head] = rest.length ? setIn(copy[head], rest.join('.'), value) : value;
  return copy as T;
}

export type SettingsEditor = {
  settings: ProgramSettings;
  set: (path: string, value: unknown) => void;
  /** Field errors from the last save, by API path. */
  errors: Record<string, string>;
};

/** A number field's text to the value we send: what the merchant typed, or NaN for the API to refuse. */
export const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
