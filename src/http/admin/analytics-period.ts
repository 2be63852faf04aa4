import type { z } from 'zod';
import type { ReportPeriod } from '../../crm/analytics/analytics-reports.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { day } from './customers.filters.ts';

// The period every Analytics report takes: UTC days, `to` inclusive, at most three years (a
// cohort view wants more than the Home page's year). Checked with the rest of the query, so a
// bad period is a 400 naming the field.

const DAY_MS = 86_400_000;
export const MAX_REPORT_DAYS = 1096;

export const periodFields = { from: day, to: day };

export function checkPeriod(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1;
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_REPORT_DAYS} days` });
}

/** The half-open range of instants [from 00:00, the day after `to`) in the account's reporting currency. */
export async function reportPeriod(accounts: AccountsPort, accountId: string, q: { from: string; to: string }): Promise<ReportPeriod> {
  const currency = (await accounts.getAccount(accountId))?.currency ?? 'USD';
  const from = `${q.from}T00:00:00.000Z`;
  const to = new Date(Date.parse(`${q.to}T00:00:00.000Z`) + DAY_MS).toISOString();
  return { accountId, currency, from, to };
}

export const ratio = (n: number, d: number): number | null => (d ? n / d : null);
