import type { RequestHandler } from 'express';
import { publicUrl, type Config } from '../../config/config.ts';
import { HttpError } from '../errors.ts';
import { credentialOf } from './credentials.ts';

// SameSite=Lax still lets another site's plain form POST reach us with the cookie in some
// browsers and set-ups (and a sibling subdomain is "same site"). A state-changing request that
// rides on the cookie must therefore come from our own page: its Origin is ours, or, when a
// client sends no Origin, its body is JSON (a form cannot send application/json without a CORS
// preflight, which we never grant). Bearer tokens are not sent by browsers on their own, so
// requests that carry one are not CSRF-able and are not checked.

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function crossSiteGuard(config: Config): RequestHandler {
  const configured = publicUrl(config);
  const publicOrigin = configured ? new URL(configured).origin : null;
  return (req, _res, next) => {
    if (SAFE.has(req.method) || credentialOf(req.headers)?.via !== 'cookie') return next();
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (origin === publicOrigin || hostOf(origin) === req.headers.host) return next();
      return next(new HttpError('forbidden', 'Cross-site request refused: Origin is not this site'));
    }
    if (req.is('application/json')) return next();
    return next(new HttpError('forbidden', 'Cross-site request refused: send Origin or a JSON body with the session cookie'));
  };
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
