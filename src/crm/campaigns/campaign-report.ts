import { HOLDOUT, type Campaign } from './campaign.ts';
import type { ReportFacts } from './campaign-queries.port.ts';
import { differenceOfProportions, type Interval } from './lift.ts';

// A campaign's report from its facts: per group (each variant, the holdout) the recipients, what
// became of their messages, opens, clicks and unsubscribes, and conversion: customers who ordered
// within the attribution window (from the send's start, `attributionDays` long, the same window
// for every group so the holdout compares fairly). Groups are intention to treat: a variant's
// recipients skipped by the frequency cap stay in it, as the holdout's members who would have been
// capped stay in the holdout. Customers without an address are in no group (the holdout never had
// them either). Unsubscribes are counted from `message_events` rows `unsubscribed` of the
// campaign's messages (the unsubscribe link names its message).

export type GroupFigures = {
  group: string;
  recipients: number;
  queued: number;
  skipped: Record<string, number>;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  suppressed: number;
  failed: number;
  /** Queued or sending: not yet out (a send window, the channel's rate). */
  pending: number;
  converted: number;
  orders: number;
  revenueMinor: number;
  conversionRate: number | null;
  revenuePerRecipientMinor: number | null;
};

export type LiftFigures = {
  group: string;
  /** Absolute: the group's conversion rate minus the holdout's (fractions). */
  difference: number;
  ci95: Interval;
  /** Revenue per member of the group minus per member of the holdout (minor units). */
  revenuePerRecipientDifferenceMinor: number;
};

export type CampaignReport = {
  attribution: { from: string; to: string; days: number } | null;
  currency: string;
  groups: GroupFigures[];
  /** Every variant together against the holdout, then each variant (A/B); empty without a holdout or before the send. */
  lift: LiftFigures[];
  /** Customers skipped before assignment (no address on the channel). */
  unassigned: number;
};

const DAY_MS = 86_400_000;

export function attributionWindow(campaign: Campaign): { from: string; to: string } | null {
  if (!campaign.startedAt) return null;
  return { from: campaign.startedAt, to: new Date(Date.parse(campaign.startedAt) + campaign.attributionDays * DAY_MS).toISOString() };
}

export function buildReport(campaign: Campaign, facts: ReportFacts): CampaignReport {
  const keys = [...campaign.variants.map((v) => v.key), ...(campaign.holdoutPercent > 0 ? [HOLDOUT] : [])];
  const figures = new Map<string, GroupFigures>();
  const group = (key: string) => {
    let g = figures.get(key);
    if (!g) {
      g = {
        group: key,
        recipients: 0,
        queued: 0,
        skipped: {},
        sent: 0,
        delivered: 0,
        opened: 0,
        clicked: 0,
        unsubscribed: 0,
        suppressed: 0,
        failed: 0,
        pending: 0,
        converted: 0,
        orders: 0,
        revenueMinor: 0,
        conversionRate: null,
        revenuePerRecipientMinor: null,
      };
      figures.set(key, g);
    }
    return g;
  };
  for (const key of keys) group(key);
  let unassigned = 0;
  for (const r of facts.recipients) {
    if (r.group === null) {
      unassigned += r.n;
      continue;
    }
    const g = group(r.group);
    g.recipients += r.n;
    if (r.outcome === 'queued') g.queued += r.n;
    if (r.outcome === 'skipped') g.skipped[r.reason ?? 'unknown'] = (g.skipped[r.reason ?? 'unknown'] ?? 0) + r.n;
  }
  for (const m of facts.messages) {
    const g = group(m.group);
    // A delivered or bounced message was sent first.
    if (m.status === 'sent' || m.status === 'delivered' || m.status === 'bounced') g.sent += m.n;
    if (m.status === 'delivered') g.delivered += m.n;
    if (m.status === 'suppressed') g.suppressed += m.n;
    if (m.status === 'failed' || m.status === 'bounced') g.failed += m.n;
    if (m.status === 'queued' || m.status === 'sending') g.pending += m.n;
  }
  for (const e of facts.events) {
    const g = group(e.group);
    if (e.status === 'opened') g.opened += e.n;
    if (e.status === 'clicked') g.clicked += e.n;
    if (e.status === 'unsubscribed') g.unsubscribed += e.n;
  }
  for (const c of facts.conversions)
    Object.assign(group(c.group), { converted: c.customers, orders: c.orders, revenueMinor: c.revenueMinor });
  for (const g of figures.values()) {
    g.conversionRate = g.recipients ? g.converted / g.recipients : null;
    g.revenuePerRecipientMinor = g.recipients ? g.revenueMinor / g.recipients : null;
  }
  const window = attributionWindow(campaign);
  const holdout = figures.get(HOLDOUT);
  const lift: LiftFigures[] = [];
  if (window && holdout?.recipients) {
    const variants = [...figures.values()].filter((g) => g.group !== HOLDOUT);
    const all = variants.reduce((a, g) => ({ n: a.n + g.recipients, x: a.x + g.converted, r: a.r + g.revenueMinor }), { n: 0, x: 0, r: 0 });
    const against = (key: string, n: number, x: number, revenue: number) => {
      const d = differenceOfProportions(x, n, holdout.converted, holdout.recipients);
      if (d)
        lift.push({
          group: key,
          ...d,
          revenuePerRecipientDifferenceMinor: revenue / n - holdout.revenueMinor / holdout.recipients,
        });
    };
    against('all', all.n, all.x, all.r);
    if (variants.length > 1) for (const g of variants) against(g.group, g.recipients, g.converted, g.revenueMinor);
  }
  return {
    attribution: window && { ...window, days: campaign.attributionDays },
    currency: facts.currency,
    groups: [...figures.values()],
    lift,
    unassigned,
  };
}
