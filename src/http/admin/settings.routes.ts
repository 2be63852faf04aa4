import { z } from 'zod';
import type { Config } from '../../config/config.ts';
import { eraseOneCustomer, exportOneCustomer } from '../../crm/compliance/compliance.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { CustomerQueries } from '../../crm/customers/customer-queries.port.ts';
import type { StaffAuthPort } from '../../crm/tenancy/staff-auth.port.ts';
import { passwordHasher } from '../../lib/password.ts';
import { HttpError } from '../errors.ts';
import { credentialOf, SESSION_COOKIE, sessionCookieOptions } from '../middleware/credentials.ts';
import { accountOf, actorOf, customerIdOf } from './caller.ts';
import type { RouteRegistry } from './registry.ts';

// The Settings page's API: standalone staff logins, logout, and one customer's data export and
// erasure. Staff routes answer both standalone logins and Shopify session tokens (a Shopify
// merchant may give staff without Shopify admin access a standalone login), always scoped to the
// caller's account; only a standalone login is "yourself" and cannot delete itself.

const staffUser = z.object({ id: z.string(), email: z.string(), createdAt: z.string() });
const idParams = z.strictObject({ id: z.string().min(1).max(100) });

// Emails are Rapport-wide logins, so an email of another account cannot be added either. The
// answer is the same neutral 409 whether the email is this account's or another's: it must not
// tell a merchant that someone else's staff uses it (a success-shaped reply would be a lie).
const emailUnavailable = () => new HttpError('conflict', 'This email cannot be added', [{ path: 'email', message: 'Use another email address' }]);

export function registerSettingsRoutes(registry: RouteRegistry, deps: { config: Config; customers: CustomerQueries; store: CrmStore; staffAuth: StaffAuthPort }): void {
  const { customers, store, staffAuth } = deps;
  const customerOf = (accountId: string, id: string) => customerIdOf(customers, accountId, id);

  registry.add({
    method: 'post', path: '/api/auth/logout', tag: 'Auth', auth: false, summary: 'End the current standalone login session and clear its cookie',
    response: z.object({ loggedOut: z.boolean() }), status: 200,
    handler: ({ req, res }) => {
      const token = credentialOf(req.headers)?.token;
      if (token?.startsWith('rps_')) staffAuth.logout(token);
      res.clearCookie?.(SESSION_COOKIE, sessionCookieOptions(deps.config));
      return { loggedOut: true };
    },
  });

  registry.add({
    method: 'get', path: '/api/staff', tag: 'Staff', auth: true, summary: "The account's standalone staff logins (never password hashes)",
    response: z.object({ staff: z.array(staffUser), me: z.string().nullable() }),
    handler: ({ req }) => ({
      staff: staffAuth.listAdminUsers(accountOf(req)),
      me: req.auth?.via === 'login' ? req.auth.userId : null,
    }),
  });

  registry.add({
    method: 'post', path: '/api/staff', tag: 'Staff', auth: true, summary: 'Add a standalone staff login (email unique across Rapport)',
    body: z.strictObject({ email: z.email().max(320), password: z.string().min(12).max(200) }),
    response: staffUser, errors: [400, 409],
    handler: async ({ body, req }) => {
      const accountId = accountOf(req);
      if (staffAuth.emailTaken(body.email)) {
        throw emailUnavailable();
      }
      let id: string;
      try {
        id = staffAuth.addAdminUser(accountId, body.email, await passwordHasher.hash(body.password));
      } catch (err) {
        if (/UNIQUE/i.test(String(err))) throw emailUnavailable();
        throw err;
      }
      const user = staffAuth.listAdminUsers(accountId).find((u) => u.id === id);
      if (!user) throw new HttpError('not_found', 'No such staff user');
      return user;
    },
  });

  registry.add({
    method: 'delete', path: '/api/staff/:id', tag: 'Staff', auth: true, summary: 'Remove a staff login and end its sessions (not yourself, not the last one)',
    params: idParams, response: z.object({ deleted: z.boolean() }), errors: [404, 409],
    handler: ({ params, req }) => {
      const accountId = accountOf(req);
      const staff = staffAuth.listAdminUsers(accountId);
      if (!staff.some((u) => u.id === params.id)) throw new HttpError('not_found', 'No such staff user');
      if (req.auth?.via === 'login' && req.auth.userId === params.id) throw new HttpError('conflict', 'You cannot remove your own login');
      if (staff.length <= 1) throw new HttpError('conflict', 'The last staff login cannot be removed');
      if (!staffAuth.deleteAdminUser(accountId, params.id)) throw new HttpError('not_found', 'No such staff user');
      return { deleted: true };
    },
  });

  registry.add({
    method: 'get', path: '/api/customers/:id/export', tag: 'Customers', auth: true,
    summary: 'Everything Rapport holds on the customer (profile, identities, addresses, orders, points, redemptions, notes, timeline) as a JSON download',
    params: idParams, response: z.record(z.string(), z.unknown()), errors: [404],
    handler: async ({ params, req, res }) => {
      const id = customerOf(accountOf(req), params.id);
      const data = await store.transaction((repos) => exportOneCustomer(repos, id, new Date().toISOString()));
      res.setHeader('content-disposition', `attachment; filename="customer-${id}.json"`);
      res.setHeader('cache-control', 'no-store');
      return data;
    },
  });

  registry.add({
    method: 'post', path: '/api/customers/:id/erase', tag: 'Customers', auth: true,
    summary: "Erase the customer's personal data everywhere (orders stay, anonymous, for the statistics); confirm with the customer's id",
    params: idParams, body: z.strictObject({ confirm: z.string().max(100) }),
    response: z.object({ erased: z.boolean(), customerId: z.string() }), errors: [400, 404], status: 200,
    handler: async ({ params, body, req }) => {
      const accountId = accountOf(req);
      const id = customerOf(accountId, params.id);
      if (body.confirm !== id && body.confirm !== params.id) {
        throw new HttpError('invalid', "Type the customer's id to confirm", [{ path: 'confirm', message: `Type ${id} to confirm` }]);
      }
      await store.transaction((repos) => eraseOneCustomer(repos, accountId, id, actorOf(req), new Date().toISOString()));
      return { erased: true, customerId: id };
    },
  });
}
