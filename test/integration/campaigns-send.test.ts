import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignGroup } from '../../src/crm/campaigns/assignment.ts';
import { sendCampaignPage, type CampaignSendDeps } from '../../src/crm/campaigns/campaign-send.service.ts';
import type { CampaignInput } from '../../src/crm/campaigns/campaigns.service.ts';
import { createCampaigns, type Campaigns } from '../../src/crm/campaigns/campaigns.service.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { TemplateRenderer } from '../../src/crm/messaging/templates/template-renderer.ts';
import { createMergeContextQuery } from '../../src/db/merge-context.query.ts';
import { createMessageTemplatesRepo } from '../../src/db/message-templates.repo.ts';
import { createSegmentsRepo } from '../../src/db/segments.repo.ts';
import { customer } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The campaign send on both databases: the audience expanded in pages from the cursor, groups by
// the keyed hash (holdout receives nothing), skips (no address, frequency cap), the send window
// in the shopper's time zone, a replayed send that changes nothing, and cancel mid-send.

// 03:00 UTC = 08:00 in Karachi, 08:30 in Kolkata: before a 10:00–20:00 window opens in both.
const T0 = new Date('2026-05-01T03:00:00.000Z');
const NOW = T0.toISOString();
const address = (countryCode: string) => ({
  name: null,
  line1: 'x',
  line2: null,
  city: null,
  province: null,
  zip: null,
  countryCode,
  phone: null,
});

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`campaign send (${kind.name})`, () => {
    let h: StoreHarness;
    let deps: CampaignSendDeps;
    let campaigns: Campaigns;
    let accountId: string;
    let templateId: string;
    let templateB: string;
    const customerIds: string[] = [];
    const withoutEmail = new Set<string>();

    const draft = (over: Partial<CampaignInput> = {}): CampaignInput => ({
      name: 'Eid sale',
      audience: { kind: 'filter', filters: {} },
      variants: [
        { key: 'A', templateId, weight: 1 },
        { key: 'B', templateId: templateB, weight: 1 },
      ],
      holdoutPercent: 20,
      ...over,
    });
    const rows = <T>(text: string, params: Record<string, unknown> = {}) => h.rows<T>(text, params);

    async function start(input: CampaignInput): Promise<string> {
      const created = await campaigns.create(accountId, input, NOW);
      if (created.outcome !== 'saved') throw new Error(JSON.stringify(created));
      const scheduled = await campaigns.schedule(accountId, created.campaign.id, null, NOW);
      expect(scheduled.outcome).toBe('saved');
      return created.campaign.id;
    }
    async function sendAll(id: string, at = T0): Promise<number> {
      let pages = 0;
      for (;;) {
        const page = await sendCampaignPage(deps, accountId, id, at);
        if (page.outcome !== 'page') return pages;
        pages++;
      }
    }

    beforeAll(async () => {
      h = await kind.open();
      accountId = await h.account('Campaigns', 'PKR');
      const shop = await h.connection(accountId, {
        platform: 'shopify',
        domain: `cmp-${kind.name}.myshopify.com`,
        currency: 'PKR',
        timezone: 'Asia/Karachi',
      });
      for (let i = 0; i < 45; i++) {
        const email = i % 9 === 8 ? null : `shopper${i}@example.pk`;
        await applyEvent(h.store, shop, {
          type: 'customer.upserted',
          customer: customer(`c${i}`, {
            email,
            phone: email ? null : `+9230012345${String(i).padStart(2, '0')}`,
            firstName: `Shopper${i}`,
            addresses: i % 3 === 0 ? [address('IN')] : i % 3 === 1 ? [address('PK')] : [],
          }),
        });
      }
      for (const r of await rows<{ id: string; email: string | null }>(
        'SELECT id, email FROM customers WHERE account_id = :accountId ORDER BY id',
        { accountId },
      )) {
        customerIds.push(r.id);
        if (!r.email) withoutEmail.add(r.id);
      }
      const templates = createMessageTemplatesRepo(h.database);
      for (const [id, subject] of [
        ['tpl_a', 'Eid Mubarak {{ first_name }}'],
        ['tpl_b', '{{ first_name }}, Eid offers inside'],
      ] as const) {
        await templates.insert({
          id: `${id}_${kind.name}`,
          accountId,
          name: id,
          channel: 'email',
          purpose: 'marketing',
          variants: {
            en: {
              subject,
              body: '<mj-section><mj-column><mj-text>Hi {{ first_name }} <a href="{{ unsubscribe_url }}">unsubscribe</a></mj-text></mj-column></mj-section>',
            },
          },
          createdAt: NOW,
          updatedAt: NOW,
        });
      }
      templateId = `tpl_a_${kind.name}`;
      templateB = `tpl_b_${kind.name}`;
      const compose = {
        renderer: new TemplateRenderer(),
        facts: createMergeContextQuery(h.database),
        store: h.store,
        unsubscribeUrl: (c: { customerId: string; messageId: string }) => `https://rapport.test/u/${c.customerId}.${c.messageId}`,
      };
      deps = { store: h.store, compose, templates, pageSize: 7 };
      campaigns = createCampaigns({ store: h.store, templates, segments: createSegmentsRepo(h.database) });
    });
    afterAll(() => h.close());

    it('expands the whole audience in pages: groups by the keyed hash, holdout and no-address get nothing', async () => {
      const id = await start(draft({ window: { opens: 600, closes: 1200 } }));
      expect(await sendAll(id)).toBe(Math.ceil(45 / 7));
      const recipients = await rows<{
        customer_id: string;
        group_key: string | null;
        outcome: string;
        reason: string | null;
        message_id: string | null;
        send_at: string | null;
      }>(
        'SELECT customer_id, group_key, outcome, reason, message_id, send_at FROM campaign_recipients WHERE campaign_id = :id ORDER BY customer_id',
        { id },
      );
      expect(recipients.map((r) => r.customer_id)).toEqual(customerIds);
      const byCountry = new Map<string, string>();
      for (const r of await rows<{ customer_id: string; country_code: string }>('SELECT customer_id, country_code FROM addresses'))
        byCountry.set(r.customer_id, r.country_code);
      for (const r of recipients) {
        if (withoutEmail.has(r.customer_id)) {
          expect(r).toMatchObject({ group_key: null, outcome: 'skipped', reason: 'no_address', message_id: null });
          continue;
        }
        const group = assignGroup(id, r.customer_id, 20, draft().variants);
        expect(r.group_key).toBe(group);
        if (group === 'holdout') {
          expect(r).toMatchObject({ outcome: 'holdout', message_id: null });
          continue;
        }
        expect(r.outcome).toBe('queued');
        // The window opens at 10:00 where the shopper is: India by the address, else the shop's Karachi.
        expect(r.send_at).toBe(byCountry.get(r.customer_id) === 'IN' ? '2026-05-01T04:30:00.000Z' : '2026-05-01T05:00:00.000Z');
      }
      const groups = new Set(recipients.map((r) => r.group_key));
      expect(groups).toEqual(new Set([null, 'holdout', 'A', 'B']));
      const messages = await rows<{
        id: string;
        idempotency_key: string;
        subject: string;
        next_attempt_at: string;
        source_id: string;
        customer_id: string;
      }>(
        "SELECT id, idempotency_key, subject, next_attempt_at, source_id, customer_id FROM messages WHERE source = 'campaign' AND source_id = :id",
        { id },
      );
      const queued = recipients.filter((r) => r.outcome === 'queued');
      expect(messages).toHaveLength(queued.length);
      for (const r of queued) {
        const m = messages.find((x) => x.id === r.message_id)!;
        expect(m.idempotency_key).toBe(`campaign:${id}:${r.customer_id}`);
        expect(m.next_attempt_at).toBe(r.send_at);
        expect(m.subject).toMatch(r.group_key === 'A' ? /^Eid Mubarak Shopper\d+$/ : /^Shopper\d+, Eid offers inside$/);
      }
      const [c] = await rows<{
        status: string;
        recipients: number;
        queued: number;
        skipped: number;
        holdout: number;
        finished_at: string | null;
      }>('SELECT status, recipients, queued, skipped, holdout, finished_at FROM campaigns WHERE id = :id', { id });
      expect({
        ...c,
        recipients: Number(c!.recipients),
        queued: Number(c!.queued),
        skipped: Number(c!.skipped),
        holdout: Number(c!.holdout),
      }).toEqual({
        status: 'sent',
        recipients: 45,
        queued: queued.length,
        skipped: withoutEmail.size,
        holdout: recipients.filter((r) => r.outcome === 'holdout').length,
        finished_at: NOW,
      });

      // A crash before the cursor moved replays pages: the same groups, no second message, the same counts.
      await h.run("UPDATE campaigns SET status = 'sending', cursor = NULL WHERE id = :id", { id });
      await sendAll(id, new Date(T0.getTime() + 60_000));
      expect(
        await rows(
          'SELECT customer_id, group_key, outcome, reason, message_id, send_at FROM campaign_recipients WHERE campaign_id = :id ORDER BY customer_id',
          { id },
        ),
      ).toEqual(recipients);
      expect(Number((await rows<{ n: number }>('SELECT count(*) AS n FROM messages WHERE source_id = :id', { id }))[0]!.n)).toBe(
        messages.length,
      );
      const [again] = await rows<{ recipients: number; queued: number }>('SELECT recipients, queued FROM campaigns WHERE id = :id', { id });
      expect([Number(again!.recipients), Number(again!.queued)]).toEqual([45, queued.length]);
    });

    it('skips customers over the frequency cap, counting other campaigns’ marketing messages', async () => {
      await h.store.transaction((r) => r.campaigns.setFrequencyCap(accountId, { messages: 1, days: 7 }, NOW));
      const first = await rows<{ customer_id: string }>(
        "SELECT r.customer_id FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE c.name = 'Eid sale' AND r.outcome = 'queued'",
      );
      const id = await start(draft({ name: 'Second', holdoutPercent: 0 }));
      await sendAll(id);
      const outcomes = await rows<{ customer_id: string; outcome: string; reason: string | null }>(
        'SELECT customer_id, outcome, reason FROM campaign_recipients WHERE campaign_id = :id',
        { id },
      );
      const capped = new Set(outcomes.filter((r) => r.reason === 'capped').map((r) => r.customer_id));
      expect(capped).toEqual(new Set(first.map((r) => r.customer_id)));
      expect(outcomes.filter((r) => r.outcome === 'queued').length).toBe(45 - withoutEmail.size - capped.size);
      await h.store.transaction((r) => r.campaigns.setFrequencyCap(accountId, null, NOW));
    });

    it('cancels mid-send: no further page, queued messages withdrawn, sent ones stay sent', async () => {
      const id = await start(draft({ name: 'Cancelled', holdoutPercent: 0 }));
      expect((await sendCampaignPage(deps, accountId, id, T0)).outcome).toBe('page');
      expect((await sendCampaignPage(deps, accountId, id, T0)).outcome).toBe('page');
      const [sent] = await rows<{ id: string }>("SELECT id FROM messages WHERE source_id = :id AND status = 'queued' ORDER BY id LIMIT 1", {
        id,
      });
      await h.store.transaction((r) => r.messages.markSent(accountId, sent!.id, { provider: 'outbox', providerMessageId: sent!.id }, NOW));

      const cancelled = await campaigns.cancel(accountId, id, NOW);
      expect(cancelled).toMatchObject({ outcome: 'saved', campaign: { status: 'cancelled' } });
      expect((await sendCampaignPage(deps, accountId, id, T0)).outcome).toBe('stopped');
      const statuses = await rows<{ status: string; error: string | null; n: number }>(
        'SELECT status, error, count(*) AS n FROM messages WHERE source_id = :id GROUP BY status, error ORDER BY status',
        { id },
      );
      const queuedBefore = Number((await rows<{ queued: number }>('SELECT queued FROM campaigns WHERE id = :id', { id }))[0]!.queued);
      expect(statuses.map((s) => ({ ...s, n: Number(s.n) }))).toEqual([
        { status: 'sent', error: null, n: 1 },
        { status: 'suppressed', error: 'cancelled', n: queuedBefore - 1 },
      ]);
      expect(cancelled.outcome === 'saved' && cancelled.withdrawn).toBe(queuedBefore - 1);
      const events = await rows<{ n: number }>(
        "SELECT count(*) AS n FROM message_events e JOIN messages m ON m.id = e.message_id WHERE m.source_id = :id AND e.detail = 'cancelled'",
        { id },
      );
      expect(Number(events[0]!.n)).toBe(queuedBefore - 1);
      // A cancelled campaign is not edited or scheduled again.
      expect(await campaigns.schedule(accountId, id, null, NOW)).toEqual({ outcome: 'not_editable', status: 'cancelled' });
    });

    it('sends to a segment’s kept members only', async () => {
      const members = customerIds.filter((c) => !withoutEmail.has(c)).slice(0, 10);
      await h.run(
        `INSERT INTO segments (id, account_id, name, query, built_in, sync_tag, created_at, updated_at)
         VALUES (:id, :accountId, 'Ten', 'orders >= 0', NULL, NULL, :now, :now)`,
        { id: `seg_${kind.name}`, accountId, now: NOW },
      );
      for (const c of members)
        await h.run('INSERT INTO segment_members (segment_id, customer_id, account_id, entered_at) VALUES (:s, :c, :a, :now)', {
          s: `seg_${kind.name}`,
          c,
          a: accountId,
          now: NOW,
        });
      const id = await start(draft({ name: 'Segment', holdoutPercent: 0, audience: { kind: 'segment', segmentId: `seg_${kind.name}` } }));
      await sendAll(id);
      const got = await rows<{ customer_id: string }>(
        'SELECT customer_id FROM campaign_recipients WHERE campaign_id = :id ORDER BY customer_id',
        { id },
      );
      expect(got.map((r) => r.customer_id)).toEqual(members);
    });

    it("moves a merged profile's recipient rows to the survivor unless it has one in that campaign", async () => {
      const ids = customerIds.filter((c) => !withoutEmail.has(c));
      const [from, into] = [ids[0]!, ids[1]!];
      const before = await rows<{ campaign_id: string }>('SELECT campaign_id FROM campaign_recipients WHERE customer_id = :from', { from });
      expect(before.length).toBeGreaterThan(0);
      // A campaign only the merged-away profile was expanded in.
      await h.run(
        "UPDATE campaign_recipients SET customer_id = :other WHERE customer_id = :into AND campaign_id IN (SELECT id FROM campaigns WHERE name = 'Segment')",
        { into, other: ids[20]! },
      );
      await h.store.transaction((r) => r.customers.merge(accountId, from, into, 'same person', NOW));
      const moved = await rows<{ name: string }>(
        'SELECT c.name FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE r.customer_id = :into ORDER BY c.name',
        { into },
      );
      expect(moved.map((m) => m.name)).toContain('Segment');
      expect(await rows('SELECT 1 FROM campaign_recipients WHERE customer_id = :from', { from })).toEqual([]);
    });
  });
}
