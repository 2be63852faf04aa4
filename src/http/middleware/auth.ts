import type { RequestHandler } from 'express';
import { jwtVerify, errors as joseErrors } from 'jose';
import type { Config } from '../../config/config.ts';
import type { Tenancy } from '../../db/tenancy.repo.ts';
import { HttpError } from '../errors.ts';

export type AdminAuth = { accountId: string; via: 'session-token'; shop: string; userId: string } | { accountId: string; via: 'login'; userId: string };

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AdminAuth;
  }
}

/**
 * Admin API authentication: a Shopify App Bridge session token (HS256 JWT signed with the app
 * secret, aud = API key, shop from `dest`) or a standalone login token. A session token for a
 * store connected with an access token needs no call to Shopify.
 */
export function adminAuth(config: Config, tenancy: Tenancy): RequestHandler {
  const secrets = [config.SHOPIFY_API_SECRET, config.SHOPIFY_API_SECRET_PREVIOUS].filter((s): s is string => Boolean(s))
    .map((s) => new TextEncoder().encode(s));

  async function verifySessionToken(token: string): Promise<AdminAuth> {
    if (!secrets.length || !config.SHOPIFY_API_KEY) throw new HttpError('unauthorized', 'Shopify session tokens are not enabled (SHOPIFY_API_KEY/SECRET unset)');
    let lastError: unknown;
    for (const secret of secrets) {
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], audience: config.SHOPIFY_API_KEY, clockTolerance: 5 });
        const dest = typeof payload.dest === 'string' ? payload.dest : '';
        const shop = safeHost(dest);
        if (!shop || !shop.endsWith('.myshopify.com')) throw new HttpError('unauthorized', 'Session token has no valid dest');
        const connection = tenancy.connectionByDomain('shopify', shop);
        if (!connection || connection.status !== 'active') throw new HttpError('unauthorized', 'Shop is not connected to Rapport');
        return { accountId: connection.accountId, via: 'session-token', shop, userId: String(payload.sub ?? '') };
      } catch (err) {
        if (err instanceof HttpError) throw err;
        lastError = err;
        if (!(err instanceof joseErrors.JWSSignatureVerificationFailed)) break; // only a signature mismatch is worth the old secret
      }
    }
    throw new HttpError('unauthorized', `Invalid session token: ${describe(lastError)}`);
  }

  return async (req, _res, next) => {
    try {
      const token = bearer(req.headers.authorization) ?? cookie(req.headers.cookie, 'rapport_session');
      if (!token) throw new HttpError('unauthorized', 'Missing credentials: send Authorization: Bearer <session token>');
      if (token.startsWith('rps_')) {
        const session = tenancy.sessionAccount(token);
        if (!session) throw new HttpError('unauthorized', 'Login session expired or unknown');
        req.auth = { accountId: session.accountId, via: 'login', userId: session.userId };
      } else {
        req.auth = await verifySessionToken(token);
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

function describe(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim ${err.claim} rejected`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature mismatch';
  return 'malformed';
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}
