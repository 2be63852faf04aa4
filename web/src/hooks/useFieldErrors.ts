import i18next from 'i18next';
import { ApiError } from '../api.ts';

/** Field errors of a failed mutation (`error.details[].path` -> message), or none. */
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError && error.status === 400 ? error.fields : {};
}

/** A whole-form message: a 409's explanation, or the generic failure text. */
export function formError(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length) return null;
  return error instanceof ApiError ? explained(error) : error instanceof Error ? error.message : String(error);
}

/**
 * The API explains in English, precisely (it may quote the input). In another language, a
 * failure with a known `details.reason` (a store that cannot be connected, say) reads in that
 * language instead, a little more generally.
 */
function explained(error: ApiError): string {
  const reason = (error.details as { reason?: unknown } | null | undefined)?.reason;
  const key = `errors.reasons.${String(reason)}`;
  return typeof reason === 'string' && i18next.language !== 'en' && i18next.exists(key) ? i18next.t(key) : error.message;
}
