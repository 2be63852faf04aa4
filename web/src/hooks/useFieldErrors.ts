import { ApiError } from '../api.ts';

/** Field errors of a failed mutation (`error.details[].path` -> message), or none. */
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError && error.status === 400 ? error.fields : {};
}

/** A whole-form message: a 409's explanation, or the generic failure text. */
export function formError(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length) return null;
  return error instanceof Error ? error.message : String(error);
}
