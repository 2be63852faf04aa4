import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, Link, Page, Pagination, SkeletonBodyText, Text } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type MessageCampaign } from '../api.ts';
import { audienceLabel, money, statusTone } from '../components/campaigns/campaignText.ts';
import { formatDate, formatNumber } from '../format.ts';
import { currentLanguage } from '../i18n.ts';

const PAGE = 20;

/** Messages › Campaigns: every campaign, newest first, with the report's figures for sent ones. */
export function CampaignsPage() {
  const { t } = useTranslation();
  // Cursors of the pages before this one (keyset pages: back is the previous cursor).
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const list = useQuery({
    queryKey: ['message-campaigns', after],
    queryFn: () => endpoints.messageCampaigns({ after, first: PAGE }),
    placeholderData: keepPreviousData,
  });
  const segments = useQuery({ queryKey: ['segments'], queryFn: endpoints.segments });
  const campaigns = list.data?.campaigns ?? [];

  return (
    <Page
      backAction={{ content: t('messages.title'), url: '/messages' }}
      title={t('messages.campaigns.title')}
      subtitle={t('messages.campaigns.subtitle')}
      primaryAction={{ content: t('messages.campaigns.create'), url: '/messages/campaigns/new' }}
    >
      <BlockStack gap="400">
        {list.isError && (
          <Banner
            tone="critical"
            title={t('errors.loadFailed')}
            action={{ content: t('errors.retry'), onAction: () => void list.refetch() }}
          >
            <p>{list.error.message}</p>
          </Banner>
        )}
        <Card padding="0">
          {list.isPending ? (
            <div className="rapport-card-heading">
              <SkeletonBodyText lines={4} />
            </div>
          ) : campaigns.length === 0 && after === null ? (
            <Box padding="600">
              <BlockStack gap="300" inlineAlign="center">
                <Text as="h2" variant="headingMd">
                  {t('messages.campaigns.emptyTitle')}
                </Text>
                <Text as="p" tone="subdued" alignment="center">
                  {t('messages.campaigns.empty')}
                </Text>
                <Button variant="primary" url="/messages/campaigns/new">
                  {t('messages.campaigns.create')}
                </Button>
              </BlockStack>
            </Box>
          ) : (
            <div data-testid="message-campaigns">
              <IndexTable
                resourceName={{ singular: t('messages.campaigns.singular'), plural: t('messages.campaigns.plural') }}
                itemCount={campaigns.length}
                selectable={false}
                headings={[
                  { title: t('messages.campaigns.columns.name') },
                  { title: t('messages.campaigns.columns.status') },
                  { title: t('messages.campaigns.columns.channel') },
                  { title: t('messages.campaigns.columns.audience') },
                  { title: t('messages.campaigns.columns.when') },
                  { title: t('messages.campaigns.columns.recipients'), alignment: 'end' },
                  { title: t('messages.campaigns.columns.results') },
                ]}
              >
                {campaigns.map((c, index) => (
                  <IndexTable.Row id={c.id} key={c.id} position={index}>
                    <IndexTable.Cell>
                      <Link url={`/messages/campaigns/${encodeURIComponent(c.id)}`} removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          {c.name}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={statusTone(c.status)}>{t(`messages.campaigns.status.${c.status}`)}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{t(`messages.channel.${c.channel === 'whatsapp' ? 'whatsapp' : 'email'}`)}</IndexTable.Cell>
                    <IndexTable.Cell>{audienceLabel(t, c.audience, segments.data?.segments)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <When campaign={c} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {c.status === 'draft' || c.status === 'scheduled' ? '—' : formatNumber(currentLanguage(), c.counts.recipients)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{c.status === 'sent' || c.status === 'sending' ? <Results id={c.id} /> : '—'}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </div>
          )}
        </Card>
        {(cursors.length > 1 || list.data?.endCursor) && (
          <Pagination
            hasPrevious={cursors.length > 1}
            onPrevious={() => setCursors((c) => c.slice(0, -1))}
            hasNext={Boolean(list.data?.endCursor)}
            onNext={() => setCursors((c) => [...c, list.data?.endCursor ?? null])}
          />
        )}
      </BlockStack>
    </Page>
  );
}

function When({ campaign: c }: { campaign: MessageCampaign }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (c.status === 'sent') return <>{t('messages.campaigns.sentAt', { at: formatDate(lang, c.finishedAt, true) })}</>;
  if (c.status === 'sending') return <>{t('messages.campaigns.startedAt', { at: formatDate(lang, c.startedAt, true) })}</>;
  if (c.sendAt) return <>{formatDate(lang, c.sendAt, true)}</>;
  return <>{c.status === 'scheduled' ? t('messages.campaigns.now') : '—'}</>;
}

/** Delivered, clicked, orders and revenue of a sent campaign: its report, summed over the variants (not the holdout). */
function Results({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const report = useQuery({ queryKey: ['message-campaign-report', id], queryFn: () => endpoints.messageCampaignReport(id) });
  if (!report.data) return <>…</>;
  const sent = report.data.groups.filter((g) => g.group !== 'holdout');
  const sum = (k: 'delivered' | 'clicked' | 'orders' | 'revenueMinor') => sent.reduce((a, g) => a + g[k], 0);
  return (
    <Text as="span" variant="bodySm">
      {t('messages.campaigns.results', {
        delivered: formatNumber(lang, sum('delivered')),
        clicked: formatNumber(lang, sum('clicked')),
        orders: formatNumber(lang, sum('orders')),
        revenue: money(lang, sum('revenueMinor'), report.data.currency),
      })}
    </Text>
  );
}
