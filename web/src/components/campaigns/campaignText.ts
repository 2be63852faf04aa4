import type { TFunction } from 'i18next';
import type { MessageCampaign, MessageCampaignStatus, Segment } from '../../api.ts';
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
