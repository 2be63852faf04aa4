import type { ErrorRequestHandler } from 'express';
import type {} from 'pino-http';
import { z } from 'zod';
import { HasherBusyError } from '../../lib/password.ts';
import { HttpError, statusOf } from '../errors.ts';

// The one place errors become responses: every HttpError kind through `statusOf`, the few
// foreign errors we expect translated to a kind first, anything else a 500 that leaks nothing.

function asHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof HasherBusyError) return new HttpError('unavailable', 'Too many sign-ins in progress: try again shortly', undefined, 1);
  if (err instanceof z.ZodError) {
    return new HttpError(
      'invalid',
      'Invalid request',
      err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return null;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = asHttpError(err);
  if (known) {
    if (known.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(Math.max(1, Math.ceil(known.retryAfterSeconds))));
    res.status(statusOf[known.kind]).json({ error: { code: known.kind, message: known.message, details: known.details } });
    return;
  }
  // body-parser errors carry a status (413 too large, 400 bad JSON).
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
  if (status === 500) req.log?.error({ err }, 'unhandled error');
  res
    .status(status)
    .json({ error: { code: status === 500 ? 'internal' : 'invalid', message: status === 500 ? 'Internal error' : String(err.message) } });
};
