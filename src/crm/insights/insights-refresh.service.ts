import type { AccountToScore, InsightsPort } from './insights.port.ts';
import type { AccountRefit } from './refit-account.ts';
import type { CustomerHistory, ScoreOptions } from './score-account.ts';

// Refits an account's models and rescores its customers. Scoring is CPU-bound (seconds at
// 100,000 customers), so it is a function the caller supplies: the scheduler runs it on a worker
// thread (jobs/insights-scoring.thread.ts), tests may run `refitAccount` itself. The holdout model
// check is computed there too and stored with the model (the Analytics page reads it).

export type Score = (histories: CustomerHistory[], now: Date, options: ScoreOptions) => Promise<AccountRefit>;

export type RefreshOutcome = { accountId: string; customers: number; scored: number; seconds: number };

export async function refreshAccountInsights(
  deps: { insights: InsightsPort; score: Score },
  account: AccountToScore,
  now: Date,
): Promise<RefreshOutcome> {
  const started = performance.now();
  const histories = await deps.insights.histories(account.accountId, account.currency);
  const { model, customers, modelCheck } = await deps.score(histories, now, { timeZone: account.timeZone ?? 'UTC' });
  const seconds = (performance.now() - started) / 1000;
  await deps.insights.save(account, model, customers, now.toISOString(), seconds, modelCheck);
  return { accountId: account.accountId, customers: histories.length, scored: customers.size, seconds };
}
