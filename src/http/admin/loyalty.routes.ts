import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { adjustPoints, awardAction } from '../../crm/loyalty/actions.service.ts';
import { isBirthday, loyaltySummary, setBirthday } from '../../crm/loyalty/members.service.ts';
import { currentProgram, previewEarning, saveProgram } from '../../crm/loyalty/program.service.ts';
import { backtestProgram } from '../../crm/loyalty/program-backtest.ts';
import { programSettings } from '../../crm/loyalty/program.settings.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { CustomerQueriesPort } from '../../crm/customers/customer-queries.port.ts';
import { toMinor } from '../../lib/money.ts';
import { HttpError } from '../errors.ts';
import { accountOf, actorOf, customerIdOf } from './caller.ts';
import {
  actionBody,
  actionResponse,
  adjustPointsBody,
  adjustPointsResponse,
  backtestBody,
  backtestResponse,
  ledgerPage,
  ledgerQuery,
  loyaltySummarySchema,
  previewBody,
  previewResponse,
  programResponse,
  savedProgramResponse,
  saveProgramBody,
} from './loyalty.schemas.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Admin API of the loyalty program: settings (versioned), preview, a member's ledger, manual
// adjustments and actions. Thin: parse, call one domain operation, shape the reply.

export function registerLoyaltyRoutes(registry: RouteRegistry, deps: { customers: CustomerQueriesPort; store: CrmStore }): void {
  const { customers, store } = deps;
  const customerOf = (accountId: string, id: string) => customerIdOf(customers, accountId, id);

  registry.add({
    method: 'get',
    path: '/api/loyalty/program',
    tag: 'Loyalty',
    auth: true,
    summary: 'The current program (null until first saved) and the settings the editor should show',
    response: programResponse,
    handler: async ({ req }) => {
      const r = await store.transaction((repos) => currentProgram(repos, accountOf(req)));
      return {
        program: r.program && { version: r.program.version, createdAt: r.program.createdAt, settings: r.program.settings },
        proposed: r.proposed,
      };
    },
  });

  registry.add({
    method: 'put',
    path: '/api/loyalty/program',
    tag: 'Loyalty',
    auth: true,
    summary: 'Save the program as a new version (orders already awarded keep the rules they earned under)',
    body: saveProgramBody,
    response: savedProgramResponse,
    errors: [400],
    handler: async ({ body, req }) => {
      const r = await store.transaction((repos) => saveProgram(repos, accountOf(req), body, actorOf(req), new Date().toISOString()));
      if (r.outcome === 'invalid') throw new HttpError('invalid', 'Invalid program settings', r.issues);
      return { version: r.program.version, createdAt: r.program.createdAt, settings: r.program.settings };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/loyalty/backtest',
    tag: 'Loyalty',
    auth: true,
    summary: 'What the given (or the proposed) settings would have earned on the last 30 days of counted orders; nothing is written',
    body: backtestBody,
    response: backtestResponse,
    errors: [400],
    status: 200,
    handler: async ({ body, req }) => {
      const now = new Date().toISOString();
      return store.transaction(async (repos) => {
        const settings = body.settings
          ? programSettings.parse({ ...body.settings, earnOrdersPlacedFrom: body.settings.earnOrdersPlacedFrom ?? now })
          : (await currentProgram(repos, accountOf(req))).proposed;
        return backtestProgram(repos, accountOf(req), settings, now);
      });
    },
  });

  registry.add({
    method: 'post',
    path: '/api/loyalty/preview',
    tag: 'Loyalty',
    auth: true,
    summary: 'What an order would earn under the given (or current) settings',
    body: previewBody,
    response: previewResponse,
    errors: [400],
    status: 200,
    handler: async ({ body, req }) => {
      const now = new Date().toISOString();
      const settings = body.settings
        ? programSettings.parse({ ...body.settings, earnOrdersPlacedFrom: body.settings.earnOrdersPlacedFrom ?? now })
        : (await store.transaction((repos) => currentProgram(repos, accountOf(req)))).proposed;
      return previewEarning(settings, {
        amountMinor: toMinor(body.amount, body.currency),
        currency: body.currency,
        paymentMethod: body.paymentMethod,
      });
    },
  });

  registry.add({
    method: 'get',
    path: '/api/customers/:id/loyalty',
    tag: 'Loyalty',
    auth: true,
    summary: "A member's balance, pending points, tier and referral code",
    params: idParams,
    response: loyaltySummarySchema,
    errors: [404],
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      const id = await customerOf(accountId, params.id);
      return store.transaction((repos) => loyaltySummary(repos, accountId, id));
    },
  });

  registry.add({
    method: 'patch',
    path: '/api/customers/:id/loyalty',
    tag: 'Loyalty',
    auth: true,
    summary: "Set a member's birthday (month and day)",
    params: idParams,
    body: z.strictObject({ birthday: z.string().refine(isBirthday, 'MM-DD, e.g. 03-21').nullable() }),
    response: loyaltySummarySchema,
    errors: [400, 404],
    handler: async ({ params, body, req }) => {
      const accountId = accountOf(req);
      const id = await customerOf(accountId, params.id);
      return store.transaction(async (repos) => {
        await setBirthday(repos, accountId, id, body.birthday, new Date().toISOString());
        return loyaltySummary(repos, accountId, id);
      });
    },
  });

  registry.add({
    method: 'get',
    path: '/api/customers/:id/points',
    tag: 'Loyalty',
    auth: true,
    summary: "A page of the member's points ledger, newest first",
    params: idParams,
    query: ledgerQuery,
    response: ledgerPage,
    errors: [400, 404],
    handler: async ({ params, query, req }) => {
      const accountId = accountOf(req);
      const id = await customerOf(accountId, params.id);
      const rows = await store.transaction((repos) =>
        repos.loyalty.ledger.page(id, { beforeId: query.before ? Number(query.before) : undefined, limit: query.first + 1 }),
      );
      const page = rows.slice(0, query.first);
      const names = await customers.actorNames(
        accountId,
        page.map((e) => e.actor),
      );
      return {
        entries: page.map(({ accountId: _a, customerId: _c, dedupeKey: _d, id: entryId, ...e }) => ({
          id: String(entryId),
          ...e,
          actorName: names.get(e.actor ?? '') ?? null,
        })),
        pageInfo: { hasNextPage: rows.length > query.first, endCursor: page.length ? String(page.at(-1)!.id) : null },
      };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/customers/:id/points',
    tag: 'Loyalty',
    auth: true,
    summary: 'Manual award (positive) or deduction (negative) with a reason; idempotent on idempotencyKey',
    params: idParams,
    body: adjustPointsBody,
    response: adjustPointsResponse,
    errors: [400, 404, 409],
    handler: async ({ params, body, req }) => {
      const accountId = accountOf(req);
      const id = await customerOf(accountId, params.id);
      return store.transaction(async (repos) => {
        const r = await adjustPoints(
          repos,
          accountId,
          id,
          body.points,
          body.note,
          actorOf(req),
          body.idempotencyKey ?? randomUUID(),
          new Date().toISOString(),
        );
        if (r.outcome === 'insufficient_points') {
          throw new HttpError('conflict', `Only ${r.available} points available; the program does not allow a negative balance`, {
            available: r.available,
          });
        }
        return { applied: r.outcome === 'adjusted', loyalty: await loyaltySummary(repos, accountId, id) };
      });
    },
  });

  registry.add({
    method: 'post',
    path: '/api/customers/:id/loyalty/actions',
    tag: 'Loyalty',
    auth: true,
    summary: 'Award the points of an action: a product review (reference = review id), a newsletter signup, a birthday',
    params: idParams,
    body: actionBody,
    response: actionResponse,
    errors: [400, 404],
    status: 200,
    handler: async ({ params, body, req }) => {
      const accountId = accountOf(req);
      const id = await customerOf(accountId, params.id);
      return store.transaction(async (repos) => {
        const r = await awardAction(repos, accountId, id, body.action, body.reference ?? null, new Date().toISOString(), actorOf(req));
        return {
          outcome: r.outcome,
          points: r.outcome === 'awarded' ? r.points : 0,
          reason: r.outcome === 'awarded' ? null : r.reason,
          loyalty: await loyaltySummary(repos, accountId, id),
        };
      });
    },
  });
}
