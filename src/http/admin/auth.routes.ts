import type { Config } from '../../config/config.ts';
import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import { createMemorySharedState, type SharedState } from '../../lib/shared-state.ts';
import { DEMO_LOGIN } from '../../demo/demo-login.ts';
import { HttpError } from '../errors.ts';
import { credentialOf, SESSION_COOKIE, sessionCookieOptions } from '../middleware/credentials.ts';
import { loginBody, loginResponse, logoutResponse } from './auth.schemas.ts';
import { createLoginLimiter, type LimitKey, type LoginLimiter } from './login-limiter.ts';
import type { RouteRegistry } from './registry.ts';

// Standalone sign-in and sign-out (WooCommerce-only and self-hosted merchants; Shopify staff
// arrive with Shopify's session token instead). Both anonymous.

export function registerAuthRoutes(
  registry: RouteRegistry,
  deps: { config: Config; staffAuth: StaffAuthPort; loginLimiter?: LoginLimiter; sharedState?: SharedState },
): void {
  const { config, staffAuth } = deps;
  const limiter = deps.loginLimiter ?? createLoginLimiter(deps.sharedState ?? createMemorySharedState());

  registry.add({
    method: 'post',
    path: '/api/auth/login',
    tag: 'Auth',
    auth: false,
    summary: 'Standalone login (WooCommerce-only and self-hosted merchants)',
    body: loginBody,
    response: loginResponse,
    errors: [400, 401, 429, 503],
    handler: async ({ body, req, res }) => {
      if (config.NODE_ENV === 'production' && body.email.trim().toLowerCase() === DEMO_LOGIN.email) {
        throw new HttpError('forbidden', 'The demo login is disabled in production');
      }
      // Throttled before any hashing, so a locked-out guess costs nothing.
      const keys: LimitKey[] = [
        { key: `email:${body.email.trim().toLowerCase()}`, maxFailures: config.LOGIN_FAILURES_PER_EMAIL },
        { key: `ip:${req.ip ?? 'unknown'}`, maxFailures: config.LOGIN_FAILURES_PER_IP },
      ];
      const wait = await limiter.retryAfter(keys);
      if (wait !== null) throw new HttpError('too_many_requests', `Too many failed sign-ins: try again in ${wait} s`, undefined, wait);
      const session = await staffAuth.login(body.email, body.password); // HasherBusyError -> 503 (error handler)
      if (!session) {
        await limiter.failed(keys);
        throw new HttpError('unauthorized', 'Wrong email or password');
      }
      await limiter.succeeded(keys.slice(0, 1));
      res.cookie?.(SESSION_COOKIE, session.token, { ...sessionCookieOptions(config), expires: new Date(session.expiresAt) });
      return { token: session.token, expiresAt: session.expiresAt };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/auth/logout',
    tag: 'Auth',
    auth: false,
    summary: 'End the current standalone login session and clear its cookie',
    response: logoutResponse,
    status: 200,
    handler: async ({ req, res }) => {
      const token = credentialOf(req.headers)?.token;
      if (token?.startsWith('rps_')) await staffAuth.logout(token);
      res.clearCookie?.(SESSION_COOKIE, sessionCookieOptions(config));
      return { loggedOut: true };
    },
  });
}
