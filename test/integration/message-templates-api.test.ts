import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { customer } from '../helpers/canonical.ts';
import { call, createShop, customerId, loyaltyOf, placeOrder, type Shop } from '../helpers/loyalty.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Message templates over the admin API, on a real runtime (both databases): CRUD, refusal of
// templates that would not render (unknown merge field, Liquid syntax, MJML structure) with the
// language and part and nothing stored, and the preview against a real customer with points, a
// tier and the gap to the next one, in the shopper's language (Urdu, right to left).

let server: TestServer;
let shop: Shop;
let other: Shop;

const section = (text: string) => `<mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section>`;
const FIELDS =
  '{{ first_name }}|{{ points.balance }}|{{ points.pending }}|{{ tier.name }}|{{ tier.next_name }}|{{ tier.points_to_next }}|' +
  '{{ order.number }}|{{ store.name }}|{{ referral.link }}';
const TEMPLATE = {
  name: 'Points update',
  purpose: 'marketing',
  variants: {
    en: { subject: '{{ first_name }}, your points', body: section(`Hello ${FIELDS}{% if points.balance > 100 %} rich{% endif %}`) },
    ur: {
      subject: '{{ first_name }}، آپ کے پوائنٹس',
      body: section(`السلام علیکم ${FIELDS}{% if points.balance > 100 %} امیر{% endif %}`),
    },
  },
};

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop(server, 'msgtpl.myshopify.com');
  other = await createShop(server, 'msgtpl-other.myshopify.com');
  await server.runtime.tenancy.updateConnection(shop.connectionId, { name: 'Lahore Crafts' });
  const program = await call(server, shop.domain, 'PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2025-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
    tiers: { basis: 'points_earned', period: 'lifetime' },
  });
  expect(program.status).toBe(200);
  for (const tier of [
    { name: 'Silver', threshold: 100 },
    { name: 'Gold', threshold: 300 },
  ])
    expect((await call(server, shop.domain, 'POST', '/api/loyalty/tiers', tier)).status).toBe(201);
  const at = new Date(Date.now() - 3_600_000).toISOString();
  await placeOrder(server, shop, 'o1', 'ayesha', 150, at);
  // The profile as the store sent it later: an Urdu reader.
  const later = new Date().toISOString();
  await applyEvent(server.runtime.store, shop.connectionId, {
    type: 'customer.upserted',
    customer: customer('ayesha', { email: 'ayesha@example.com', firstName: 'عائشہ', lastName: 'Khan', locale: 'ur-PK', updatedAt: later }),
  });
  await placeOrder(server, other, 'x1', 'stranger', 10, at);
});
afterAll(() => server.close());

describe('CRUD', () => {
  let id: string;

  it('creates, lists, reads and replaces a template', async () => {
    const created = await call(server, shop.domain, 'POST', '/api/message-templates', TEMPLATE);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Points update', channel: 'email', purpose: 'marketing', variants: TEMPLATE.variants });
    id = created.body.id;
    expect((await call(server, shop.domain, 'GET', '/api/message-templates')).body.templates.map((t: any) => t.id)).toEqual([id]);
    expect((await call(server, shop.domain, 'GET', `/api/message-templates/${id}`)).body).toEqual(created.body);

    const hi = { subject: 'नमस्ते {{ first_name }}', body: section('{{ points.balance | number }}'), text: 'नमस्ते {{ first_name }}' };
    const replaced = await call(server, shop.domain, 'PUT', `/api/message-templates/${id}`, {
      ...TEMPLATE,
      purpose: 'transactional',
      variants: { ...TEMPLATE.variants, hi },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ purpose: 'transactional', variants: { hi } });
    expect((await call(server, shop.domain, 'GET', `/api/message-templates/${id}`)).body.variants.hi).toEqual(hi);
  });

  it('another shop neither sees nor changes it', async () => {
    expect((await call(server, other.domain, 'GET', '/api/message-templates')).body.templates).toEqual([]);
    expect((await call(server, other.domain, 'GET', `/api/message-templates/${id}`)).status).toBe(404);
    expect((await call(server, other.domain, 'PUT', `/api/message-templates/${id}`, TEMPLATE)).status).toBe(404);
    expect((await call(server, other.domain, 'DELETE', `/api/message-templates/${id}`)).status).toBe(404);
    expect((await call(server, other.domain, 'POST', `/api/message-templates/${id}/preview`, {})).status).toBe(404);
  });

  it('refuses a second template of the same name', async () => {
    expect((await call(server, shop.domain, 'POST', '/api/message-templates', TEMPLATE)).status).toBe(409);
  });

  it.each([
    ['unknown merge field', { ur: { subject: 's', body: section('{{ frist_name }}') } }, 'ur', 'body', 'frist_name'],
    ['unknown field in the subject', { en: { subject: '{{ points.total }}', body: section('x') } }, 'en', 'subject', 'points.total'],
    ['Liquid syntax', { pa: { subject: 's', body: section('{% if tier.name %}') } }, 'pa', 'body', 'not closed'],
    ['MJML structure', { hi: { subject: 's', body: '<mj-section><mj-text>x</mj-text></mj-section>' } }, 'hi', 'body', 'mj-text'],
    ['own text part', { en: { subject: 's', body: section('x'), text: '{{ reward.coed }}' } }, 'en', 'text', 'reward.coed'],
  ])('400 for %s, with the language and part, and nothing stored', async (_, variants, language, part, words) => {
    const before = (await call(server, shop.domain, 'GET', `/api/message-templates/${id}`)).body;
    const created = await call(server, shop.domain, 'POST', '/api/message-templates', { ...TEMPLATE, name: 'Bad', variants });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain(words);
    expect(created.body.error.details.problems[0]).toMatchObject({ language, part });
    const replaced = await call(server, shop.domain, 'PUT', `/api/message-templates/${id}`, { ...TEMPLATE, variants });
    expect(replaced.status).toBe(400);
    expect((await call(server, shop.domain, 'GET', `/api/message-templates/${id}`)).body).toEqual(before);
    expect((await call(server, shop.domain, 'GET', '/api/message-templates')).body.templates).toHaveLength(1);
  });

  it.each([
    ['no variants', { ...TEMPLATE, variants: {} }],
    ['an unknown language', { ...TEMPLATE, variants: { fr: TEMPLATE.variants.en } }],
    ['an unknown purpose', { ...TEMPLATE, purpose: 'spam' }],
    ['an empty subject', { ...TEMPLATE, variants: { en: { subject: '', body: 'x' } } }],
  ])('400 for %s', async (_, body) => {
    expect((await call(server, shop.domain, 'POST', '/api/message-templates', body)).status).toBe(400);
  });

  it('deletes', async () => {
    const extra = await call(server, shop.domain, 'POST', '/api/message-templates', { ...TEMPLATE, name: 'To delete' });
    expect((await call(server, shop.domain, 'DELETE', `/api/message-templates/${extra.body.id}`)).body).toEqual({ deleted: true });
    expect((await call(server, shop.domain, 'GET', `/api/message-templates/${extra.body.id}`)).status).toBe(404);
    expect((await call(server, shop.domain, 'DELETE', `/api/message-templates/${extra.body.id}`)).status).toBe(404);
  });
});

describe('preview', () => {
  let id: string;
  beforeAll(async () => {
    id = (await call(server, shop.domain, 'POST', '/api/message-templates', { ...TEMPLATE, name: 'Preview me' })).body.id;
  });

  it('merges a real customer in their language: points, tier and the gap, order, store, referral link, right to left', async () => {
    const who = await customerId(server, shop, 'ayesha');
    const loyalty = await loyaltyOf(server, shop, 'ayesha');
    expect(loyalty.tier.name).toBe('Silver');
    expect(loyalty.balance).toBeGreaterThan(100);
    const r = await call(server, shop.domain, 'POST', `/api/message-templates/${id}/preview`, { customerId: who });
    expect(r.status).toBe(200);
    expect(r.body.pick).toEqual({ language: 'ur', choice: 'shopper_base' });
    expect(r.body.customerId).toBe(who);
    const fields = [
      'عائشہ',
      loyalty.balance,
      loyalty.pending,
      'Silver',
      'Gold',
      loyalty.tierProgress.remaining,
      '#o1',
      'Lahore Crafts',
      `https://msgtpl.myshopify.com/?ref=${loyalty.referralCode}`,
    ].join('|');
    expect(r.body.email).toMatchObject({ subject: 'عائشہ، آپ کے پوائنٹس', language: 'ur', dir: 'rtl' });
    expect(r.body.email.text).toBe(`السلام علیکم ${fields} امیر`);
    expect(r.body.email.html).toContain(fields);
    expect(r.body.email.html).toMatch(/<html lang="ur" dir="rtl"/);
    expect(r.body.email.html).toContain('text-align:right');
  });

  it('in another language when asked, falling back to English for a language the template lacks', async () => {
    const who = await customerId(server, shop, 'ayesha');
    const en = await call(server, shop.domain, 'POST', `/api/message-templates/${id}/preview`, { customerId: who, language: 'en' });
    expect(en.body.pick).toEqual({ language: 'en', choice: 'shopper' });
    expect(en.body.email).toMatchObject({ subject: 'عائشہ, your points', dir: 'ltr' });
    const hi = await call(server, shop.domain, 'POST', `/api/message-templates/${id}/preview`, { customerId: who, language: 'hi-IN' });
    expect(hi.body.pick).toEqual({ language: 'en', choice: 'english' });
  });

  it('with the sample shopper when no customer is given, in the shop’s name', async () => {
    const r = await call(server, shop.domain, 'POST', `/api/message-templates/${id}/preview`, { language: 'ur' });
    expect(r.status).toBe(200);
    expect(r.body.customerId).toBeNull();
    expect(r.body.email.text).toContain('Ayesha|1250|300|Gold|Platinum|750|#1042|Lahore Crafts');
  });

  it('404 for a customer of another shop or none', async () => {
    const stranger = await customerId(server, other, 'stranger');
    expect((await call(server, shop.domain, 'POST', `/api/message-templates/${id}/preview`, { customerId: stranger })).status).toBe(404);
    expect((await call(server, shop.domain, 'POST', `/api/message-templates/${id}/preview`, { customerId: 'cus_none' })).status).toBe(404);
  });

  it('previews unsaved variants (the editor), and says what is wrong with them', async () => {
    const ok = await call(server, shop.domain, 'POST', '/api/message-templates/preview', {
      language: 'pa',
      variants: { pa: { subject: 'سلام {{ first_name }}', body: section('{{ store.name }}') } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.email).toMatchObject({ subject: 'سلام Ayesha', language: 'pa', dir: 'rtl', text: 'Lahore Crafts' });
    expect(ok.body.email.html).toMatch(/<html lang="pa-Arab" dir="rtl"/);
    const bad = await call(server, shop.domain, 'POST', '/api/message-templates/preview', {
      variants: { en: { subject: 's', body: section('{{ nope }}') } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems).toEqual([{ language: 'en', part: 'body', message: 'unknown merge field: nope' }]);
  });

  it('lists the merge fields', async () => {
    const r = await call(server, shop.domain, 'GET', '/api/message-templates/fields');
    expect(r.body.fields.map((f: any) => f.path)).toContain('tier.points_to_next');
  });
});
