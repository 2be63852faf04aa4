import { useCallback, useEffect, useState } from 'react';

// One form's edit state for the contextual save bar: the values as loaded (or last saved) and
// the values being edited. Dirty means they differ; Discard puts the loaded ones back.

/** Structural equality of JSON-like form values (objects compared key by key, arrays in order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

export type DirtyForm<T> = {
  /** The values being edited; null until the source has loaded. */
  value: T | null;
  update: (change: (current: T) => T) => void;
  dirty: boolean;
  /** Back to the values as loaded or last saved. */
  discard: () => void;
  /** The server accepted these values: they become the new baseline. */
  saved: (value: T) => void;
};

/** `source` is the server's copy (undefined while loading); it seeds the form once. */
export function useDirtyForm<T>(source: T | undefined): DirtyForm<T> {
  const [baseline, setBaseline] = useState<T | null>(null);
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (source !== undefined && baseline === null) {
      setBaseline(source);
      setValue(source);
    }
  }, [source, baseline]);
  const update = useCallback((change: (current: T) => T) => setValue((v) => (v === null ? v : change(v))), []);
  const discard = useCallback(() => setValue(baseline), [baseline]);
  const saved = useCallback((v: T) => {
    setBaseline(v);
    setValue(v);
  }, []);
  return { value, update, dirty: baseline !== null && value !== null && !sameValue(baseline, value), discard, saved };
}
