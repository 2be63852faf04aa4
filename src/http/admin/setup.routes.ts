import type { Config } from '../../config/config.ts';
import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import { passwordHasher } from '../../lib/password.ts';
import { HttpError } from '../errors.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../middleware/credentials.ts';
import type { RouteRegistry } from './registry.ts';
import { ownerBody, ownerResponse, setupResponse } from './setup.schemas.ts';

// The first run: `npm start` on an empty database has no login, so the sign-in page offers to
// create the owner's account instead. Open to anyone only until a login exists (then 409); both
// routes are anonymous and cheap (one indexed row read; the hash runs off the event loop).

export function registerSetupRoutes(registry: RouteRegistry, deps: { config: Config; staffAuth: StaffAuthPort }): void {
  const { staffAuth } = deps;

  registry.add({
    method: 'get',
    path: '/api/setup',
    tag: 'Auth',
    auth: false,
    summary: 'Whether this instance still needs its owner (true only before the first login exists)',
    response: setupResponse,
    handler: async () => ({ ownerNeeded: !(await staffAuth.hasAnyLogin()) }),
  });

  registry.add({
    method: 'post',
    path: '/api/setup/owner',
    tag: 'Auth',
    auth: false,
    summary: "Create the owner's account and login on the first run, and sign in (409 once any login exists)",
    body: ownerBody,
    response: ownerResponse,
    errors: [400, 409, 503],
    status: 201,
    handler: async ({ body, res }) => {
      if (await staffAuth.hasAnyLogin()) throw new HttpError('conflict', 'This Rapport already has its owner: sign in instead');
      const passwordHash = await passwordHasher.hash(body.password);
      // Checked again after the hash: another request may have won meanwhile.
      const accountId = await staffAuth.createOwner({ shopName: body.shopName, currency: body.currency, email: body.email, passwordHash });
      if (!accountId) throw new HttpError('conflict', 'This Rapport already has its owner: sign in instead');
      const session = await staffAuth.login(body.email, body.password);
      if (!session) throw new Error('the new owner could not sign in');
      res.cookie?.(SESSION_COOKIE, session.token, { ...sessionCookieOptions(deps.config), expires: new Date(session.expiresAt) });
      return { token: session.token, expiresAt: session.expiresAt, accountId };
    },
  });
}
