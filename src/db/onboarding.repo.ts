import type { OnboardingMark, OnboardingPort } from '../crm/onboarding/onboarding.port.ts';
import type { Db } from './client.ts';

// Storage for the onboarding checklist (schema/onboarding.ts): the merchant's own marks and the
// first storefront call per store. Always filtered by account.

export function createOnboardingRepo(db: Db): OnboardingPort {
  const marks = db.$client.prepare('SELECT step FROM onboarding_marks WHERE account_id = ?').pluck();
  const mark = db.$client.prepare('INSERT INTO onboarding_marks (account_id, step, marked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const firstSeen = db.$client.prepare('SELECT MIN(first_seen_at) FROM storefront_first_seen WHERE account_id = ?').pluck();
  const recordSeen = db.$client.prepare(
    'INSERT INTO storefront_first_seen (connection_id, account_id, first_seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    async marks(accountId: string): Promise<Set<OnboardingMark>> {
      return new Set(marks.all(accountId) as OnboardingMark[]);
    },
    async mark(accountId: string, step: OnboardingMark, at = new Date().toISOString()): Promise<void> {
      mark.run(accountId, step, at);
    },
    /** When any of the account's storefronts first called the shopper API, or null. */
    async storefrontFirstSeen(accountId: string): Promise<string | null> {
      return (firstSeen.get(accountId) as string | null | undefined) ?? null;
    },
    /** True when this call wrote the row (the store's first storefront call ever). */
    async recordStorefrontSeen(connectionId: string, accountId: string, at = new Date().toISOString()): Promise<boolean> {
      return recordSeen.run(connectionId, accountId, at).changes > 0;
    },
  };
}
