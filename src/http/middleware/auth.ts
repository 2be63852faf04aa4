import type { RequestHandler } from 'express';
import type { Config } from '../../config/config.ts';
import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import type { AuthOutcome, ShopifyAuth } from '../../platforms/shopify/auth.service.ts';
import { HttpError } from '../errors.ts';
import { credentialOf } from './credentials.ts';

export type AdminAuth =
  { accountId: string; via: 'session-token'; shop: string; userId: string } | { accountId: string; via: 'login'; userId: string };

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AdminAuth;
  }
}

const REASONS: Record<Exclude<AuthOutcome, { ok: true }>['reason'], string> = {
  missing_config: 'Shopify session tokens are not enabled (SHOPIFY_API_KEY/SECRET unset)',
  malformed: 'Invalid session token: malformed',
  expired: 'Invalid session token: expired',
  not_yet_valid: 'Invalid session token: not yet valid',
  audience: 'Invalid session token: claim aud rejected',
  signature: 'Invalid session token: signature mismatch',
  dest: 'Session token has no valid dest',
  issuer: 'Session token was not issued by the Shopify admin',
  not_installed: 'Shop is not connected to Rapport',
  exchange_failed: 'Shop is not connected to Rapport (Shopify refused the token exchange)',
};

/**
 * Admin API authentication: a Shopify App Bridge session token, verified by `@shopify/shopify-api`
 * (HS256 with the app secret or the previous one, aud = API key, shop from `dest`), or a
 * standalone login token. The first call of a shop with no offline session exchanges the token
 * and installs the shop; later calls need no call to Shopify.
 */
export function adminAuth(_config: Config, staffAuth: StaffAuthPort, shopify?: ShopifyAuth): RequestHandler {
  async function verifySessionToken(token: string): Promise<AdminAuth> {
    if (!shopify) throw new HttpError('unauthorized', REASONS.missing_config);
    const outcome = await shopify.authenticate(token);
    if (!outcome.ok) throw new HttpError('unauthorized', REASONS[outcome.reason]);
    return { accountId: outcome.accountId, via: 'session-token', shop: outcome.shop, userId: outcome.userId };
  }

  return async (req, _res, next) => {
    try {
      const token = credentialOf(req.headers)?.token;
      if (!token) throw new HttpError('unauthorized', 'Missing credentials: send Authorization: Bearer <session token>');
      if (token.startsWith('rps_')) {
        const session = await staffAuth.sessionAccount(token);
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
