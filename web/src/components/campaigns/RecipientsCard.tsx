import { Badge, BlockStack, Box, Card, IndexTable, Pagination, Select, Text } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type MessageCampaign } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

const PAGE = 25;

/** Who the campaign reached and how, a page at a time, optionally one group. */
export function RecipientsCard({ campaign }: { campaign: MessageCampaign }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [group, setGroup] = useState('');
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    queryKey: ['message-campaign-recipients', campaign.id, group, after, campaign.status],
    queryFn: () => endpoints.messageCampaignRecipients(campaign.id, { group: group || undefined, after, first: PAGE }),
    placeholderData: keepPreviousData,
  });
  const rows = page.data?.recipients ?? [];
  const several = campaign.variants.length > 1;
  const groupName = (g: string | null) =>
    g === null
      ? '—'
      : g === 'holdout'
        ? t('messages.campaigns.report.holdout')
        : several
          ? t('messages.campaigns.report.variant', { key: g })
          : t('messages.campaigns.report.sent');
  const status = (r: (typeof rows)[number]) =>
    r.outcome === 'holdout'
      ? t('messages.campaigns.recipients.holdout')
      : r.outcome === 'skipped'
        ? t('messages.campaigns.recipients.skipped', {
            reason: t(`messages.campaigns.recipients.reasons.${r.reason ?? 'other'}`, { defaultValue: r.reason ?? '' }),
          })
        : r.messageStatus
          ? t(`messages.status.${r.messageStatus}`, { defaultValue: r.messageStatus })
          : t('messages.status.queued');

  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t('messages.campaigns.recipients.title')}
          </Text>
          <div style={{ maxWidth: 240 }}>
            <Select
              label={t('messages.campaigns.recipients.group')}
              options={[
                { label: t('messages.campaigns.recipients.allGroups'), value: '' },
                ...campaign.variants.map((v) => ({ label: groupName(v.key), value: v.key })),
                { label: t('messages.campaigns.report.holdout'), value: 'holdout' },
              ]}
              value={group}
              onChange={(g) => {
                setGroup(g);
                setCursors([null]);
              }}
            />
          </div>
        </BlockStack>
      </Box>
      <div data-testid="campaign-recipients">
        <IndexTable
          resourceName={{ singular: t('messages.campaigns.recipients.singular'), plural: t('messages.campaigns.recipients.plural') }}
          itemCount={rows.length}
          selectable={false}
          loading={page.isFetching}
          headings={[
            { title: t('messages.campaigns.recipients.customer') },
            { title: t('messages.campaigns.report.group') },
            { title: t('messages.campaigns.recipients.status') },
            { title: t('messages.campaigns.recipients.sendAt') },
          ]}
          emptyState={
            <Box padding="400">
              <Text as="p" tone="subdued">
                {t('messages.campaigns.recipients.empty')}
              </Text>
            </Box>
          }
        >
          {rows.map((r, i) => (
            <IndexTable.Row id={r.customerId} key={r.customerId} position={i}>
              <IndexTable.Cell>{r.name ?? r.email ?? r.customerId}</IndexTable.Cell>
              <IndexTable.Cell>{groupName(r.group)}</IndexTable.Cell>
              <IndexTable.Cell>
                <Badge
                  tone={
                    r.outcome === 'skipped'
                      ? 'warning'
                      : r.messageStatus === 'sent' || r.messageStatus === 'delivered'
                        ? 'success'
                        : undefined
                  }
                >
                  {status(r)}
                </Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>{formatDate(lang, r.sendAt, true)}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </div>
      {(cursors.length > 1 || page.data?.endCursor) && (
        <Box padding="300">
          <Pagination
            hasPrevious={cursors.length > 1}
            onPrevious={() => setCursors((c) => c.slice(0, -1))}
            hasNext={Boolean(page.data?.endCursor)}
            onNext={() => setCursors((c) => [...c, page.data?.endCursor ?? null])}
          />
        </Box>
      )}
    </Card>
  );
}
