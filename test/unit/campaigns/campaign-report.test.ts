import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../../src/crm/campaigns/campaign.ts';
import { buildReport } from '../../../src/crm/campaigns/campaign-report.ts';
import { differenceOfProportions } from '../../../src/crm/campaigns/lift.ts';

// The report from its facts: figures per group, intention to treat (capped recipients stay in
// their variant), unassigned customers apart, lift for all variants together and each one.

const campaign: Campaign = {
  id: 'cmp_1',
  accountId: 'acc',
  name: 'Eid',
  status: 'sent',
  channel: 'email',
  audience: { kind: 'filter', filters: {} },
  variants: [
    { key: 'A', templateId: 't1', weight: 1 },
    { key: 'B', templateId: 't2', weight: 1 },
  ],
  holdoutPercent: 10,
  window: null,
  sendAt: '2026-05-01T00:00:00.000Z',
  cursor: 'cus_z',
  counts: { recipients: 0, queued: 0, skipped: 0, holdout: 0 },
  attributionDays: 5,
  createdAt: '2026-04-30T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
  startedAt: '2026-05-01T00:00:00.000Z',
  finishedAt: '2026-05-01T00:10:00.000Z',
};

describe('campaign report', () => {
  const report = buildReport(campaign, {
    currency: 'PKR',
    recipients: [
      { group: 'A', outcome: 'queued', reason: null, n: 90 },
      { group: 'A', outcome: 'skipped', reason: 'capped', n: 10 },
      { group: 'B', outcome: 'queued', reason: null, n: 100 },
      { group: 'holdout', outcome: 'holdout', reason: null, n: 20 },
      { group: null, outcome: 'skipped', reason: 'no_address', n: 7 },
    ],
    messages: [
      { group: 'A', status: 'sent', n: 60 },
      { group: 'A', status: 'delivered', n: 25 },
      { group: 'A', status: 'suppressed', n: 5 },
      { group: 'B', status: 'queued', n: 100 },
    ],
    events: [
      { group: 'A', status: 'opened', n: 30 },
      { group: 'A', status: 'clicked', n: 12 },
      { group: 'A', status: 'unsubscribed', n: 2 },
    ],
    conversions: [
      { group: 'A', customers: 15, orders: 18, revenueMinor: 900_000 },
      { group: 'B', customers: 10, orders: 10, revenueMinor: 400_000 },
      { group: 'holdout', customers: 1, orders: 1, revenueMinor: 50_000 },
    ],
  });

  it('sums each group', () => {
    expect(report.groups.find((g) => g.group === 'A')).toEqual({
      group: 'A',
      recipients: 100,
      queued: 90,
      skipped: { capped: 10 },
      sent: 85,
      delivered: 25,
      opened: 30,
      clicked: 12,
      unsubscribed: 2,
      suppressed: 5,
      failed: 0,
      pending: 0,
      converted: 15,
      orders: 18,
      revenueMinor: 900_000,
      conversionRate: 0.15,
      revenuePerRecipientMinor: 9_000,
    });
    expect(report.groups.find((g) => g.group === 'B')).toMatchObject({ recipients: 100, pending: 100, sent: 0, conversionRate: 0.1 });
    expect(report.groups.find((g) => g.group === 'holdout')).toMatchObject({ recipients: 20, queued: 0, conversionRate: 0.05 });
    expect(report.unassigned).toBe(7);
    expect(report.attribution).toEqual({ from: '2026-05-01T00:00:00.000Z', to: '2026-05-06T00:00:00.000Z', days: 5 });
  });

  it('gives the lift of all variants together and of each against the holdout', () => {
    expect(report.lift.map((l) => l.group)).toEqual(['all', 'A', 'B']);
    const all = differenceOfProportions(25, 200, 1, 20)!;
    expect(report.lift[0]).toEqual({ group: 'all', ...all, revenuePerRecipientDifferenceMinor: 1_300_000 / 200 - 50_000 / 20 });
    expect(report.lift[1]!.difference).toBeCloseTo(0.15 - 0.05, 12);
    expect(report.lift[2]!.difference).toBeCloseTo(0.1 - 0.05, 12);
  });

  it('has no lift without a holdout or before the send', () => {
    expect(
      buildReport({ ...campaign, startedAt: null }, { currency: 'PKR', recipients: [], messages: [], events: [], conversions: [] }).lift,
    ).toEqual([]);
    expect(
      buildReport(
        { ...campaign, holdoutPercent: 0 },
        {
          currency: 'PKR',
          recipients: [{ group: 'A', outcome: 'queued', reason: null, n: 5 }],
          messages: [],
          events: [],
          conversions: [],
        },
      ).lift,
    ).toEqual([]);
  });
});
