import type { TFunction } from 'i18next';
import type { MessageCampaign, MessageCampaignReport, MessageCampaignStatus, Segment } from '../../api.ts';
import { formatMoney, minorToMoney } from '../../format.ts';
import type { Language } from '../../i18n.ts';
import { segmentName } from '../segments/segmentText.ts';

// Words and figures of message campaigns shared by the list, the view and the report.

type Tone = 'info' | 'success' | 'attention' | 'critical' | undefined;

export const statusTone = (s: MessageCampaignStatus): Tone =>
  ({ draft: undefined, scheduled: 'info', sending: 'attention', sent: 'success', cancelled: 'critical' })[s] as Tone;

/** The segment's name, or "Customers tagged vip, 2+ orders" for the customer-list filters. */
export function audienceLabel(t: TFunction, audience: MessageCampaign['audience'], segments: Segment[] | undefined): string {
  if (audience.kind === 'segment') {
    const segment = segments?.find((s) => s.id === audience.segmentId);
    return segment ? segmentName(t, segment) : t('messages.campaigns.audience.segmentMissing');
  }
  const f = audience.filters;
  const parts: string[] = [];
  if (f.tags?.length) parts.push(t('messages.campaigns.audience.tagged', { tags: f.tags.join(', ') }));
  if (f.minOrders !== undefined) parts.push(t('messages.campaigns.audience.minOrders', { count: f.minOrders }));
  if (f.maxOrders !== undefined) parts.push(t('messages.campaigns.audience.maxOrders', { count: f.maxOrders }));
  return parts.length ? parts.join('; ') : t('messages.campaigns.audience.everyone');
}

export const money = (lang: Language, minor: number, currency: string) => formatMoney(lang, minorToMoney(minor, currency));

/** Percentage points with their sign and one decimal: "+3.1", "−0.4". */
function points(lang: Language, fraction: number): string {
  const intl: Record<Language, string> = { en: 'en', ur: 'ur-PK', 'pa-Arab': 'pa-Arab-PK', 'pa-Guru': 'pa-Guru-IN', hi: 'hi-IN' };
  return new Intl.NumberFormat(intl[lang], { signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    Math.round(fraction * 1000) / 10,
  );
}

export type LiftVerdict = 'up' | 'down' | 'notYet';

/** Significant at 95 % when the interval leaves out zero. */
export const liftVerdict = (l: MessageCampaignReport['lift'][number]): LiftVerdict =>
  l.ci95.low > 0 ? 'up' : l.ci95.high < 0 ? 'down' : 'notYet';

/** "+3.1 pts (−0.4 to +6.6), not yet significant", in the admin's language. */
export function liftText(t: TFunction, lang: Language, l: MessageCampaignReport['lift'][number]): string {
  return t(`messages.campaigns.report.lift.${liftVerdict(l)}`, {
    difference: points(lang, l.difference),
    low: points(lang, l.ci95.low),
    high: points(lang, l.ci95.high),
  });
}
