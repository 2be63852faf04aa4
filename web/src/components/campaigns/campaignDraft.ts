import type { z } from 'zod';
import type { audienceFilters, campaignInput, CampaignView } from '../../../../src/http/admin/campaigns.schemas.ts';

// Types straight from the schemas (not api.ts), so the unit tests can import this file under the
// server's tsconfig.
type AudienceFilters = z.infer<typeof audienceFilters>;
type MessageCampaign = CampaignView;
type MessageCampaignInput = z.input<typeof campaignInput>;

// The campaign editor's working copy: every field as the form holds it (text for numbers, a
// local date-time for the schedule), and the API body built from it. Numbers are sent as typed
// when they parse, so the API's own 400 names the field when they are out of range.

export type Channel = 'email' | 'whatsapp';
export type VariantDraft = { key: string; templateId: string; weight: string };
export type CampaignDraft = {
  name: string;
  channel: Channel;
  audienceKind: 'segment' | 'filter';
  segmentId: string;
  /** Customer-list filters: comma-separated tags and order counts, as typed. */
  tags: string;
  minOrders: string;
  maxOrders: string;
  variants: VariantDraft[];
  holdoutPercent: string;
  /** `later`: at `sendAt`, a local date-time (`YYYY-MM-DDTHH:MM`) in the merchant's browser. */
  when: 'now' | 'later';
  sendAt: string;
  windowOn: boolean;
  opens: string;
  closes: string;
};

export const VARIANT_KEYS = ['A', 'B', 'C', 'D', 'E'] as const;

export function emptyDraft(): CampaignDraft {
  return {
    name: '',
    channel: 'email',
    audienceKind: 'segment',
    segmentId: '',
    tags: '',
    minOrders: '',
    maxOrders: '',
    variants: [{ key: 'A', templateId: '', weight: '1' }],
    holdoutPercent: '10',
    when: 'now',
    sendAt: '',
    windowOn: false,
    opens: '10:00',
    closes: '20:00',
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of a `datetime-local` input in this browser's zone. */
export function localInputOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function draftOf(c: MessageCampaign): CampaignDraft {
  const base = emptyDraft();
  const f = c.audience.kind === 'filter' ? c.audience.filters : null;
  return {
    ...base,
    name: c.name,
    channel: c.channel === 'whatsapp' ? 'whatsapp' : 'email',
    audienceKind: c.audience.kind,
    segmentId: c.audience.kind === 'segment' ? c.audience.segmentId : '',
    tags: f?.tags?.join(', ') ?? '',
    minOrders: f?.minOrders === undefined ? '' : String(f.minOrders),
    maxOrders: f?.maxOrders === undefined ? '' : String(f.maxOrders),
    variants: c.variants.map((v) => ({ key: v.key, templateId: v.templateId, weight: String(v.weight) })),
    holdoutPercent: String(c.holdoutPercent),
    when: c.sendAt ? 'later' : 'now',
    sendAt: c.sendAt ? localInputOf(c.sendAt) : '',
    windowOn: c.window !== null,
    opens: c.window?.opens ?? base.opens,
    closes: c.window?.closes ?? base.closes,
  };
}

/** A number as typed: the number when it is one, else the text (the API refuses it on its field). */
const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));
const asNumber = (s: string): number => {
  const n = num(s);
  return Number.isFinite(n) ? n : (s as unknown as number);
};

export function filtersOf(d: CampaignDraft): AudienceFilters {
  const tags = d.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    ...(tags.length ? { tags } : {}),
    ...(d.minOrders.trim() ? { minOrders: asNumber(d.minOrders) } : {}),
    ...(d.maxOrders.trim() ? { maxOrders: asNumber(d.maxOrders) } : {}),
  };
}

/** The schedule as an instant, or null for "now" (also while the date-time is not filled in). */
export function sendAtOf(d: CampaignDraft): string | null {
  if (d.when === 'now' || !d.sendAt) return null;
  const at = new Date(d.sendAt);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function inputOf(d: CampaignDraft): MessageCampaignInput {
  return {
    name: d.name,
    audience: d.audienceKind === 'segment' ? { kind: 'segment', segmentId: d.segmentId } : { kind: 'filter', filters: filtersOf(d) },
    variants: d.variants.map((v) => ({ key: v.key, templateId: v.templateId, weight: asNumber(v.weight) })),
    holdoutPercent: asNumber(d.holdoutPercent),
    window: d.windowOn ? { opens: d.opens, closes: d.closes } : null,
    sendAt: sendAtOf(d),
  };
}

/** The next free variant key (A, B, C…), or null when all five are used. */
export function nextVariantKey(variants: VariantDraft[]): string | null {
  return VARIANT_KEYS.find((k) => !variants.some((v) => v.key === k)) ?? null;
}

/** Each variant's share of the senders (after the holdout), in whole per cent, for the weights' help text. */
export function variantShares(variants: VariantDraft[], holdoutPercent: string): number[] {
  const weights = variants.map((v) => Math.max(0, num(v.weight) || 0));
  const total = weights.reduce((a, b) => a + b, 0);
  const holdout = Math.min(50, Math.max(0, num(holdoutPercent) || 0));
  return weights.map((w) => (total ? Math.round(((100 - holdout) * w) / total) : 0));
}
