import { z } from 'zod';
import { newId } from '../../lib/ids.ts';
import { fromMinor, toMinor } from '../../lib/money.ts';
import type { Repos } from '../store.port.ts';
import { localDateTimeOf, zonedInstant } from './calendar.ts';
import { nextOccurrence, PRESET_KEYS, type Preset, type PresetKey } from './points-campaign-presets.ts';
import type { CampaignAudience, CampaignOrder, PointsCampaign } from './points-campaigns.port.ts';
import { shopDay } from './shop-day.ts';

// Points campaigns: the merchant's double or bonus points for an audience in a window. The
// window and the terms are judged on facts that never change once an order is placed, so late,
// duplicated and replayed webhooks award the same (README "Points campaigns"):
//   - the window on the order's placed time, [startsAt, endsAt), cut short by a cancellation;
//   - the audience once, when the order is first awarded, kept in points_campaign_orders (like
//     the tier multiplier in order_awards) with the terms it was awarded under;
//   - a window may not open in the past, and once open it may only be renamed, re-worded, moved
//     to end (no earlier than now) or cancelled, so no order already placed changes its fate.
// Overlaps: the highest multiplier wins (the earliest to start on a tie); every bonus adds.

export type CampaignStatus = 'scheduled' | 'active' | 'ended' | 'cancelled';

const LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d$/;
const localTime = z.string().regex(LOCAL, 'a wall time in the shop’s time zone, YYYY-MM-DDTHH:mm');
const audience = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('everyone') }),
  z.strictObject({ type: z.literal('segment'), id: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('tier'), id: z.string().min(1).max(64) }),
]);
const messages = z.strictObject({
  en: z.string().trim().min(1).max(140).optional(),
  ur: z.string().trim().min(1).max(140).optional(),
  pa: z.string().trim().min(1).max(140).optional(),
  hi: z.string().trim().min(1).max(140).optional(),
});
const amount = z.string().regex(/^\d{1,12}(\.\d{1,3})?$/, 'an amount such as "2500" or "19.99"');

const fields = {
  name: z.string().trim().min(1, 'give the campaign a name').max(80),
  kind: z.enum(['multiplier', 'bonus']),
  multiplier: z.number().gt(1, 'a multiplier campaign multiplies by more than 1').max(10),
  bonusPoints: z.number().int().min(1).max(1_000_000),
  /** bonus: the order total (account currency) an order needs, or null for any order. */
  minOrderAmount: amount.nullable(),
  audience,
  startsAt: localTime,
  endsAt: localTime,
  messages,
};

export const campaignInput = z
  .strictObject({
    /** Fills name, kind, multiplier and the window of its next occurrence; given fields win. */
    preset: z.enum(PRESET_KEYS as [PresetKey, ...PresetKey[]]).optional(),
    name: fields.name.optional(),
    kind: fields.kind.optional(),
    multiplier: fields.multiplier.optional(),
    bonusPoints: fields.bonusPoints.optional(),
    minOrderAmount: fields.minOrderAmount.optional(),
    audience: fields.audience.default({ type: 'everyone' }),
    startsAt: fields.startsAt.optional(),
    endsAt: fields.endsAt.optional(),
    messages: fields.messages.default({}),
  })
  .refine((v) => v.preset || (v.name && v.kind && v.startsAt && v.endsAt), {
    message: 'name, kind, startsAt and endsAt are required without a preset',
  });

export const campaignPatch = z.strictObject({
  name: fields.name.optional(),
  kind: fields.kind.optional(),
  multiplier: fields.multiplier.optional(),
  bonusPoints: fields.bonusPoints.optional(),
  minOrderAmount: fields.minOrderAmount.optional(),
  audience: fields.audience.optional(),
  startsAt: fields.startsAt.optional(),
  endsAt: fields.endsAt.optional(),
  messages: fields.messages.optional(),
});

export type CampaignInput = z.input<typeof campaignInput>;
export type CampaignPatch = z.input<typeof campaignPatch>;
type Issue = { path: string; message: string };
export type CampaignOutcome =
  | { outcome: 'saved'; campaign: PointsCampaign }
  | { outcome: 'invalid'; issues: Issue[] }
  | { outcome: 'not_found' }
  | { outcome: 'conflict'; message: string };

export function campaignStatus(c: Pick<PointsCampaign, 'startsAt' | 'endsAt' | 'cancelledAt'>, now: string): CampaignStatus {
  if (c.cancelledAt) return 'cancelled';
  if (Date.parse(now) < Date.parse(c.startsAt)) return 'scheduled';
  return Date.parse(now) < Date.parse(c.endsAt) ? 'active' : 'ended';
}

/** The presets' next occurrences in the shop's calendar, with their windows as the shop's wall times. */
export async function campaignPresets(repos: Repos, accountId: string, now: string) {
  const { day, timeZone } = await shopDay(repos, accountId, now);
  return PRESET_KEYS.map((key) => nextOccurrence(key, day))
    .filter((p): p is Preset => p !== null)
    .map((p) => ({
      key: p.key,
      name: p.name,
      kind: p.kind,
      multiplier: p.multiplier,
      startsAt: `${p.startDay}T00:00`,
      endsAt: `${p.endDay}T00:00`,
      approximate: p.approximate,
      timeZone,
    }));
}

export async function createCampaign(repos: Repos, accountId: string, input: CampaignInput, now: string): Promise<CampaignOutcome> {
  const parsed = campaignInput.safeParse(input);
  if (!parsed.success) return { outcome: 'invalid', issues: issuesOf(parsed.error) };
  const v = parsed.data;
  const { day, timeZone } = await shopDay(repos, accountId, now);
  let preset: Preset | null = null;
  if (v.preset) {
    preset = nextOccurrence(v.preset, day);
    if (!preset) return { outcome: 'invalid', issues: [{ path: 'preset', message: 'no known date for its next occurrence' }] };
  }
  const kind = v.kind ?? preset?.kind ?? 'multiplier';
  const startsLocal = v.startsAt ?? `${preset!.startDay}T00:00`;
  let startsAt = zonedInstant(startsLocal, timeZone);
  // A preset whose occurrence has begun starts now (the window never opens in the past).
  if (preset && !v.startsAt && startsAt < now) startsAt = now;
  const currency = await repos.connections.accountCurrency(accountId);
  const campaign: PointsCampaign = {
    id: newId('pcm'),
    accountId,
    name: v.name ?? preset!.name,
    preset: v.preset ?? null,
    kind,
    multiplier: kind === 'multiplier' ? (v.multiplier ?? preset?.multiplier ?? 2) : 1,
    bonusPoints: kind === 'bonus' ? (v.bonusPoints ?? 0) : 0,
    minOrderMinor: kind === 'bonus' && v.minOrderAmount ? toMinor(v.minOrderAmount, currency) : null,
    currency,
    audience: v.audience,
    startsAt,
    endsAt: zonedInstant(v.endsAt ?? `${preset!.endDay}T00:00`, timeZone),
    timeZone,
    messages: v.messages,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const issues = [...termsIssues(campaign), ...windowIssues(campaign, now), ...(await audienceIssues(repos, accountId, campaign.audience))];
  if (issues.length) return { outcome: 'invalid', issues };
  await repos.loyalty.campaigns.insert(campaign);
  return { outcome: 'saved', campaign };
}

export async function updateCampaign(
  repos: Repos,
  accountId: string,
  id: string,
  patch: CampaignPatch,
  now: string,
): Promise<CampaignOutcome> {
  const parsed = campaignPatch.safeParse(patch);
  if (!parsed.success) return { outcome: 'invalid', issues: issuesOf(parsed.error) };
  const existing = await repos.loyalty.campaigns.get(accountId, id);
  if (!existing) return { outcome: 'not_found' };
  const p = parsed.data;
  const status = campaignStatus(existing, now);
  if (status === 'ended' || status === 'cancelled')
    return { outcome: 'conflict', message: `The campaign has ${status}: it cannot change.` };
  if (status === 'active') {
    const locked = (['kind', 'multiplier', 'bonusPoints', 'minOrderAmount', 'audience', 'startsAt'] as const).filter(
      (k) => p[k] !== undefined,
    );
    if (locked.length)
      return {
        outcome: 'conflict',
        message: `The campaign is running: only its name, messages and end can change (not ${locked.join(', ')}).`,
      };
  }
  const kind = p.kind ?? existing.kind;
  const next: PointsCampaign = {
    ...existing,
    name: p.name ?? existing.name,
    kind,
    multiplier: kind === 'multiplier' ? (p.multiplier ?? (existing.kind === 'multiplier' ? existing.multiplier : 2)) : 1,
    bonusPoints: kind === 'bonus' ? (p.bonusPoints ?? existing.bonusPoints) : 0,
    minOrderMinor:
      kind !== 'bonus'
        ? null
        : p.minOrderAmount === undefined
          ? existing.minOrderMinor
          : p.minOrderAmount
            ? toMinor(p.minOrderAmount, existing.currency)
            : null,
    audience: p.audience ?? existing.audience,
    startsAt: p.startsAt ? zonedInstant(p.startsAt, existing.timeZone) : existing.startsAt,
    endsAt: p.endsAt ? zonedInstant(p.endsAt, existing.timeZone) : existing.endsAt,
    messages: p.messages ?? existing.messages,
    updatedAt: now,
  };
  const issues = [
    ...termsIssues(next),
    ...windowIssues(next, now, status === 'active'),
    ...(p.audience ? await audienceIssues(repos, accountId, next.audience) : []),
  ];
  if (issues.length) return { outcome: 'invalid', issues };
  await repos.loyalty.campaigns.update(next);
  return { outcome: 'saved', campaign: next };
}

/** Ends the campaign now: orders placed before this instant keep (or still get, arriving late) their extra points. */
export async function cancelCampaign(repos: Repos, accountId: string, id: string, now: string): Promise<CampaignOutcome> {
  const existing = await repos.loyalty.campaigns.get(accountId, id);
  if (!existing) return { outcome: 'not_found' };
  const status = campaignStatus(existing, now);
  if (status === 'ended' || status === 'cancelled') return { outcome: 'conflict', message: `The campaign has already ${status}.` };
  const next = { ...existing, cancelledAt: now, updatedAt: now };
  await repos.loyalty.campaigns.update(next);
  return { outcome: 'saved', campaign: next };
}

/** The window as the shop's wall times, for showing it back. */
export const localWindow = (c: PointsCampaign) => ({
  startsAtLocal: localDateTimeOf(c.startsAt, c.timeZone),
  endsAtLocal: localDateTimeOf(c.endsAt, c.timeZone),
});

function termsIssues(c: PointsCampaign): Issue[] {
  if (c.kind === 'bonus' && c.bonusPoints < 1) return [{ path: 'bonusPoints', message: 'a bonus campaign gives at least 1 point' }];
  if (c.kind === 'multiplier' && !(c.multiplier > 1))
    return [{ path: 'multiplier', message: 'a multiplier campaign multiplies by more than 1' }];
  return [];
}

function windowIssues(c: PointsCampaign, now: string, running = false): Issue[] {
  const issues: Issue[] = [];
  if (Date.parse(c.endsAt) <= Date.parse(c.startsAt)) issues.push({ path: 'endsAt', message: 'the window ends after it starts' });
  // A minute's grace for the merchant who picks "now" in the form.
  if (!running && Date.parse(c.startsAt) < Date.parse(now) - 60_000)
    issues.push({ path: 'startsAt', message: 'the window may not open in the past' });
  if (Date.parse(c.endsAt) < Date.parse(now)) issues.push({ path: 'endsAt', message: 'the window may not end in the past' });
  if (Date.parse(c.endsAt) - Date.parse(c.startsAt) > 366 * 86_400_000)
    issues.push({ path: 'endsAt', message: 'a campaign lasts at most a year' });
  return issues;
}

async function audienceIssues(repos: Repos, accountId: string, a: CampaignAudience): Promise<Issue[]> {
  if (a.type === 'segment' && !(await repos.segments.list(accountId)).some((s) => s.id === a.id))
    return [{ path: 'audience.id', message: 'no such segment' }];
  if (a.type === 'tier') {
    const tier = await repos.loyalty.tiers.get(accountId, a.id);
    if (!tier || tier.deletedAt) return [{ path: 'audience.id', message: 'no such tier' }];
  }
  return [];
}

function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

// ---- awarding ----------------------------------------------------------------------------

export type Shopper = { segmentIds: readonly string[]; tierId: string | null };
type OrderTerms = { currency: string; totalMinor: number };

export const inAudience = (a: CampaignAudience, shopper: Shopper): boolean =>
  a.type === 'everyone' || (a.type === 'segment' ? shopper.segmentIds.includes(a.id) : shopper.tierId === a.id);

/**
 * Of the campaigns running when the order was placed (oldest start first), the ones it earns
 * under: the shopper in the audience, a bonus's minimum met (in its currency), then the single
 * highest multiplier (the earliest on a tie) and every bonus.
 */
export function chooseCampaigns(running: PointsCampaign[], shopper: Shopper, order: OrderTerms): PointsCampaign[] {
  const eligible = running.filter((c) => inAudience(c.audience, shopper));
  let best: PointsCampaign | null = null;
  for (const c of eligible) if (c.kind === 'multiplier' && (!best || c.multiplier > best.multiplier)) best = c;
  const bonuses = eligible.filter(
    (c) => c.kind === 'bonus' && (c.minOrderMinor === null || (order.currency === c.currency && order.totalMinor >= c.minOrderMinor)),
  );
  return [...(best ? [best] : []), ...bonuses];
}

async function shopperOf(
  repos: Repos,
  accountId: string,
  customerId: string,
  needs: { segment: boolean; tier: boolean },
): Promise<Shopper> {
  return {
    segmentIds: needs.segment ? await repos.segments.segmentsOf(accountId, customerId) : [],
    tierId: needs.tier ? ((await repos.loyalty.members.get(customerId))?.tierId ?? null) : null,
  };
}

/**
 * Decides, once, which campaigns an order earns under and keeps the decision. Called when the
 * order is first awarded: the shopper's segments and tier are read then (normally seconds after
 * the order is placed; for a webhook arriving late, on its arrival) and never again.
 */
export async function decideOrderCampaigns(
  repos: Repos,
  order: { id: string; accountId: string; customerId: string; placedAt: string } & OrderTerms,
  now: string,
): Promise<CampaignOrder[]> {
  const running = await repos.loyalty.campaigns.runningAt(order.accountId, new Date(order.placedAt).toISOString());
  if (!running.length) return [];
  const needs = { segment: running.some((c) => c.audience.type === 'segment'), tier: running.some((c) => c.audience.type === 'tier') };
  const shopper = await shopperOf(repos, order.accountId, order.customerId, needs);
  const rows = chooseCampaigns(running, shopper, order).map((c): CampaignOrder => ({
    campaignId: c.id,
    orderId: order.id,
    accountId: order.accountId,
    customerId: order.customerId,
    kind: c.kind,
    multiplier: c.multiplier,
    bonusPoints: c.bonusPoints,
    decidedAt: now,
  }));
  await repos.loyalty.campaigns.recordOrders(rows);
  return rows;
}

// ---- the storefront ------------------------------------------------------------------------

export type ShopperCampaign = {
  id: string;
  name: string;
  kind: 'multiplier' | 'bonus';
  multiplier: number;
  bonusPoints: number;
  minOrderMinor: number | null;
  minOrderAmount: string | null;
  currency: string;
  endsAt: string;
  timeZone: string;
  messages: PointsCampaign['messages'];
};

/** The campaigns running now that this shopper (null: a guest, who sees campaigns for everyone) would earn under. */
export async function shopperCampaigns(
  repos: Repos,
  accountId: string,
  customerId: string | null,
  now: string,
  running?: PointsCampaign[],
): Promise<ShopperCampaign[]> {
  const all = running ?? (await repos.loyalty.campaigns.runningAt(accountId, now));
  if (!all.length) return [];
  const needs = { segment: all.some((c) => c.audience.type === 'segment'), tier: all.some((c) => c.audience.type === 'tier') };
  const shopper = customerId ? await shopperOf(repos, accountId, customerId, needs) : { segmentIds: [], tierId: null };
  const eligible = all.filter((c) => inAudience(c.audience, shopper));
  // What an order placed now would get: the best multiplier and every bonus (minimums shown, not judged).
  const chosen = chooseCampaigns(
    eligible.map((c) => ({ ...c, minOrderMinor: null })),
    shopper,
    { currency: '', totalMinor: 0 },
  ).map((c) => eligible.find((e) => e.id === c.id)!);
  return chosen.map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    multiplier: c.multiplier,
    bonusPoints: c.bonusPoints,
    minOrderMinor: c.minOrderMinor,
    minOrderAmount: c.minOrderMinor === null ? null : fromMinor(c.minOrderMinor, c.currency),
    currency: c.currency,
    endsAt: c.cancelledAt && c.cancelledAt < c.endsAt ? c.cancelledAt : c.endsAt,
    timeZone: c.timeZone,
    messages: c.messages,
  }));
}

/**
 * The account's campaigns not yet over (running or scheduled), read by one index range and kept
 * for `ttlMs` per account: the storefront asks on every widget load. The admin routes of the same
 * process forget an account's entry when they change a campaign; other web processes see the
 * change within `ttlMs`. Filtered by the instant on each use, so a window opens and closes on time.
 */
export type RunningCampaigns = {
  (repos: Repos, accountId: string, now: string): Promise<PointsCampaign[]>;
  forget(accountId: string): void;
};

export function runningCampaignsCache(ttlMs = 30_000, maxAccounts = 10_000): RunningCampaigns {
  const kept = new Map<string, { until: number; campaigns: PointsCampaign[] }>();
  const running = async (repos: Repos, accountId: string, now: string): Promise<PointsCampaign[]> => {
    const at = Date.parse(now);
    let entry = kept.get(accountId);
    if (!entry || entry.until <= at) {
      if (kept.size >= maxAccounts) kept.clear();
      entry = { until: at + ttlMs, campaigns: await repos.loyalty.campaigns.upcoming(accountId, now, 50) };
      kept.set(accountId, entry);
    }
    return entry.campaigns.filter((c) => Date.parse(c.startsAt) <= at && at < Date.parse(c.endsAt));
  };
  return Object.assign(running, { forget: (accountId: string) => void kept.delete(accountId) });
}
