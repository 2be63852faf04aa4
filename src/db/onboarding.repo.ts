import type { OnboardingMark, OnboardingPort } from '../crm/onboarding/onboarding.port.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query } from './sql/executor.ts';

// Storage for the onboarding checklist (schema/onboarding.ts): the merchant's own marks and the
// first storefront call per store. Always filtered by account; one SQL text for both databases.

const q = {
  marks: query('SELECT step FROM onboarding_marks WHERE account_id = :accountId'),
  mark: query('INSERT INTO onboarding_marks (account_id, step, marked_at) VALUES (:accountId, :step, :at) ON CONFLICT DO NOTHING'),
  firstSeen: query('SELECT min(first_seen_at) AS "at" FROM storefront_first_seen WHERE account_id = :accountId'),
  recordSeen: query(
    'INSERT INTO storefront_first_seen (connection_id, account_id, first_seen_at) VALUES (:connectionId, :accountId, :at) ON CONFLICT DO NOTHING',
  ),
};

export function createOnboardingRepo(database: SqlDatabase): OnboardingPort {
  const x = database.x;
  return {
    async marks(accountId: string): Promise<Set<OnboardingMark>> {
      return new Set((await x.all<{ step: OnboardingMark }>(q.marks, { accountId })).map((r) => r.step));
    },
    async mark(accountId: string, step: OnboardingMark, at = new Date().toISOString()): Promise<void> {
      await x.run(q.mark, { accountId, step, at });
    },
    /** When any of the account's storefronts first called the shopper API, or null. */
    async storefrontFirstSeen(accountId: string): Promise<string | null> {
      return (await x.get<{ at: string | null }>(q.firstSeen, { accountId }))?.at ?? null;
    },
    /** True when this call wrote the row (the store's first storefront call ever). */
    async recordStorefrontSeen(connectionId: string, accountId: string, at = new Date().toISOString()): Promise<boolean> {
      return (await x.run(q.recordSeen, { connectionId, accountId, at })) > 0;
    },
  };
}
