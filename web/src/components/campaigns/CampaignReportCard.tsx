import { Banner, BlockStack, Card, DataTable, List, SkeletonBodyText, Text } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints, type MessageCampaign, type MessageCampaignReport } from '../../api.ts';
import { formatDate, formatNumber, formatPercent } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { money } from './campaignText.ts';
import { liftText } from './lift.ts';

/** Figures per group (each variant and the holdout), lift against the holdout in a merchant's words. */
export function CampaignReportCard({ campaign }: { campaign: MessageCampaign }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const live = campaign.status === 'scheduled' || campaign.status === 'sending';
  const report = useQuery({
    queryKey: ['message-campaign-report', campaign.id],
    queryFn: () => endpoints.messageCampaignReport(campaign.id),
    refetchInterval: live ? 5_000 : false,
  });
  const settings = useQuery({ queryKey: ['messaging-settings'], queryFn: endpoints.messagingSettings });
  const pixelOff = campaign.channel === 'email' && settings.data?.openTracking === false;
  const r = report.data;
  const n = (v: number) => formatNumber(lang, v);
  const several = campaign.variants.length > 1;
  const groupName = (g: string) =>
    g === 'holdout'
      ? t('messages.campaigns.report.holdout')
      : g === 'all' || !several
        ? t('messages.campaigns.report.sent')
        : t('messages.campaigns.report.variant', { key: g });

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('messages.campaigns.report.title')}
        </Text>
        {report.isError ? (
          <Banner
            tone="critical"
            title={t('errors.loadFailed')}
            action={{ content: t('errors.retry'), onAction: () => void report.refetch() }}
          >
            <p>{report.error.message}</p>
          </Banner>
        ) : !r ? (
          <SkeletonBodyText lines={5} />
        ) : (
          <BlockStack gap="300">
            {r.attribution && (
              <Text as="p" tone="subdued">
                {t('messages.campaigns.report.window', {
                  count: r.attribution.days,
                  days: n(r.attribution.days),
                  from: formatDate(lang, r.attribution.from, true),
                  to: formatDate(lang, r.attribution.to, true),
                })}
              </Text>
            )}
            <div data-testid="campaign-report">
              <DataTable
                columnContentTypes={[
                  'text',
                  'numeric',
                  'numeric',
                  'numeric',
                  'numeric',
                  'numeric',
                  'numeric',
                  'numeric',
                  'numeric',
                  'numeric',
                ]}
                headings={[
                  t('messages.campaigns.report.group'),
                  t('messages.campaigns.report.recipients'),
                  t('messages.campaigns.report.sentCount'),
                  t('messages.campaigns.report.delivered'),
                  t('messages.campaigns.report.opens'),
                  t('messages.campaigns.report.clicks'),
                  t('messages.campaigns.report.unsubscribes'),
                  t('messages.campaigns.report.orders'),
                  t('messages.campaigns.report.revenue'),
                  t('messages.campaigns.report.conversion'),
                ]}
                rows={r.groups.map((g) => [
                  groupName(g.group),
                  n(g.recipients),
                  g.group === 'holdout' ? '—' : n(g.sent),
                  g.group === 'holdout' ? '—' : n(g.delivered),
                  g.group === 'holdout' || pixelOff ? '—' : n(g.opened),
                  g.group === 'holdout' ? '—' : n(g.clicked),
                  g.group === 'holdout' ? '—' : n(g.unsubscribed),
                  n(g.orders),
                  money(lang, g.revenueMinor, r.currency),
                  formatPercent(lang, g.conversionRate),
                ])}
              />
            </div>
            {pixelOff && (
              <Text as="p" tone="subdued">
                {t('messages.campaigns.report.pixelOff')}
              </Text>
            )}
            <Lift report={r} groupName={groupName} />
            {r.unassigned > 0 && (
              <Text as="p" tone="subdued">
                {t('messages.campaigns.report.unassigned', { count: r.unassigned, n: n(r.unassigned) })}
              </Text>
            )}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

function Lift({ report, groupName }: { report: MessageCampaignReport; groupName: (g: string) => string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (report.lift.length === 0)
    return (
      <Text as="p" tone="subdued">
        {t('messages.campaigns.report.noLift')}
      </Text>
    );
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm">
        {t('messages.campaigns.report.liftTitle')}
      </Text>
      <div data-testid="campaign-lift">
        <List>
          {report.lift.map((l) => (
            <List.Item key={l.group}>
              {t('messages.campaigns.report.liftLine', {
                group: groupName(l.group),
                lift: liftText(t, lang, l),
                revenue: money(lang, l.revenuePerRecipientDifferenceMinor, report.currency),
              })}
            </List.Item>
          ))}
        </List>
      </div>
    </BlockStack>
  );
}
