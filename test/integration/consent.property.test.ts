import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentState } from '../../src/crm/customers/consent.port.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Random consent histories (any delivery order, duplicates, unsubscribes and resubscribes, some
// decisions from before the program started) against what must hold whatever the platforms send:
// the stored decision is the newest one, and newsletter points are paid at most once, exactly
// when some subscription made while the program ran was the newest decision when it arrived.

const START = Date.parse('2026-06-01T00:00:00.000Z');
const HOUR = 3_600_000;

let n = 0;

type Decision = { state: ConsentState; at: number };
const decision = fc.record({
  state: fc.constantFrom<ConsentState>('subscribed', 'unsubscribed', 'unknown'),
  // Distinct hours around the program start (before: no windfall from history).
  at: fc.integer({ min: -48, max: 200 }),
});
const history = fc
  .uniqueArray(decision, { selector: (d) => d.at, minLength: 1, maxLength: 8 })
  .chain((ds) => fc.tuple(fc.constant(ds), fc.shuffledSubarray([...ds, ...ds], { minLength: ds.length, maxLength: ds.length * 2 })));

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`consent histories (${kind.name})`, () => {
    let h: StoreHarness;
    let connectionId: string;

    beforeAll(async () => {
      h = await kind.open();
      const accountId = await h.account('Consent model', 'PKR');
      connectionId = await h.connection(accountId, {
        platform: 'shopify',
        domain: 'consent-model.myshopify.com',
        currency: 'PKR',
        country: 'PK',
      });
      await h.store.transaction((repos) =>
        saveProgram(
          repos,
          accountId,
          {
            earnOrdersPlacedFrom: new Date(START).toISOString(),
            earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
            actions: { newsletter: 25 },
          },
          'test',
          new Date(START).toISOString(),
        ),
      );
    });
    afterAll(() => h.close());

    it('keep the newest decision and pay newsletter points at most once', async () => {
      await fc.assert(
        fc.asyncProperty(history, async ([decisions, deliveries]) => {
          const externalId = `c${++n}`;
          const iso = (d: Decision) => new Date(START + d.at * HOUR).toISOString();
          // Every decision arrives at least once (the shuffled subarray may drop a copy, never both).
          const delivered = [...deliveries, ...decisions.filter((d) => !deliveries.includes(d))];
          let newest: Decision | null = null;
          let shouldPay = false;
          for (const d of delivered) {
            await applyEvent(h.store, connectionId, {
              type: 'customer.consent',
              externalId,
              email: `${externalId}@example.pk`,
              phone: null,
              consents: [{ channel: 'email', state: d.state, source: 'shopify', detail: d.state, decidedAt: iso(d) }],
            });
            if (!newest || d.at > newest.at) {
              newest = d;
              if (d.state === 'subscribed' && d.at >= 0) shouldPay = true;
            }
          }
          const [{ id }] = (await h.rows<{ id: string }>(
            'SELECT customer_id AS id FROM customer_identities WHERE connection_id = :connectionId AND external_id = :externalId',
            { connectionId, externalId },
          )) as [{ id: string }];
          const stored = await h.rows<{ state: string; at: string }>(
            "SELECT state, decided_at AS at FROM customer_consents WHERE customer_id = :id AND channel = 'email'",
            { id },
          );
          const newestOverall = decisions.reduce((a, b) => (b.at > a.at ? b : a));
          expect(stored).toEqual([{ state: newestOverall.state, at: iso(newestOverall) }]);
          const paid = (
            await h.rows<{ d: number }>(
              "SELECT available_delta AS d FROM points_ledger WHERE customer_id = :id AND reason = 'newsletter'",
              { id },
            )
          ).map((r) => r.d);
          expect(paid).toEqual(shouldPay ? [25] : []);
        }),
        { numRuns: 60 },
      );
    }, 60_000);
  });
}
