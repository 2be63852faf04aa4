import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { composeAndQueue, composeMessage, type ComposeDeps } from '../../src/crm/messaging/compose.service.ts';
import { TemplateRenderer } from '../../src/crm/messaging/templates/template-renderer.ts';
import type { MessageTemplate } from '../../src/crm/messaging/templates/template.ts';
import { createMergeContextQuery } from '../../src/db/merge-context.query.ts';
import { customer } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Composing a message from a saved template for one shopper (what campaigns and flows queue), on
// both databases: the shopper's language and merge fields, their address on the channel, the
// unsubscribe link naming the message, a send-at time the sender honours, and the skips.

const NOW = '2026-05-01T09:00:00.000Z';

const template = (over: Partial<MessageTemplate> = {}): MessageTemplate => ({
  id: 'tpl_1',
  accountId: '',
  name: 'Eid',
  channel: 'email',
  purpose: 'marketing',
  variants: {
    en: {
      subject: 'Eid Mubarak {{ first_name }}',
      body: '<mj-section><mj-column><mj-text>Hi {{ first_name }} <a href="{{ unsubscribe_url }}">unsubscribe</a></mj-text></mj-column></mj-section>',
    },
    ur: {
      subject: 'عید مبارک {{ first_name }}',
      body: '<mj-section><mj-column><mj-text>السلام علیکم {{ first_name }}</mj-text></mj-column></mj-section>',
    },
  },
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
});

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`composing messages (${kind.name})`, () => {
    let h: StoreHarness;
    let deps: ComposeDeps;
    let accountId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      h = await kind.open();
      accountId = await h.account('Compose', 'PKR');
      const shop = await h.connection(accountId, { platform: 'shopify', domain: `compose-${kind.name}.myshopify.com`, currency: 'PKR' });
      const people = [
        customer('ayesha', { email: 'Ayesha@Example.pk', firstName: 'Ayesha', locale: 'ur-PK' }),
        customer('ravi', { email: 'ravi@example.in', firstName: 'Ravi', locale: 'en' }),
        customer('nomail', { phone: '+923001234567', firstName: 'Bilal' }),
      ];
      for (const c of people) await applyEvent(h.store, shop, { type: 'customer.upserted', customer: c });
      for (const r of await h.rows<{ id: string; first_name: string }>(
        'SELECT id, first_name FROM customers WHERE account_id = :accountId',
        {
          accountId,
        },
      ))
        ids[r.first_name] = r.id;
      deps = {
        renderer: new TemplateRenderer(),
        facts: createMergeContextQuery(h.database),
        store: h.store,
        unsubscribeUrl: (c) => `https://rapport.test/u/${c.customerId}.${c.messageId}.${c.language}`,
      };
    });
    afterAll(() => h.close());

    it("renders in the shopper's language with their merge fields and address", async () => {
      const composed = await composeMessage(
        deps,
        { accountId, customerId: ids.Ayesha!, template: template({ accountId }), source: 'campaign', sourceId: 'c1', idempotencyKey: 'k1' },
        NOW,
      );
      expect(composed.outcome).toBe('composed');
      if (composed.outcome !== 'composed') return;
      expect(composed.message).toMatchObject({
        to: 'ayesha@example.pk',
        language: 'ur',
        dir: 'rtl',
        subject: 'عید مبارک Ayesha',
        purpose: 'marketing',
      });
      expect(composed.message.html).toContain('dir="rtl"');
    });

    it('links the unsubscribe page to the message it came in, and queues once per key', async () => {
      const request = {
        accountId,
        customerId: ids.Ravi!,
        template: template({ accountId }),
        source: 'campaign',
        sourceId: 'c1',
        idempotencyKey: 'campaign:c1:ravi',
      };
      const first = await composeAndQueue(deps, request, NOW);
      const again = await composeAndQueue(deps, request, NOW);
      expect(first).toMatchObject({ outcome: 'queued' });
      expect(again).toEqual({ outcome: 'duplicate', id: (first as { id: string }).id });
      const [row] = await h.rows<{ html: string; language: string }>(
        'SELECT b.html, m.language FROM messages m JOIN message_bodies b ON b.message_id = m.id WHERE m.account_id = :accountId AND m.idempotency_key = :key',
        { accountId, key: 'campaign:c1:ravi' },
      );
      expect(row!.language).toBe('en');
      expect(row!.html).toContain(`https://rapport.test/u/${ids.Ravi}.${(first as { id: string }).id}.en`);
    });

    it('is not claimed before its send-at time', async () => {
      const sendAt = '2026-05-01T12:00:00.000Z';
      const queued = await composeAndQueue(
        deps,
        {
          accountId,
          customerId: ids.Ravi!,
          template: template({ accountId }),
          source: 'flow',
          sourceId: 'f1',
          idempotencyKey: 'flow:later',
          sendAt,
        },
        NOW,
      );
      const claim = (now: string) => h.store.transaction((r) => r.messages.claimDue(now, '2026-05-02T00:00:00.000Z', 100));
      const early = await claim('2026-05-01T11:59:59.000Z');
      expect(early.map((m) => m.id)).not.toContain((queued as { id: string }).id);
      const due = await claim(sendAt);
      expect(due.map((m) => m.id)).toContain((queued as { id: string }).id);
    });

    it('says why nothing was queued', async () => {
      const base = { accountId, template: template({ accountId }), source: 'flow', sourceId: null, idempotencyKey: 'x' };
      expect(await composeAndQueue(deps, { ...base, customerId: ids.Bilal! }, NOW)).toEqual({ outcome: 'no_address' });
      expect(await composeAndQueue(deps, { ...base, customerId: 'cus_nobody' }, NOW)).toEqual({ outcome: 'customer_not_found' });
      const other = await h.account('Other', 'PKR');
      // Another account's customer is nobody here.
      expect(await composeAndQueue(deps, { ...base, accountId: other, customerId: ids.Ravi! }, NOW)).toEqual({
        outcome: 'customer_not_found',
      });
      expect(await composeAndQueue(deps, { ...base, customerId: ids.Ravi!, template: template({ accountId, variants: {} }) }, NOW)).toEqual(
        {
          outcome: 'no_variant',
        },
      );
      // A phone channel addresses the shopper's phone.
      const sms = await composeMessage(deps, { ...base, customerId: ids.Bilal!, template: template({ accountId, channel: 'sms' }) }, NOW);
      expect(sms).toMatchObject({ outcome: 'composed', message: { to: '+923001234567', channel: 'sms' } });
    });
  });
}
