import { awardBirthdaysPage } from '../crm/loyalty/birthdays.service.ts';
import { addDays, addMonths, before, dayOf, startOfYear, yearOf } from '../crm/loyalty/calendar.ts';
import { expireMemberPoints } from '../crm/loyalty/expiry.service.ts';
import type { Member, MemberFilter } from '../crm/loyalty/loyalty.port.ts';
import { releaseMaturedPoints } from '../crm/loyalty/order-awards.service.ts';
import type { Program } from '../crm/loyalty/program.settings.ts';
import { expireRedemptionCodes } from '../crm/loyalty/redemption-codes.service.ts';
import { resumePendingRedemptions, type IssuerFor, type RedemptionDeps } from '../crm/loyalty/redemption.service.ts';
import { reviewTier } from '../crm/loyalty/tiers.service.ts';
import { shopDay } from '../crm/loyalty/shop-day.ts';
import type { CrmStore, Repos } from '../crm/store.port.ts';
import type { JobStatePort } from '../crm/sync/job-state.port.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Time-driven loyalty work: approval delays running out, tier reviews, points expiry and its
// reminders, birthdays. Thin: it pages through members in small batches, each batch its own
// transaction so webhook processing is never held up for long, and calls the services.
// On a cluster only the leader runs it (periodic.ts `isLeader`); which day's work is done is kept
// in job_state (`marks`), read on every tick, so a new leader after a hand-over (or a restart)
// does not scan that day again. The work itself is idempotent too (dedupe keys on expiries,
// reminders and birthday awards): a crash between the work and its mark, or two leaders
// overlapping for a tick, costs a rescan, never a second award.

/**
 * `issuerFor` reaches the stores' discount APIs (reward codes); without it those tasks are skipped.
 * `marks` persists the "done today" marks (job_state); without it they are kept in this process.
 */
export type LoyaltyTaskDeps = { store: CrmStore; logger: Logger; batchSize?: number; issuerFor?: IssuerFor; marks?: JobStatePort };
export type LoyaltySchedulerDeps = LoyaltyTaskDeps & { tickMs: number; isLeader?: IsLeader };

export type LoyaltyTask = {
  name: string;
  /** Day-granular work runs on the first tick of each UTC day (in the scheduler); the rest on every tick. */
  daily: boolean;
  run: (deps: LoyaltyTaskDeps, now: string) => Promise<Record<string, number>>;
};

/** Runs in this order; add a task by appending it. */
export const loyaltyTasks: readonly LoyaltyTask[] = [
  { name: 'releaseMaturedPoints', daily: false, run: releaseMatured },
  {
    name: 'reviewTiers',
    daily: true,
    run: (deps, now) =>
      perAccount(deps, now, 'demoted', tierReviewFilter, async (repos, p, m) => ((await reviewTier(repos, p, m, now)) ? 1 : 0)),
  },
  { name: 'expirePoints', daily: true, run: expirePoints },
  { name: 'resumePendingRedemptions', daily: false, run: withIssuers(resumePendingRedemptions) },
  { name: 'expireRewardCodes', daily: false, run: withIssuers(expireRedemptionCodes) },
  // Every tick, but each account's members are read once per shop day: shops' days start at
  // different instants (their own time zones), so a once-per-UTC-day run could skip one.
  { name: 'awardBirthdays', daily: false, run: awardBirthdays },
];

export type LoyaltyRunResult = { counts: Record<string, number>; failed: string[] };

/** The day each piece of day-granular work last completed (a task's name or an account id → "YYYY-MM-DD"). */
export type DoneMarks = { load(): Promise<Map<string, string>>; save(marks: Map<string, string>): Promise<void> };

/** Marks kept in this process only. */
export function memoryMarks(): DoneMarks {
  let marks = new Map<string, string>();
  return { load: async () => new Map(marks), save: async (m) => void (marks = new Map(m)) };
}

/** Marks kept in job_state under `name`, shared by every process (read fresh on each call). */
export function storedMarks(state: JobStatePort, name: string): DoneMarks {
  return {
    load: async () => new Map(Object.entries((await state.get<Record<string, string>>(name)) ?? {})),
    save: (m) => state.set(name, Object.fromEntries(m)),
  };
}

export const DAILY_MARKS = 'loyalty.daily_done';
export const BIRTHDAY_MARKS = 'loyalty.birthdays_done';

export async function runLoyaltyTasks(
  deps: LoyaltyTaskDeps,
  now: string | Date = new Date(),
  options: { tasks?: readonly LoyaltyTask[]; dailyDone?: DoneMarks } = {},
): Promise<LoyaltyRunResult> {
  const at = typeof now === 'string' ? new Date(now).toISOString() : now.toISOString();
  const result: LoyaltyRunResult = { counts: {}, failed: [] };
  const done = await options.dailyDone?.load();
  for (const task of options.tasks ?? loyaltyTasks) {
    if (task.daily && done?.get(task.name) === dayOf(at)) continue;
    try {
      Object.assign(result.counts, await task.run(deps, at));
      if (task.daily && done) {
        done.set(task.name, dayOf(at));
        await options.dailyDone!.save(done);
      }
    } catch (err) {
      // One failing task must not starve the others; it is retried on the next tick.
      result.failed.push(task.name);
      deps.logger.error({ module: 'loyalty-scheduler', task: task.name, err }, 'loyalty task failed');
    }
  }
  return result;
}

/** Runs the tasks every `tickMs`, one run at a time, until stopped. */
export function startLoyaltyScheduler(deps: LoyaltySchedulerDeps): PeriodicJob {
  const dailyDone = deps.marks ? storedMarks(deps.marks, DAILY_MARKS) : memoryMarks();
  return startPeriodic({
    name: 'loyalty tick',
    intervalMs: deps.tickMs,
    logger: deps.logger.child({ module: 'loyalty-scheduler' }),
    isLeader: deps.isLeader,
    run: () => runLoyaltyTasks(deps, new Date(), { dailyDone }),
  });
}

async function releaseMatured(deps: LoyaltyTaskDeps, now: string): Promise<Record<string, number>> {
  const size = deps.batchSize ?? 200;
  let released = 0;
  // Bounded: an award that stays due (its program version gone) must not loop forever.
  for (let batch = 0; batch < 100; batch++) {
    const n = await deps.store.transaction((repos) => releaseMaturedPoints(repos, now, size));
    released += n;
    if (n < size) break;
    await yieldToEvents();
  }
  return { released };
}

async function expirePoints(deps: LoyaltyTaskDeps, now: string): Promise<Record<string, number>> {
  let reminded = 0;
  const { expired = 0 } = await perAccount(deps, now, 'expired', expiryFilter, async (repos, program, member) => {
    const r = await expireMemberPoints(repos, program, member, now);
    reminded += r.reminded;
    return r.expired > 0 ? 1 : 0;
  });
  return { expired, reminded };
}

type Filter = (program: Program, now: string) => MemberFilter | null;

/** Members due for an end-of-period review; reviewTier checks each exactly. */
const tierReviewFilter: Filter = ({ settings: { tiers } }, now) => {
  if (tiers.period === 'lifetime') return null;
  if (tiers.period === 'calendar_year') {
    const yearStart = startOfYear(yearOf(now));
    return before(now, addDays(yearStart, tiers.graceDays)) ? null : { tiered: true, tierSinceBefore: yearStart };
  }
  // A few days of slack: month arithmetic does not invert exactly at month ends.
  return { tiered: true, tierSinceBefore: addDays(addMonths(addDays(now, -tiers.graceDays), -12), 4) };
};

/** Members whose points may expire, or need a reminder, by the longest reminder from now. */
const expiryFilter: Filter = ({ settings: { expiry } }, now) => {
  if (expiry.mode === 'none') return null;
  if (expiry.mode === 'per_entry') return { hasPoints: true };
  const horizon = addDays(now, Math.max(0, ...expiry.reminderDays) + 1);
  return { hasPoints: true, activeBefore: addDays(addMonths(horizon, -expiry.months), 4) };
};

/** Without `marks`: shop days already handled per store and account, in this process (a restart reads today again, harmlessly). */
const birthdaysDone = new WeakMap<CrmStore, DoneMarks>();

async function awardBirthdays(deps: LoyaltyTaskDeps, now: string): Promise<Record<string, number>> {
  const size = deps.batchSize ?? 200;
  let marks = deps.marks ? storedMarks(deps.marks, BIRTHDAY_MARKS) : birthdaysDone.get(deps.store);
  if (!marks) birthdaysDone.set(deps.store, (marks = memoryMarks()));
  const done = await marks.load();
  const accounts = await deps.store.transaction((repos) => repos.loyalty.programs.accountIds());
  // Accounts gone (or without a program) drop out of the marks.
  const saved = [...done].join();
  const listed = new Set(accounts);
  for (const accountId of done.keys()) if (!listed.has(accountId)) done.delete(accountId);
  try {
    return { birthdays: await awardBirthdaysOf(deps, now, size, accounts, done) };
  } finally {
    // Once per run (not per account: the row holds every account), also after a failure mid-way.
    if ([...done].join() !== saved) await marks.save(done);
  }
}

async function awardBirthdaysOf(
  deps: LoyaltyTaskDeps,
  now: string,
  size: number,
  accounts: string[],
  done: Map<string, string>,
): Promise<number> {
  let total = 0;
  for (const accountId of accounts) {
    const day = await deps.store.transaction(async (repos) => (await shopDay(repos, accountId, now)).day);
    if (done.get(accountId) === day) continue;
    let earning = false;
    for (let after: string | null = null; ;) {
      const page = await deps.store.transaction((repos) => awardBirthdaysPage(repos, accountId, now, after, size));
      total += page.awarded;
      earning ||= page.day !== null;
      if (!page.full || !page.last) break;
      after = page.last;
      await yieldToEvents();
    }
    // A program that starts paying birthday points later today is read again on the next tick.
    if (earning) done.set(accountId, day);
  }
  return total;
}

/** For every account with a program the filter applies to, each matching member in batches. */
async function perAccount(
  deps: LoyaltyTaskDeps,
  now: string,
  key: string,
  filterOf: Filter,
  handle: (repos: Repos, program: Program, member: Member) => Promise<number>,
): Promise<Record<string, number>> {
  const size = deps.batchSize ?? 200;
  const accounts = await deps.store.transaction((repos) => repos.loyalty.programs.accountIds());
  let total = 0;
  for (const accountId of accounts) {
    for (let after: string | null = null; ;) {
      const page: { n: number; last: string | null; full: boolean } = await deps.store.transaction(async (repos) => {
        const program = await repos.loyalty.programs.current(accountId);
        const filter = program && filterOf(program, now);
        if (!program || !filter) return { n: 0, last: null, full: false };
        const members = await repos.loyalty.members.page(accountId, filter, after, size);
        let n = 0;
        for (const m of members) n += await handle(repos, program, m);
        return { n, last: members.at(-1)?.customerId ?? null, full: members.length === size };
      });
      total += page.n;
      if (!page.full || !page.last) break;
      after = page.last;
      await yieldToEvents();
    }
  }
  return { [key]: total };
}

/** Reward-code work talks to the stores: a crash between reserving and issuing is finished here. */
function withIssuers(work: (deps: RedemptionDeps, now: string) => Promise<Record<string, number>>): LoyaltyTask['run'] {
  return async (deps, now) => (deps.issuerFor ? work({ store: deps.store, issuerFor: deps.issuerFor }, now) : {});
}

const yieldToEvents = () => new Promise((r) => setImmediate(r));
