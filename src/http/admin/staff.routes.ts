import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import { passwordHasher } from '../../lib/password.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import { addStaffBody, deleteStaffResponse, staffListResponse, staffUser } from './staff.schemas.ts';

// Standalone staff logins. These routes answer both standalone logins and Shopify session tokens
// (a Shopify merchant may give staff without Shopify admin access a standalone login), always
// scoped to the caller's account; only a standalone login is "yourself" and cannot delete itself.

// Emails are Rapport-wide logins, so an email of another account cannot be added either. The
// answer is the same neutral 409 whether the email is this account's or another's: it must not
// tell a merchant that someone else's staff uses it (a success-shaped reply would be a lie).
const emailUnavailable = () =>
  new HttpError('conflict', 'This email cannot be added', [{ path: 'email', message: 'Use another email address' }]);

export function registerStaffRoutes(registry: RouteRegistry, deps: { staffAuth: StaffAuthPort }): void {
  const { staffAuth } = deps;

  registry.add({
    method: 'get',
    path: '/api/staff',
    tag: 'Staff',
    auth: true,
    summary: "The account's standalone staff logins (never password hashes)",
    response: staffListResponse,
    handler: async ({ req }) => ({
      staff: await staffAuth.listAdminUsers(accountOf(req)),
      me: req.auth?.via === 'login' ? req.auth.userId : null,
    }),
  });

  registry.add({
    method: 'post',
    path: '/api/staff',
    tag: 'Staff',
    auth: true,
    summary: 'Add a standalone staff login (email unique across Rapport)',
    body: addStaffBody,
    response: staffUser,
    errors: [400, 409],
    handler: async ({ body, req }) => {
      const accountId = accountOf(req);
      if (await staffAuth.emailTaken(body.email)) throw emailUnavailable();
      let id: string;
      try {
        id = await staffAuth.addAdminUser(accountId, body.email, await passwordHasher.hash(body.password));
      } catch (err) {
        if (/UNIQUE/i.test(String(err))) throw emailUnavailable();
        throw err;
      }
      const user = (await staffAuth.listAdminUsers(accountId)).find((u) => u.id === id);
      if (!user) throw new HttpError('not_found', 'No such staff user');
      return user;
    },
  });

  registry.add({
    method: 'delete',
    path: '/api/staff/:id',
    tag: 'Staff',
    auth: true,
    summary: 'Remove a staff login and end its sessions (not yourself, not the last one)',
    params: idParams,
    response: deleteStaffResponse,
    errors: [404, 409],
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      const staff = await staffAuth.listAdminUsers(accountId);
      if (!staff.some((u) => u.id === params.id)) throw new HttpError('not_found', 'No such staff user');
      if (req.auth?.via === 'login' && req.auth.userId === params.id) throw new HttpError('conflict', 'You cannot remove your own login');
      if (staff.length <= 1) throw new HttpError('conflict', 'The last staff login cannot be removed');
      if (!(await staffAuth.deleteAdminUser(accountId, params.id))) throw new HttpError('not_found', 'No such staff user');
      return { deleted: true };
    },
  });
}
