import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentState } from '../../src/crm/customers/consent.port.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Random consent histories (any delivery order, duplicates, unsubscribes and resubscribes, some
// decisions from before the program started) against what must hold whatever the platforms send:
// the stored decision is the newest one, and newsletter points are paid at most once, exactly
// when some subscription made while the program ran was the newest decision when it arrived.

const START = Date.parse('2026-06-01T00:00:00.000Z');
const HOUR = 3_600_000;

let server: TestServer;
let accountId: string;
let connectionId: string;
let n = 0;

type Decision = { state: ConsentState; at: number };
const decision = fc.record({
  state: fc.constantFrom<ConsentState>('subscribed', 'unsubscribed', 'unknown'),
  // Distinct hours around the program start (before: no windfall from history).
  at: fc.integer({ min: -48, max: 200 }),
});
const history = fc.uniqueArray(decision, { selector: (d) => d.at, minLength: 1, maxLength: 8 })
  .chain((ds) => fc.tuple(fc.constant(ds), fc.shuffledSubarray([...ds, ...ds], { minLength: ds.length, maxLength: ds.length * 2 })));

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Consent model', 'PKR');
  connectionId = (await t.upsertConnection({ accountId, platform: 'shopify', domain: 'consent-model.myshopify.com', currency: 'PKR', country: 'PK' })).id;
  await server.runtime.store.transaction((repos) => saveProgram(repos, accountId, {
    earnOrdersPlacedFrom: new Date(START).toISOString(), earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] }, actions: { newsletter: 25 },
  }, 'test', new Date(START).toISOString()));
});
afterAll(() => server.close());

describe('consent histories', () => {
  it('keep the newest decision and pay newsletter points at most once', async () => {
    await fc.assert(fc.asyncProperty(history, async ([decisions, deliveries]) => {
      const externalId = `c${++n}`;
      const iso = (d: Decision) => new Date(START + d.at * HOUR).toISOString();
      // Every decision arrives at least once (the shuffled subarray may drop a copy, never both).
      const delivered = [...deliveries, ...decisions.filter((d) => !deliveries.includes(d))];
      let newest: Decision | null = null;
      let shouldPay = false;
      for (const d of delivered) {
        await applyEvent(server.runtime.store, connectionId, {
          type: 'customer.consent', externalId, email: `${externalId}@example.pk`, phone: null,
          consents: [{ channel: 'email', state: d.state, source: 'shopify', detail: d.state, decidedAt: iso(d) }],
        });
        if (!newest || d.at > newest.at) {
          newest = d;
          if (d.state === 'subscribed' && d.at >= 0) shouldPay = true;
        }
      }
      const db = server.runtime.db.$client;
      const { id } = db.prepare('SELECT customer_id AS id FROM customer_identities WHERE connection_id = ? AND external_id = ?').get(connectionId, externalId) as { id: string };
      const stored = db.prepare("SELECT state, decided_at AS at FROM customer_consents WHERE customer_id = ? AND channel = 'email'").get(id) as { state: string; at: string };
      const newestOverall = decisions.reduce((a, b) => (b.at > a.at ? b : a));
      expect(stored).toEqual({ state: newestOverall.state, at: iso(newestOverall) });
      const paid = (db.prepare("SELECT available_delta AS d FROM points_ledger WHERE customer_id = ? AND reason = 'newsletter'").all(id) as Array<{ d: number }>).map((r) => r.d);
      expect(paid).toEqual(shouldPay ? [25] : []);
    }), { numRuns: 60 });
  });
});
