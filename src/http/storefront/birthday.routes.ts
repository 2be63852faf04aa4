import express, { type Router } from 'express';
import { z } from 'zod';
import { birthdayKey, impossibleBirthday, setShopperBirthday, shopperBirthday } from '../../crm/loyalty/shopper-birthday.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { HttpError } from '../errors.ts';
import { sendChecked } from '../response-check.ts';
import { shopperOf } from './shopper.ts';
import { shopperBirthdayResponse } from './storefront.schemas.ts';

// The signed-in shopper's own birthday: the widget's form (Shopify app proxy) and the WordPress
// plugin's My Account tab (its server-side call with the customer's token). Month and day; a
// year only checks Feb 29 and is never stored.

const thisYear = () => new Date().getUTCFullYear();

export const birthdayBody = z
  .strictObject({
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    year: z.number().int().min(1900).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.year !== undefined && b.year > thisYear())
      ctx.addIssue({ code: 'custom', path: ['year'], message: 'year cannot be in the future' });
    const why = impossibleBirthday(b.month, b.day, b.year);
    if (why) ctx.addIssue({ code: 'custom', path: ['day'], message: `not a real date: ${why}` });
  });

export function birthdayRoutes(store: CrmStore): Router {
  const api = express.Router({ mergeParams: true });

  const signedIn = (res: express.Response) => {
    const s = shopperOf(res);
    if (!s.externalId) throw new HttpError('unauthorized', 'Log in to add your birthday');
    if (!s.customerId) throw new HttpError('conflict', 'Your account is still being set up; try again in a minute');
    return { accountId: s.accountId, customerId: s.customerId };
  };

  api.get('/loyalty/birthday', async (_req, res) => {
    const { customerId } = signedIn(res);
    sendChecked(
      res,
      shopperBirthdayResponse,
      await store.transaction((repos) => shopperBirthday(repos, customerId, new Date().toISOString())),
    );
  });

  api.post('/loyalty/birthday', express.json({ limit: '1kb' }), async (req, res) => {
    const { accountId, customerId } = signedIn(res);
    const body = birthdayBody.parse(req.body ?? {});
    const r = await store.transaction((repos) =>
      setShopperBirthday(repos, accountId, customerId, birthdayKey(body.month, body.day), new Date().toISOString()),
    );
    if (r.outcome === 'too_soon') {
      throw new HttpError('conflict', `You can change your birthday once a year: next from ${r.changeableFrom?.slice(0, 10)}`, {
        reason: 'birthday_locked',
        changeableFrom: r.changeableFrom,
      });
    }
    sendChecked(
      res,
      shopperBirthdayResponse,
      { birthday: r.birthday, changeableFrom: r.changeableFrom },
      r.outcome === 'saved' ? 201 : 200,
    );
  });

  return api;
}
