import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refitAccount } from '../../src/crm/insights/refit-account.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { followRescore } from '../../src/crm/segments/membership-rescore.service.ts';
import { queryOf } from '../../src/crm/segments/membership.service.ts';
import { keepingSegmentMembership } from '../../src/crm/segments/membership.store.ts';
import { parseSegmentQuery } from '../../src/crm/segments/segment-query.parser.ts';
import { printSegmentQuery } from '../../src/crm/segments/segment-query.printer.ts';
import type { CrmStore } from '../../src/crm/store.port.ts';
import { createInsightsRepo } from '../../src/db/insights.repo.ts';
import { runInsightsTick } from '../../src/jobs/insights.scheduler.ts';
import { newId } from '../../src/lib/ids.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { customer, order } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Scores are written by the insights refresh outside the store's units: after an account's
// rescore, the leader's insights tick brings the segments over scores (the RFM built-ins, a
// merchant's `churn_risk` segment) in line, in small units, with ordinary timeline events.

const DAY = 86_400_000;
const FIRST = new Date('2026-06-01T00:00:00.000Z');
const LATER = new Date(FIRST.getTime() + 120 * DAY);
const logger = createLogger('silent');
const score = (histories: Parameters<typeof refitAccount>[0], now: Date, options: Parameters<typeof refitAccount>[2]) =>
  Promise.resolve(refitAccount(histories, now, options));

type Harness = { h: StoreHarness; store: CrmStore };

async function keptAndFresh(x: Harness, accountId: string, now: Date) {
  return x.store.transaction(async (repos) => {
    const out: { name: string; kept: string[]; fresh: string[] }[] = [];
    for (const s of await repos.segments.list(accountId)) {
      out.push({
        name: s.name,
        kept: await repos.segments.members(accountId, s.id),
        fresh: await repos.segments.evaluate(accountId, queryOf(s), now),
      });
    }
    return out;
  });
}

const segmentEvents = (x: Harness, accountId: string) =>
  x.h.rows<{ kind: string; customerId: string; data: string }>(
    `SELECT kind, customer_id AS "customerId", data FROM timeline_events
      WHERE account_id = :accountId AND kind IN ('segment_entered', 'segment_left') ORDER BY id`,
    { accountId },
  );

/** 24 customers: customer i orders (i % 6) + 1 times, ten days apart, the last a few days before `now`. */
async function orders(x: Harness, connectionId: string, now: Date, prefix: string, who: (i: number) => boolean = () => true) {
  for (let i = 1; i <= 24; i++) {
    if (!who(i)) continue;
    const n = (i % 6) + 1;
    for (let k = 0; k < n; k++) {
      const day = new Date(now.getTime() - ((n - k) * 10 + (i % 3)) * DAY).toISOString();
      await applyEvent(
        x.store,
        connectionId,
        {
          type: 'order.upserted',
          order: order(`${prefix}${i}-${k}`, { customer: customer(String(i)), totalMinor: 5_000 + i * 700, placedAt: day, updatedAt: day }),
        },
        day,
      );
    }
  }
}

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`segments follow a rescore (${kind.name})`, () => {
    let x: Harness;
    let accountId: string;
    let connectionId: string;
    const tick = (now: Date) =>
      runInsightsTick({ insights: createInsightsRepo(x.h.database), score, store: x.store, logger, now: () => now });

    beforeAll(async () => {
      const h = await kind.open();
      x = { h, store: keepingSegmentMembership(h.store, () => FIRST) };
      accountId = await h.account('Rescored', 'USD');
      connectionId = await h.connection(accountId, { platform: 'shopify', domain: `${newId('s')}.myshopify.com`, currency: 'USD' });
      await orders(x, connectionId, FIRST, 'a');
      const parsed = parseSegmentQuery("churn_risk IN ('medium', 'high') OR predicted_clv > 100");
      if (!parsed.ok) throw new Error(parsed.error.message);
      const at = FIRST.toISOString();
      await x.store.transaction((repos) =>
        repos.segments.insert({
          id: newId('seg'),
          accountId,
          name: 'Worth a call',
          query: printSegmentQuery(parsed.query),
          builtIn: null,
          syncTag: null,
          createdAt: at,
          updatedAt: at,
        }),
      );
    });
    afterAll(() => x.h.close());

    it('has the RFM built-ins empty before the first scoring', async () => {
      const rfm = (await keptAndFresh(x, accountId, FIRST)).filter((s) => s.name === 'Champions' || s.name === 'Lost');
      expect(rfm).toEqual([
        { name: 'Champions', kept: [], fresh: [] },
        { name: 'Lost', kept: [], fresh: [] },
      ]);
    });

    it('puts every scored customer in their RFM group at the rescore, with entered events that are not repairs', async () => {
      const before = (await segmentEvents(x, accountId)).length;
      const done = await tick(FIRST);
      expect(done.map((d) => d.scored)).toEqual([24]);
      const all = await keptAndFresh(x, accountId, FIRST);
      for (const { name, kept, fresh } of all) expect(kept, name).toEqual(fresh);
      const rfmGroups = await x.h.rows<{ n: number }>(
        `SELECT count(*) AS n FROM segment_members m JOIN segments s ON s.id = m.segment_id
          WHERE s.account_id = :accountId AND s.built_in LIKE 'rfm:%'`,
        { accountId },
      );
      expect(Number(rfmGroups[0]!.n)).toBe(24);
      const events = (await segmentEvents(x, accountId))
        .slice(before)
        .map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
      expect(events.filter((e) => e.kind === 'segment_entered').length).toBeGreaterThanOrEqual(24);
      expect(events.every((e) => e.data.repair === undefined)).toBe(true);
      expect(all.find((s) => s.name === 'Worth a call')!.kept.length).toBeGreaterThan(0);
    });

    it('moves customers between groups at a later rescore: left and entered on their timelines', async () => {
      // Four months on, half the customers ordered again; the rest have gone quiet.
      x.store = keepingSegmentMembership(x.h.store, () => LATER);
      await orders(x, connectionId, LATER, 'b', (i) => i % 2 === 0);
      const before = (await segmentEvents(x, accountId)).length;
      const done = await tick(LATER);
      expect(done).toHaveLength(1);
      for (const { name, kept, fresh } of await keptAndFresh(x, accountId, LATER)) expect(kept, name).toEqual(fresh);
      const events = (await segmentEvents(x, accountId))
        .slice(before)
        .map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
      const leftRfm = events.filter((e) => e.kind === 'segment_left' && String(e.data.name) !== 'Worth a call');
      expect(leftRfm.length).toBeGreaterThan(0);
      // Who left one RFM group entered another in the same rescore.
      for (const e of leftRfm.filter((l) => ['Champions', 'Loyal', 'Lost', 'Hibernating', 'At risk'].includes(String(l.data.name))))
        expect(events.some((n) => n.kind === 'segment_entered' && n.customerId === e.customerId)).toBe(true);
      expect(events.every((e) => e.data.repair === undefined)).toBe(true);
    });

    it('works through a large change in units of a few changes each', async () => {
      // Drift the kept rows of every segment over scores, then follow with two changes per unit.
      await x.h.run(
        `DELETE FROM segment_members WHERE account_id = :accountId AND segment_id IN
          (SELECT id FROM segments WHERE account_id = :accountId AND (built_in LIKE 'rfm:%' OR built_in IS NULL))`,
        { accountId },
      );
      const r = await followRescore(x.store, accountId, LATER, { changesPerUnit: 2 });
      expect(r.segments).toBe(9);
      expect(r.entered).toBeGreaterThanOrEqual(24);
      expect(r.units).toBeGreaterThan(12);
      for (const { name, kept, fresh } of await keptAndFresh(x, accountId, LATER)) expect(kept, name).toEqual(fresh);
      // Nothing left to do: one unit per segment, no change.
      const again = await followRescore(x.store, accountId, LATER, { changesPerUnit: 2 });
      expect(again).toMatchObject({ entered: 0, left: 0, units: 10 });
    });
  });
}
