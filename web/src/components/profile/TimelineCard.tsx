import { Banner, BlockStack, Button, Card, InlineStack, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent, TimelinePage } from '../../api.ts';
import { formatDate, formatMoney, formatSigned, isolate, minorToMoney } from '../../format.ts';
import { useTimeline } from '../../hooks/useTimeline.ts';
import { currentLanguage, type Language } from '../../i18n.ts';

// The kinds the CRM writes (src/crm/orders/orders.service.ts, customers/customers.service.ts,
// crm/messaging, crm/cod).
const kinds = [
  'order_placed',
  'order_paid',
  'order_fulfilled',
  'order_delivered',
  'order_cancelled',
  'order_refunded',
  'customer_created',
  'identity_linked',
  'customer_merged',
  'points',
  'note_added',
  'data_erased',
  'consent_changed',
  'message_sent',
  'message_suppressed',
  'message_failed',
  'message_bounced',
  'message_complained',
  'message_received',
  'cod_confirmation_asked',
  'cod_confirmation_reminded',
  'cod_confirmed',
  'cod_cancelled',
  'cod_no_answer',
] as const;

export function TimelineCard({ customerId, firstPage }: { customerId: string; firstPage: TimelinePage }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [kind, setKind] = useState('');
  const timeline = useTimeline(customerId, kind, firstPage);
  const events = timeline.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {t('timeline.title')}
          </Text>
          <Select
            label={t('timeline.filter')}
            labelInline
            options={[{ label: t('timeline.all'), value: '' }, ...kinds.map((k) => ({ label: t(`timeline.kinds.${k}`), value: k }))]}
            value={kind}
            onChange={setKind}
          />
        </InlineStack>
        {timeline.isError && (
          <Banner tone="critical" title={t('errors.loadFailed')}>
            <p>{timeline.error.message}</p>
          </Banner>
        )}
        {timeline.isPending ? (
          <SkeletonBodyText lines={4} />
        ) : events.length === 0 ? (
          <Text as="p" tone="subdued">
            {t('timeline.empty')}
          </Text>
        ) : (
          <ol className="rapport-timeline">
            {events.map((e) => (
              <li key={e.id}>
                <Text as="p">{describe(e, t, lang)}</Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {formatDate(lang, e.occurredAt, true)}
                </Text>
              </li>
            ))}
          </ol>
        )}
        {timeline.hasNextPage && (
          <InlineStack>
            <Button onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
              {t('timeline.loadMore')}
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function describe(e: TimelineEvent, t: T, lang: Language): string {
  const d = e.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const money = (minor: unknown) =>
    typeof minor === 'number' && typeof d.currency === 'string' ? formatMoney(lang, minorToMoney(minor, d.currency)) : '';
  const reason = str(d.reason) ? t(`profile.reason.${str(d.reason).replace(/\s+/g, '_')}`, { defaultValue: str(d.reason) }) : '';
  if (e.kind === 'points') {
    const n = typeof d.points === 'number' ? d.points : 0;
    return t('timeline.text.points', {
      points: formatSigned(lang, n),
      // A campaign's entry names the campaign ("Eid double points (×2): 120 extra points.").
      reason: d.reason === 'campaign' && str(d.note) ? str(d.note) : t(`ledger.reasons.${str(d.reason)}`, { defaultValue: str(d.reason) }),
    });
  }
  const text = t(`timeline.text.${e.kind}`, {
    defaultValue: e.kind,
    order: str(d.name),
    total: money(d.total),
    amount: money(d.amount),
    store: str(d.store),
    reason,
    excerpt: str(d.excerpt),
    // What the shopper wrote (message_received), and the order a COD confirmation is about.
    body: str(d.body),
    codOrder: str(d.order),
    subject: str(d.subject),
    status: str(d.status),
    channel: str(d.channel) ? t(`messages.channel.${str(d.channel)}`, { defaultValue: str(d.channel) }) : '',
    state: str(d.to) ? t(`consent.state.${str(d.to)}`, { defaultValue: str(d.to) }) : '',
  });
  return str(d.authorName) ? `${text} · ${t('common.by', { name: isolate(str(d.authorName)) })}` : text;
}
