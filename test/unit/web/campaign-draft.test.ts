import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { CampaignView } from '../../../src/http/admin/campaigns.schemas.ts';
import { draftOf, emptyDraft, inputOf, nextVariantKey, variantShares } from '../../../web/src/components/campaigns/campaignDraft.ts';
import { liftText, liftVerdict } from '../../../web/src/components/campaigns/lift.ts';
import en from '../../../web/src/locales/en.json' with { type: 'json' };
import ur from '../../../web/src/locales/ur.json' with { type: 'json' };

// The campaign editor's working copy (what it sends the API) and the report's lift in words.

const saved: CampaignView = {
  id: 'cmp_1',
  name: 'Eid sale',
  status: 'draft',
  channel: 'email',
  audience: { kind: 'filter', filters: { tags: ['eid', 'vip'], minOrders: 2 } },
  variants: [
    { key: 'A', templateId: 'tpl_a', weight: 3 },
    { key: 'B', templateId: 'tpl_b', weight: 1 },
  ],
  holdoutPercent: 20,
  window: { opens: '10:00', closes: '20:00' },
  sendAt: '2026-12-24T05:00:00.000Z',
  counts: { recipients: 0, queued: 0, skipped: 0, holdout: 0 },
  attributionDays: 5,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
};

describe('campaign draft', () => {
  it('a saved campaign comes back from the form as it was sent', () => {
    expect(inputOf(draftOf(saved))).toEqual({
      name: 'Eid sale',
      audience: { kind: 'filter', filters: { tags: ['eid', 'vip'], minOrders: 2 } },
      variants: [
        { key: 'A', templateId: 'tpl_a', weight: 3 },
        { key: 'B', templateId: 'tpl_b', weight: 1 },
      ],
      holdoutPercent: 20,
      window: { opens: '10:00', closes: '20:00' },
      sendAt: '2026-12-24T05:00:00.000Z',
    });
  });

  it('a new campaign: a segment, one variant, a 10 % holdout, now, any time', () => {
    const d = { ...emptyDraft(), name: 'x', segmentId: 'seg_1' };
    d.variants[0]!.templateId = 'tpl_a';
    expect(inputOf(d)).toEqual({
      name: 'x',
      audience: { kind: 'segment', segmentId: 'seg_1' },
      variants: [{ key: 'A', templateId: 'tpl_a', weight: 1 }],
      holdoutPercent: 10,
      window: null,
      sendAt: null,
    });
  });

  it('sends a number that does not parse as typed, so the API refuses it on its field', () => {
    expect(inputOf({ ...emptyDraft(), holdoutPercent: 'ten' }).holdoutPercent).toBe('ten');
    expect(inputOf({ ...emptyDraft(), holdoutPercent: '' }).holdoutPercent).toBe('');
  });

  it('"later" without a date-time yet is no time, not an invalid instant', () => {
    expect(inputOf({ ...emptyDraft(), when: 'later', sendAt: '' }).sendAt).toBeNull();
  });

  it('tags: trimmed, empty ones dropped; no filters at all is everyone', () => {
    expect(inputOf({ ...emptyDraft(), audienceKind: 'filter', tags: ' eid, ,vip ' }).audience).toEqual({
      kind: 'filter',
      filters: { tags: ['eid', 'vip'] },
    });
    expect(inputOf({ ...emptyDraft(), audienceKind: 'filter' }).audience).toEqual({ kind: 'filter', filters: {} });
  });

  it('variant keys and shares of the audience after the holdout', () => {
    const variants = [
      { key: 'A', templateId: '', weight: '3' },
      { key: 'C', templateId: '', weight: '1' },
    ];
    expect(nextVariantKey(variants)).toBe('B');
    expect(variantShares(variants, '20')).toEqual([60, 20]);
    expect(nextVariantKey(['A', 'B', 'C', 'D', 'E'].map((key) => ({ key, templateId: '', weight: '1' })))).toBeNull();
  });
});

describe('lift in words', () => {
  const t = i18next.createInstance();
  void t.init({ lng: 'en', resources: { en: { translation: en }, ur: { translation: ur } } });
  const lift = (difference: number, low: number, high: number) => ({
    group: 'all',
    difference,
    ci95: { low, high },
    revenuePerRecipientDifferenceMinor: 0,
  });

  it.each([
    ['an interval across zero', lift(0.031, -0.004, 0.066), 'notYet', '+3.1 pts (-0.4 to +6.6), not yet significant'],
    ['above zero', lift(0.05, 0.012, 0.09), 'up', '+5.0 pts (+1.2 to +9.0): more customers ordered, and that is significant'],
    [
      'below zero',
      lift(-0.04, -0.07, -0.01),
      'down',
      '-4.0 pts (-7.0 to -1.0): fewer customers ordered than in the holdout, and that is significant',
    ],
    ['no difference', lift(0, -0.05, 0.05), 'notYet', '0.0 pts (-5.0 to +5.0), not yet significant'],
  ] as const)('%s', (_title, l, verdict, text) => {
    expect(liftVerdict(l)).toBe(verdict);
    expect(liftText(t.t.bind(t), 'en', l)).toBe(text);
  });

  it('in Urdu, with Urdu words around the figures', () => {
    const urdu = t.cloneInstance({ lng: 'ur' });
    expect(liftText(urdu.t.bind(urdu), 'ur', lift(0.031, -0.004, 0.066))).toMatch(/فیصدی پوائنٹ .*ابھی معتبر نہیں$/);
  });
});
