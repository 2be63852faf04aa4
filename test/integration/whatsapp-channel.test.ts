import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWhatsAppWorld, type WhatsAppWorld } from '../helpers/whatsapp.ts';

// The WhatsApp channel against the local Cloud API fake (documented requests and answers), over a
// real server and database: the shop's number and token through the admin API (token never
// answered), a template send with its language and parameters, the wamid kept as provider id,
// Meta's errors told apart (throughput retried, re-engagement not), free-form text refused
// outside the 24-hour window before Meta is called, and a shop without a number.

let w: WhatsAppWorld;

beforeAll(async () => {
  w = await startWhatsAppWorld('wa-channel.myshopify.com');
});
afterAll(async () => {
  await w?.close();
});

const detail = async (id: string) => (await w.api('GET', `/api/messages/${id}`)).body;

describe('the shop’s WhatsApp number', () => {
  it('is shown with the token masked, never the token itself', async () => {
    const r = await w.api('GET', '/api/whatsapp');
    expect(r.status).toBe(200);
    expect(r.body.number).toMatchObject({
      phoneNumberId: w.fake.phoneNumberId,
      wabaId: w.fake.wabaId,
      displayPhone: `+${w.fake.displayPhone}`,
      tokenHint: `…${w.fake.accessToken.slice(-4)}`,
    });
    expect(r.body.webhooksConfigured).toBe(true);
    expect(r.text).not.toContain(w.fake.accessToken);
  });

  it('is sealed at rest', async () => {
    const { query } = await import('../../src/db/sql/executor.ts');
    const row = await w.server.runtime.database.x.get<{ t: string }>(
      query('SELECT access_token_enc AS t FROM whatsapp_numbers WHERE account_id = :a'),
      { a: w.accountId },
    );
    expect(row!.t).not.toContain(w.fake.accessToken);
    expect(row!.t.length).toBeGreaterThan(20);
  });

  it('refuses bad input with a reason and changes nothing', async () => {
    const r = await w.api('PUT', '/api/whatsapp', { phoneNumberId: 'abc', wabaId: w.fake.wabaId, accessToken: 'short' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['phoneNumberId', 'accessToken']));
    expect((await w.api('GET', '/api/whatsapp')).body.number.phoneNumberId).toBe(w.fake.phoneNumberId);
  });

  it('belongs to one shop: another shop cannot take the same phone number id', async () => {
    const t = w.server.runtime.tenancy;
    const other = await t.createAccount('Other', 'PKR');
    await t.createAdminUser(other, 'owner@other.example', 'correct horse battery');
    const { loginToken, apiCall } = await import('../helpers/api.ts');
    const token = await loginToken(w.server, 'owner@other.example', 'correct horse battery');
    const r = await apiCall(
      w.server,
      'PUT',
      '/api/whatsapp',
      { phoneNumberId: w.fake.phoneNumberId, wabaId: w.fake.wabaId, accessToken: 'EAAG-another-shop-token-123456' },
      token,
    );
    expect(r.status).toBe(409);
    expect((await apiCall(w.server, 'GET', '/api/whatsapp', undefined, token)).body.number).toBeNull();
  });
});

describe('sending through the Cloud API', () => {
  it('sends an approved template with its Meta language code and body parameters; the wamid is the provider id', async () => {
    const before = w.fake.sent.length;
    const { id } = await w.queue();
    expect(await w.send()).toMatchObject({ claimed: 1, sent: 1 });
    expect(w.fake.sent).toHaveLength(before + 1);
    const got = w.fake.sent.at(-1)!;
    expect(got.phoneNumberId).toBe(w.fake.phoneNumberId);
    expect(got.version).toBe('v26.0');
    expect(got.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '923001234567',
      type: 'template',
      template: {
        name: 'eid_offer',
        language: { code: 'ur' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ayesha' }] }],
      },
    });
    const d = await detail(id);
    expect(d).toMatchObject({ status: 'sent', provider: 'whatsapp', providerMessageId: got.wamid, text: '[eid_offer · ur] Ayesha' });
    expect(d.payload).toMatchObject({ type: 'template', name: 'eid_offer' });
  });

  it('retries Meta’s throughput limit (130429) and gives up at once on re-engagement (131047)', async () => {
    w.fake.failNext('throughput');
    const { id } = await w.queue();
    expect(await w.send()).toMatchObject({ claimed: 1, retried: 1 });
    let d = await detail(id);
    expect(d).toMatchObject({ status: 'queued' });
    expect(d.error).toContain('130429');
    expect(await w.send(new Date(Date.now() + 60_000))).toMatchObject({ claimed: 1, sent: 1 });
    expect((await detail(id)).status).toBe('sent');

    w.fake.failNext('reengagement');
    const second = await w.queue();
    expect(await w.send()).toMatchObject({ claimed: 1, failed: 1 });
    d = await detail(second.id);
    expect(d.status).toBe('failed');
    expect(d.error).toContain('131047');
  });

  it('retries Meta’s 5xx', async () => {
    w.fake.failNext('server');
    const { id } = await w.queue();
    expect(await w.send()).toMatchObject({ retried: 1 });
    expect((await detail(id)).status).toBe('queued');
    expect(await w.send(new Date(Date.now() + 60_000))).toMatchObject({ sent: 1 });
  });

  it('refuses free-form text outside the 24-hour window before calling Meta, and sends it inside', async () => {
    const before = w.fake.sent.length;
    const text = { type: 'text', body: 'Your parcel left Lahore today.' };
    const { id } = await w.queue({ purpose: 'transactional', payload: text, text: text.body });
    expect(await w.send()).toMatchObject({ failed: 1 });
    const d = await detail(id);
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/24-hour/);
    expect(w.fake.sent).toHaveLength(before);

    // The shopper writes: the window opens.
    expect((await w.webhook(w.fake.textValue('923001234567', 'Where is my order?'))).status).toBe(200);
    await w.apply();
    const inside = await w.queue({ purpose: 'transactional', payload: text, text: text.body });
    expect(await w.send()).toMatchObject({ sent: 1 });
    expect(w.fake.sent.at(-1)!.body).toMatchObject({ type: 'text', text: { preview_url: false, body: text.body } });
    expect((await detail(inside.id)).status).toBe('sent');

    const buttons = {
      type: 'buttons',
      body: 'Keep the order?',
      buttons: [
        { id: 'keep', title: 'Keep it' },
        { id: 'cancel', title: 'Cancel' },
      ],
    };
    await w.queue({ purpose: 'transactional', payload: buttons, text: 'Keep the order?' });
    expect(await w.send()).toMatchObject({ sent: 1 });
    expect(w.fake.sent.at(-1)!.body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Keep the order?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'keep', title: 'Keep it' } },
            { type: 'reply', reply: { id: 'cancel', title: 'Cancel' } },
          ],
        },
      },
    });
  });

  it('fails for good what Meta would refuse: no payload, a phone that is not E.164', async () => {
    const a = await w.queue({ payload: null });
    const b = await w.queue({ to: '0300 1234567' });
    expect(await w.send()).toMatchObject({ failed: 2 });
    expect((await detail(a.id)).error).toMatch(/payload/);
    expect((await detail(b.id)).error).toMatch(/E\.164/);
  });

  it('fails a shop without a connected number, without calling Meta', async () => {
    const before = w.fake.sent.length;
    expect((await w.api('DELETE', '/api/whatsapp')).body).toEqual({ deleted: true });
    expect((await w.api('GET', '/api/whatsapp')).body.number).toBeNull();
    // The channel keeps credentials a minute: a fresh runtime would see the deletion at once;
    // this one is asked through a new account instead.
    const t = w.server.runtime.tenancy;
    const other = await t.createAccount('No number', 'PKR');
    const { queueMessage } = await import('../../src/crm/messaging/messages.service.ts');
    const { id } = await w.server.runtime.store.transaction((r) =>
      queueMessage(
        r,
        {
          accountId: other,
          customerId: null,
          channel: 'whatsapp',
          purpose: 'transactional',
          source: 'test',
          sourceId: null,
          idempotencyKey: 'no-number',
          to: '+923009999999',
          language: 'en',
          dir: 'ltr',
          subject: null,
          html: '',
          text: 't',
          payload: { type: 'template', name: 'hello_world', language: 'en_US', components: [] },
        },
        new Date().toISOString(),
      ),
    );
    expect(await w.send()).toMatchObject({ failed: 1 });
    const { query } = await import('../../src/db/sql/executor.ts');
    const row = await w.server.runtime.database.x.get<{ error: string; status: string }>(
      query('SELECT status, error FROM messages WHERE id = :id'),
      { id },
    );
    expect(row).toMatchObject({ status: 'failed', error: 'No WhatsApp number is connected for this shop' });
    expect(w.fake.sent).toHaveLength(before);
  });
});

describe('WhatsApp templates', () => {
  const variant = (params: string[]) => ({
    subject: '',
    body: '',
    whatsapp: { template: 'points_reminder', metaLanguage: 'ur', params, buttons: ['STOP'] },
  });

  it('are saved with their approved name, Meta language and Liquid parameters, checked like email', async () => {
    const bad = await w.api('POST', '/api/message-templates', {
      name: 'Points (bad)',
      channel: 'whatsapp',
      purpose: 'marketing',
      variants: { ur: variant(['{{ first_name }}', '{{ nope }}']) },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems).toEqual([{ language: 'ur', part: 'params.2', message: 'unknown merge field: nope' }]);

    const missing = await w.api('POST', '/api/message-templates', {
      name: 'Points (no template)',
      channel: 'whatsapp',
      purpose: 'marketing',
      variants: { ur: { subject: '', body: '' } },
    });
    expect(missing.status).toBe(400);

    const created = await w.api('POST', '/api/message-templates', {
      name: 'Points reminder',
      channel: 'whatsapp',
      purpose: 'marketing',
      variants: {
        ur: variant(['{{ first_name | default: "دوست" }}', '{{ points.balance | number }}']),
        en: {
          subject: '',
          body: '',
          whatsapp: { template: 'points_reminder', metaLanguage: 'en', params: ['{{ first_name }}', '{{ points.balance }}'] },
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: 'whatsapp',
      variants: { ur: { whatsapp: { template: 'points_reminder', metaLanguage: 'ur' } } },
    });

    // Filled for the shopper (Urdu, her language): the parameters merged, the quick-reply payload kept.
    const preview = await w.api('POST', `/api/message-templates/${created.body.id}/preview`, { customerId: w.customerId });
    expect(preview.status).toBe(200);
    expect(preview.body.pick).toEqual({ language: 'ur', choice: 'shopper' });
    expect(preview.body.email).toMatchObject({ subject: 'points_reminder · ur', text: '[points_reminder · ur] Ayesha | 0', dir: 'rtl' });
    // One by one for the editor: a parameter holding ' | ' stays one parameter.
    expect(preview.body.whatsapp).toEqual({ template: 'points_reminder', metaLanguage: 'ur', params: ['Ayesha', '0'], buttons: ['STOP'] });

    const draft = await w.api('POST', '/api/message-templates/preview', {
      channel: 'whatsapp',
      language: 'en',
      variants: {
        en: {
          subject: '',
          body: '',
          whatsapp: {
            template: 'cod_confirm',
            metaLanguage: 'en_US',
            params: ['{{ first_name }} | ok'],
            buttons: ['COD_CONFIRM', 'COD_CANCEL'],
          },
        },
      },
    });
    expect(draft.status).toBe(200);
    expect(draft.body.whatsapp).toEqual({
      template: 'cod_confirm',
      metaLanguage: 'en_US',
      params: ['Ayesha | ok'],
      buttons: ['COD_CONFIRM', 'COD_CANCEL'],
    });
  });

  it('an email preview has no WhatsApp part', async () => {
    const preview = await w.api('POST', '/api/message-templates/preview', {
      variants: { en: { subject: 'Hi {{ first_name }}', body: '<mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section>' } },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.whatsapp).toBeNull();
  });
});
