import type { ErrorRequestHandler } from 'express';
import type {} from 'pino-http';
import { z } from 'zod';
import { HasherBusyError } from '../../lib/password.ts';
import { HttpError, statusOf } from '../errors.ts';

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof HttpError) {
    if (err.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
    res.status(statusOf[err.kind]).json({ error: { code: err.kind, message: err.message, details: err.details } });
    return;
  }
  if (err instanceof HasherBusyError) {
    res.setHeader('retry-after', '1');
    res.status(503).json({ error: { code: 'unavailable', message: 'Too many sign-ins in progress: try again shortly' } });
    return;
  }
  if (err instanceof z.ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    res.status(400).json({ error: { code: 'invalid', message: 'Invalid request', details } });
    return;
  }
  // body-parser errors carry a status (413 too large, 400 bad JSON).
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
  if (status === 500) req.log?.error({ err }, 'unhandled error');
  res.status(status).json({ error: { code: status === 500 ? 'internal' : 'invalid', message: status === 500 ? 'Internal error' : String(err.message) } });
};
