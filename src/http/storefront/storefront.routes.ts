import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { recordReferral } from '../../crm/loyalty/referrals.service.ts';
import type { Referral } from '../../crm/loyalty/referrals.port.ts';
import { redeem } from '../../crm/loyalty/redemption.service.ts';
import { runningCampaignsCache, shopperCampaigns, type RunningCampaigns } from '../../crm/loyalty/points-campaigns.service.ts';
import { shopperEarningRule } from '../../crm/loyalty/shopper-earning.service.ts';
import { shopperCodes, shopperRewards } from '../../crm/loyalty/shopper-rewards.service.ts';
import { shopperHistory, shopperLoyalty } from '../../crm/loyalty/shopper.service.ts';
import type { Repos } from '../../crm/store.port.ts';
import { HttpError } from '../errors.ts';
import { birthdayRoutes } from './birthday.routes.ts';
import type { Logger } from '../../lib/logger.ts';
import { sendChecked } from '../response-check.ts';
import { storefrontSeen, type RecordStorefrontSeen } from './first-seen.ts';
import { rateLimit } from './rate-limit.ts';
import { createMemorySharedState, type SharedState } from '../../lib/shared-state.ts';
import { checkoutShopper, shopifyShopper, shopperOf, wooShopper, type ShopperDeps } from './shopper.ts';
import {
  redemptionResponse,
  referralOutcomeResponse,
  shopperEarningResponse,
  shopperHistoryResponse,
  shopperLoyaltyResponse,
  shopperRewardsResponse,
} from './storefront.schemas.ts';

// The shopper API (the storefront widget): the same endpoints behind the Shopify app proxy
// (/storefront/shopify/...) and for WooCommerce (/storefront/woocommerce/:connectionId/...).
// Thin: the shopper comes from shopper.ts, each route calls one domain operation.

const historyQuery = z.object({
  first: z.coerce.number().int().min(1).max(100).default(20),
  before: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});
const referralBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(4)
    .max(20)
    .regex(/^[0-9A-Za-z]+$/, 'letters and digits only'),
  email: z.email().max(254).optional(),
  phone: z.string().trim().min(5).max(32).optional(),
});

const redeemBody = z.strictObject({
  rewardId: z.string().min(1).max(100),
  // Chosen by the widget per click: a retry after a timeout is the same redemption, never a second code.
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w-]+$/),
});

const notFound: RequestHandler = (_req, _res, next) => next(new HttpError('not_found', 'No such storefront route'));

export function storefrontRouter(
  deps: ShopperDeps & {
    recordStorefrontSeen?: RecordStorefrontSeen;
    logger?: Logger;
    sharedState?: SharedState;
    runningCampaigns?: RunningCampaigns;
  },
): Router {
  const state = deps.sharedState ?? createMemorySharedState();
  // 600 requests per store and 30 per shopper in any 30 s window (on average 20/s and 1/s).
  const perShop = state.limiter({ keyPrefix: 'sf_shop', points: 600, duration: 30, hot: true });
  const perShopper = state.limiter({ keyPrefix: 'sf_shopper', points: 30, duration: 30, hot: true });
  const limits = rateLimit([
    { limiter: perShop, key: (res) => shopperOf(res).connectionId, what: 'for this store' },
    // Guests are told apart by their (hashed) IP; logged-in shoppers by the platform's customer id.
    {
      limiter: perShopper,
      key: (res) => {
        const s = shopperOf(res);
        return `${s.connectionId}:${s.externalId ?? s.ipHash ?? '-'}`;
      },
      what: 'from this shopper',
    },
  ]);

  const api = express.Router({ mergeParams: true });
  api.use((_req, res, next) => {
    res.setHeader('cache-control', 'private, no-store');
    next();
  }, limits);

  // Points campaigns running now (double points, bonuses), for this shopper's audience.
  const running = deps.runningCampaigns ?? runningCampaignsCache();
  const campaignsFor = async (repos: Repos, s: { accountId: string; customerId: string | null }, now: string) =>
    shopperCampaigns(repos, s.accountId, s.customerId, now, await running(repos, s.accountId, now));

  api.get('/loyalty', async (_req, res) => {
    const s = shopperOf(res);
    const now = new Date().toISOString();
    const view = await deps.store.transaction(async (repos) => {
      const loyalty = await shopperLoyalty(repos, s.accountId, s.customerId, s.siteUrl, now, s.platform);
      return { ...loyalty, campaigns: loyalty.enabled ? await campaignsFor(repos, s, now) : [] };
    });
    sendChecked(res, shopperLoyaltyResponse, { loggedIn: s.externalId !== null, ...view });
  });

  // The exact order-earning rule for this shopper (tier multiplier, excluded tags): the WordPress
  // plugin applies it to carts itself, so the estimate it shows is what the order will earn.
  api.get('/loyalty/earning', async (_req, res) => {
    const s = shopperOf(res);
    const now = new Date().toISOString();
    const rule = await deps.store.transaction(async (repos) => {
      const r = await shopperEarningRule(repos, s.accountId, s.customerId);
      return r.enabled ? { ...r, campaigns: r.shopper.earns ? await campaignsFor(repos, s, now) : [] } : r;
    });
    sendChecked(res, shopperEarningResponse, rule);
  });

  api.get('/loyalty/history', async (req, res) => {
    const s = shopperOf(res);
    if (!s.externalId) throw new HttpError('unauthorized', 'Log in to see your points history');
    const query = historyQuery.parse(req.query);
    if (!s.customerId)
      return void sendChecked(res, shopperHistoryResponse, { entries: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const customerId = s.customerId;
    sendChecked(
      res,
      shopperHistoryResponse,
      await deps.store.transaction((repos) =>
        shopperHistory(repos, customerId, { first: query.first, before: query.before ? Number(query.before) : undefined }),
      ),
    );
  });

  api.post('/referrals', express.json({ limit: '4kb' }), async (req, res) => {
    const s = shopperOf(res);
    const body = referralBody.parse(req.body ?? {});
    const r = await deps.store.transaction((repos) =>
      recordReferral(repos, {
        accountId: s.accountId,
        code: body.code,
        friendCustomerId: s.customerId,
        country: s.country,
        ipHash: s.ipHash,
        now: new Date().toISOString(),
        // A logged-in shopper's own profile is better evidence than what the form says.
        friendEmail: s.customerId ? null : body.email,
        friendPhone: s.customerId ? null : body.phone,
      }),
    );
    switch (r.outcome) {
      case 'not_enabled':
        throw new HttpError('conflict', 'This store has no referral program');
      case 'unknown_code':
        throw new HttpError('not_found', 'No such referral code');
      case 'no_contact':
        throw new HttpError('invalid', 'Give an email or phone number, so your first order can be recognised');
      case 'already_referred':
        throw new HttpError('conflict', 'This shopper was already referred by someone else');
      case 'recorded':
        sendChecked(res, referralOutcomeResponse, publicOutcome(r.referral), r.created ? 201 : 200);
    }
  });
  api.get('/rewards', async (_req, res) => {
    const s = shopperOf(res);
    const now = new Date().toISOString();
    sendChecked(
      res,
      shopperRewardsResponse,
      await deps.store.transaction(async (repos) => ({
        rewards: await shopperRewards(repos, s.accountId, s.customerId),
        codes: s.customerId ? await shopperCodes(repos, s.customerId, now) : [],
      })),
    );
  });

  api.post('/redemptions', express.json({ limit: '4kb' }), async (req, res) => {
    const s = shopperOf(res);
    if (!s.externalId) throw new HttpError('unauthorized', 'Log in to redeem rewards');
    if (!s.customerId) throw new HttpError('conflict', 'Your account is still being set up; try again in a minute');
    const body = redeemBody.parse(req.body ?? {});
    const r = await redeem(
      { store: deps.store, issuerFor: deps.issuerFor },
      {
        accountId: s.accountId,
        customerId: s.customerId,
        rewardId: body.rewardId,
        idempotencyKey: body.idempotencyKey,
        // The code must work in the store the shopper is in.
        connectionId: s.connectionId,
        actor: `shopper:${s.externalId}`,
      },
    );
    const customerId = s.customerId;
    const balance = async () => (await deps.store.transaction((repos) => repos.loyalty.ledger.balance(customerId))).available;
    switch (r.outcome) {
      case 'redeemed': {
        const { id, code, status, points, createdAt, expiresAt, reward } = r.redemption;
        return void sendChecked(
          res,
          redemptionResponse,
          { redemption: { id, code, status, points, createdAt, expiresAt, rewardName: reward.name }, balance: await balance() },
          r.replayed ? 200 : 201,
        );
      }
      case 'insufficient_points':
        throw new HttpError('conflict', `You need ${r.cost} points and have ${r.available}`, { reason: 'insufficient_points' });
      case 'not_allowed':
        throw new HttpError('conflict', r.reason, { reason: r.code });
      case 'not_found':
        throw new HttpError('not_found', 'No such reward');
      case 'failed':
        throw new HttpError(
          'unavailable',
          `The store could not create your code, and your points are back. ${r.retryable ? 'Please try again.' : ''}`.trim(),
          {
            reason: 'platform',
            retryable: r.retryable,
          },
        );
    }
  });
  api.use(birthdayRoutes(deps.store));
  api.use(notFound);

  const router = express.Router();
  // The widget's calls (not the checkout extensions') tell the onboarding checklist it is on.
  const seen: RequestHandler = deps.recordStorefrontSeen
    ? storefrontSeen(deps.recordStorefrontSeen, deps.logger)
    : (_req, _res, next) => next();
  router.use('/shopify', shopifyShopper(deps), seen, api);
  router.use('/woocommerce/:connectionId', wooShopper(deps), seen, api);
  router.use('/checkout', checkoutShopper(deps), api);
  router.use(notFound);
  return router;
}

/** What the friend's browser learns: whether the offer applies, never which fraud rule fired. */
function publicOutcome(r: Referral): { eligible: boolean; message: string } {
  const eligible = r.status !== 'blocked' && r.status !== 'rejected';
  const message = eligible
    ? 'Welcome! Your reward arrives with your first order.'
    : r.block?.code === 'not_first_order'
      ? 'Referral offers are for a first order, and this account has ordered before.'
      : r.block?.code === 'self_referral' && r.friendId === r.advocateId
        ? 'You cannot use your own referral code.'
        : 'The store will check this referral before any reward is given.';
  return { eligible, message };
}
