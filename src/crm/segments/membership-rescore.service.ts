import type { CrmStore } from '../store.port.ts';
import { ensureBuiltInSegments } from './built-in-segments.ts';
import { checkSegment } from './membership-check.service.ts';
import { queryOf, refillSegments } from './membership.service.ts';
import type { FieldName } from './segment-fields.ts';
import { readsAnyField, type Expr } from './segment-query.ast.ts';
import type { Segment } from './segments.port.ts';

// Scores (RFM group and scores, predicted CLV, probability alive, expected orders, churn risk) are
// written by the insights refresh in its own chunks, outside the store's units, so no unit notes
// the customers they move. Right after an account's rescore, the leader's insights job runs the
// daily check's code (checkSegment) over the account's segments that read a score: each in units
// of at most `changesPerUnit` differences, yielding to the event loop between units, so requests
// and webhook units interleave (on SQLite a unit holds the event loop). Entering and leaving are
// ordinary timeline events, not repairs: the customer's scores did change.

export const SCORE_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>([
  'rfm_segment',
  'recency_score',
  'frequency_score',
  'monetary_score',
  'predicted_clv',
  'probability_alive',
  'expected_orders_90d',
  'churn_risk',
]);

const CHANGES_PER_UNIT = 1_000;

const readsScores = (expr: Expr) => readsAnyField(expr, SCORE_FIELDS);

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export type RescoreFollowUp = { segments: number; entered: number; left: number; units: number };

/** After an account's scores were replaced: its segments over scores brought in line, in small units. */
export async function followRescore(
  store: CrmStore,
  accountId: string,
  now: Date,
  options: { changesPerUnit?: number } = {},
): Promise<RescoreFollowUp> {
  const limit = Math.max(1, options.changesPerUnit ?? CHANGES_PER_UNIT);
  // The built-ins first (an account scored before any customer event has none yet), as the daily check does.
  const segments = await store.transaction(async (repos) => {
    const changes = await ensureBuiltInSegments(repos.segments, accountId, await repos.loyalty.tiers.list(accountId), now.toISOString());
    await refillSegments(repos, accountId, [...changes.added, ...changes.changed], now);
    return (await repos.segments.list(accountId)).filter((s) => readsScores(queryOf(s)));
  });
  const result: RescoreFollowUp = { segments: segments.length, entered: 0, left: 0, units: 1 };
  for (const { id } of segments) {
    for (;;) {
      await nextTurn();
      const r = await store.transaction(async (repos) => {
        // Read again in each unit: the merchant may have deleted or redefined it meanwhile (a
        // redefined segment is refilled by its own save).
        const segment: Segment | undefined = (await repos.segments.list(accountId)).find((s) => s.id === id);
        return segment && readsScores(queryOf(segment))
          ? checkSegment(repos, accountId, segment, now, { repair: false, limit })
          : undefined;
      });
      result.units++;
      if (!r) break;
      result.entered += r.entered;
      result.left += r.left;
      if (!r.remaining || r.entered + r.left === 0) break;
    }
  }
  return result;
}
