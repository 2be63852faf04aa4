import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailChannel } from '../../src/channels/email/email.channel.ts';
import type { ConsentState } from '../../src/crm/customers/consent.port.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import type { MessagePurpose } from '../../src/crm/messaging/messages.port.ts';
import { queueMessage } from '../../src/crm/messaging/messages.service.ts';
import { sendDueMessages, type SenderDeps } from '../../src/crm/messaging/sender.service.ts';
import { createThrottle } from '../../src/crm/messaging/throttle.ts';
import { unsubscribeToken } from '../../src/crm/messaging/unsubscribe-token.ts';
import { unsubscribe } from '../../src/crm/messaging/unsubscribe.service.ts';
import { customer } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Random interleavings of consent changes (platform decisions, the unsubscribe link) and sends
// (queueing, partial sender passes that leave messages queued across changes) against the rule:
// no marketing message is ever sent to a shopper who was not subscribed on that channel when it
// was sent, a marketing message to a subscribed shopper is sent, and a transactional one always is.

const KEY = Buffer.alloc(32, 3);
const SHOPPERS = 3;
const T0 = Date.parse('2026-02-01T00:00:00.000Z');

type Command =
  | { kind: 'consent'; shopper: number; state: ConsentState }
  | { kind: 'unsubscribe_link'; shopper: number }
  | { kind: 'queue'; shopper: number; purpose: MessagePurpose }
  | { kind: 'send'; batch: number };

const shopper = fc.integer({ min: 0, max: SHOPPERS - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('consent' as const),
    shopper,
    state: fc.constantFrom<ConsentState>('subscribed', 'unsubscribed', 'unknown'),
  }),
  fc.record({ kind: fc.constant('unsubscribe_link' as const), shopper }),
  fc.record({
    kind: fc.constant('queue' as const),
    shopper,
    purpose: fc.constantFrom<MessagePurpose>('marketing', 'marketing', 'transactional'),
  }),
  fc.record({ kind: fc.constant('send' as const), batch: fc.integer({ min: 1, max: 3 }) }),
);

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`messages and consent (${kind.name})`, () => {
    let h: StoreHarness;
    let accountId: string;
    let shop: string;
    let run = 0;

    beforeAll(async () => {
      h = await kind.open();
      accountId = await h.account('Consent at send time', 'PKR');
      shop = await h.connection(accountId, { platform: 'shopify', domain: `send-time-${kind.name}.myshopify.com`, currency: 'PKR' });
    });
    afterAll(() => h.close());

    it('never sends marketing to a shopper unsubscribed at the time of sending', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
          run++;
          let tick = 0;
          const clock = () => new Date(T0 + run * 86_400_000 + ++tick * 1000);
          const ids: string[] = [];
          const consent: ConsentState[] = [];
          for (let i = 0; i < SHOPPERS; i++) {
            const externalId = `r${run}s${i}`;
            await applyEvent(h.store, shop, {
              type: 'customer.upserted',
              customer: customer(externalId, { email: `${externalId}@example.pk` }),
            });
            ids.push((await h.store.transaction((r) => r.customers.findIdentity(shop, externalId)))!.customerId);
            consent.push('unknown');
          }
          const purposeOf = new Map<string, { purpose: MessagePurpose; shopper: number }>();
          const sender: SenderDeps = {
            store: h.store,
            channels: new Map([['email', createEmailChannel({ smtpUrl: undefined, from: 'Shop <s@example.pk>', ratePerSecond: 1e6 })]]),
            throttle: createThrottle(),
            unsubscribeUrl: () => null,
          };
          for (const c of commands) {
            if (c.kind === 'consent') {
              await applyEvent(h.store, shop, {
                type: 'customer.consent',
                externalId: `r${run}s${c.shopper}`,
                email: null,
                phone: null,
                consents: [{ channel: 'email', state: c.state, source: 'shopify', detail: c.state, decidedAt: clock().toISOString() }],
              });
              consent[c.shopper] = c.state;
            } else if (c.kind === 'unsubscribe_link') {
              const token = unsubscribeToken(KEY, {
                accountId,
                customerId: ids[c.shopper]!,
                channel: 'email',
                language: 'en',
                messageId: 'm',
              });
              expect((await unsubscribe(h.store, KEY, token, clock().toISOString())).outcome).not.toBe('invalid_token');
              consent[c.shopper] = 'unsubscribed';
            } else if (c.kind === 'queue') {
              const now = clock().toISOString();
              const { id } = await h.store.transaction((r) =>
                queueMessage(
                  r,
                  {
                    accountId,
                    customerId: ids[c.shopper]!,
                    channel: 'email',
                    purpose: c.purpose,
                    source: 'test',
                    sourceId: null,
                    idempotencyKey: `${run}:${tick}`,
                    to: `r${run}s${c.shopper}@example.pk`,
                    language: 'en',
                    dir: 'ltr',
                    subject: 'Hello',
                    html: '<p>Hello</p>',
                    text: 'Hello',
                  },
                  now,
                ),
              );
              purposeOf.set(id, { purpose: c.purpose, shopper: c.shopper });
            } else {
              const at = clock();
              const before = await statuses(h, [...purposeOf.keys()]);
              await sendDueMessages({ ...sender, batchSize: c.batch }, () => at);
              const after = await statuses(h, [...purposeOf.keys()]);
              for (const [id, status] of after) {
                if (before.get(id) === status) continue;
                const { purpose, shopper: who } = purposeOf.get(id)!;
                const allowed = purpose === 'transactional' || consent[who] === 'subscribed';
                // Decided with the consent as it stands during this pass.
                expect({ id, purpose, consent: consent[who], status }).toEqual({
                  id,
                  purpose,
                  consent: consent[who],
                  status: allowed ? 'sent' : 'suppressed',
                });
              }
            }
          }
        }),
        { numRuns: 60 },
      );
    });
  });
}

async function statuses(h: StoreHarness, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await h.rows<{ id: string; status: string }>(
    `SELECT id, status FROM messages WHERE id IN (${ids.map((_, i) => `:p${i}`).join(', ')})`,
    Object.fromEntries(ids.map((id, i) => [`p${i}`, id])),
  );
  return new Map(rows.map((r) => [r.id, r.status]));
}
