import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveCustomer } from '../../src/crm/customers/customers.service.ts';
import { setBirthday } from '../../src/crm/loyalty/members.service.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { createJobState } from '../../src/db/job-state.repo.ts';
import {
  BIRTHDAY_MARKS,
  DAILY_MARKS,
  loyaltyTasks,
  memoryMarks,
  runLoyaltyTasks,
  storedMarks,
  type LoyaltyTask,
} from '../../src/jobs/loyalty.scheduler.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The loyalty scheduler's "done today" marks live in job_state: after a hand-over to another
// process (a new leader) the day's work is not done again; kept in memory, it would be.

const logger = createLogger('silent');
const DAY = '2026-11-23';
const at = (time: string, day = DAY) => `${day}T${time}:00.000Z`;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`loyalty scheduler marks across processes (${kind.name})`, () => {
    let h: StoreHarness;
    let accountId: string;

    beforeAll(async () => {
      h = await kind.open();
      accountId = await h.account('Marks', 'PKR');
      const connectionId = await h.connection(accountId, {
        platform: 'shopify',
        domain: `marks-${kind.name}.myshopify.com`,
        currency: 'PKR',
      });
      await h.store.transaction(async (repos) => {
        await saveProgram(
          repos,
          accountId,
          {
            earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
            earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
            actions: { birthday: 100 },
          },
          'test',
          '2026-01-01T00:00:00.000Z',
        );
        const c = (await repos.connections.get(connectionId))!;
        const when = '2026-01-02T00:00:00.000Z';
        for (const externalId of ['b1', 'b2', 'b3']) {
          const { customerId } = await resolveCustomer(
            repos,
            c,
            {
              externalId,
              email: `${externalId}@example.pk`,
              phone: null,
              firstName: null,
              lastName: null,
              locale: null,
              tags: null,
              addresses: [],
              createdAt: when,
              updatedAt: when,
            },
            when,
          );
          await setBirthday(repos, accountId, customerId!, '11-23', when);
        }
      });
    });
    afterAll(() => h.close());

    it('a daily task done by one process is not done again by the next leader the same day', async () => {
      let runs = 0;
      let fail = false;
      const tasks: LoyaltyTask[] = [
        {
          name: 'countDaily',
          daily: true,
          run: async () => {
            if (fail) throw new Error('down');
            return { counted: ++runs };
          },
        },
      ];
      const processA = storedMarks(createJobState(h.database), DAILY_MARKS);
      const processB = storedMarks(createJobState(h.database), DAILY_MARKS);
      await runLoyaltyTasks({ store: h.store, logger }, at('00:05'), { tasks, dailyDone: processA });
      await runLoyaltyTasks({ store: h.store, logger }, at('09:00'), { tasks, dailyDone: processB });
      await runLoyaltyTasks({ store: h.store, logger }, at('23:59'), { tasks, dailyDone: processA });
      expect(runs).toBe(1);
      expect(await createJobState(h.database).get(DAILY_MARKS)).toEqual({ countDaily: DAY });
      // In memory only, a new process would run it again the same day.
      await runLoyaltyTasks({ store: h.store, logger }, at('10:00'), { tasks, dailyDone: memoryMarks() });
      expect(runs).toBe(2);
      // A failed run is not marked: the next tick (any process) tries again.
      fail = true;
      const failed = await runLoyaltyTasks({ store: h.store, logger }, at('00:05', '2026-11-24'), { tasks, dailyDone: processB });
      expect(failed.failed).toEqual(['countDaily']);
      fail = false;
      await runLoyaltyTasks({ store: h.store, logger }, at('00:10', '2026-11-24'), { tasks, dailyDone: processA });
      expect(runs).toBe(3);
    });

    it('birthdays: an account read today by one process is not read again by the next leader', async () => {
      const birthdays = loyaltyTasks.filter((t) => t.name === 'awardBirthdays');
      const marksA = createJobState(h.database);
      const first = await runLoyaltyTasks({ store: h.store, logger, batchSize: 2, marks: marksA }, at('08:00'), { tasks: birthdays });
      expect(first.counts).toEqual({ birthdays: 3 });
      expect(await marksA.get(BIRTHDAY_MARKS)).toEqual({ [accountId]: DAY });

      // Another process: the account list and the shop's day are read, the members are not.
      const spy = vi.spyOn(h.store, 'transaction');
      try {
        const second = await runLoyaltyTasks({ store: h.store, logger, batchSize: 2, marks: createJobState(h.database) }, at('09:00'), {
          tasks: birthdays,
        });
        expect(second.counts).toEqual({ birthdays: 0 });
        expect(spy).toHaveBeenCalledTimes(2);
        // Without the stored marks the members are paged again (harmless, the award is once a year, but work).
        spy.mockClear();
        await runLoyaltyTasks({ store: h.store, logger, batchSize: 2 }, at('09:30'), { tasks: birthdays });
        expect(spy.mock.calls.length).toBeGreaterThan(2);
      } finally {
        spy.mockRestore();
      }
      const [row] = await h.rows<{ n: number }>(`SELECT count(*) AS n FROM points_ledger WHERE reason = 'birthday'`);
      expect(Number(row!.n)).toBe(3);
    });
  });
}
