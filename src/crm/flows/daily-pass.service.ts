import { birthdaysOn } from '../loyalty/birthdays.service.ts';
import { shopDay } from '../loyalty/shop-day.ts';
import type { CrmStore } from '../store.port.ts';
import { WIN_BACK_DEFAULT_DAYS } from './flow-kinds.ts';

// The flows that start from the calendar, not from something a store sent: for every account with
// the birthday or win-back flow on, a timeline entry per shopper whose day it is, which the
// domain-event queue hands to the flows like any other (flow-events.service.ts). Hourly on the
// leader; each entry's dedupe key makes a rerun, a restart or two leaders add nothing twice.
// - birthday: members whose birthday is the shop's today (its time zone), by the members'
//   birthday index; once per customer per shop year (`birthday:<customer>:<year>`).
// - win-back ("lapsed"): customers whose lapse fell in the last two days: their expected next order
//   (insights) where scored, else their last order + the flow's days; once per lapse
//   (`lapsed:<customer>:<last order time>`: a new order starts a new one). A lapse older than the
//   window (a shop switching the flow on, a long outage) is let go: no mail for old history.

const LAPSE_WINDOW_MS = 2 * 86_400_000;
const DAY_MS = 86_400_000;

export type DailyPass = { birthdays: number; lapsed: number };

export async function runFlowDailyPass(store: CrmStore, now: string, pageSize = 500): Promise<DailyPass> {
  const pass: DailyPass = { birthdays: 0, lapsed: 0 };
  const flows = await store.transaction((r) => r.flows.enabledAnywhere(['birthday', 'win_back']));
  for (const { accountId, setting } of flows) {
    if (setting.kind === 'birthday') {
      let after: string | null = null;
      for (;;) {
        const page: { added: number; last: string | null; full: boolean } = await store.transaction(async (repos) => {
          const today = await shopDay(repos, accountId, now);
          const members = await repos.loyalty.members.page(accountId, { birthdays: birthdaysOn(today.day) }, after, pageSize);
          let added = 0;
          for (const m of members)
            if (
              await repos.timeline.add({
                accountId,
                customerId: m.customerId,
                kind: 'birthday',
                occurredAt: now,
                subjectType: null,
                subjectId: null,
                data: { day: today.day },
                dedupeKey: `birthday:${m.customerId}:${today.year}`,
              })
            )
              added++;
          return { added, last: members.at(-1)?.customerId ?? null, full: members.length === pageSize };
        });
        pass.birthdays += page.added;
        if (!page.full) break;
        after = page.last;
      }
    } else {
      const days = setting.options.days ?? WIN_BACK_DEFAULT_DAYS;
      const t = Date.parse(now);
      const iso = (ms: number) => new Date(ms).toISOString();
      const w = {
        lastFrom: iso(t - days * DAY_MS - LAPSE_WINDOW_MS),
        lastTo: iso(t - days * DAY_MS),
        expectedFrom: iso(t - LAPSE_WINDOW_MS),
        expectedTo: now,
      };
      pass.lapsed += await store.transaction(async (repos) => {
        let added = 0;
        // A two-day window of one shop's customers: bounded; a larger backlog is left for the next run's keys.
        for (const c of await repos.flows.lapsed(accountId, w, 5_000))
          if (
            await repos.timeline.add({
              accountId,
              customerId: c.customerId,
              kind: 'lapsed',
              occurredAt: now,
              subjectType: null,
              subjectId: null,
              data: { lastOrderAt: c.lastOrderAt },
              dedupeKey: `lapsed:${c.customerId}:${c.lastOrderAt}`,
            })
          )
            added++;
        return added;
      });
    }
  }
  return pass;
}
