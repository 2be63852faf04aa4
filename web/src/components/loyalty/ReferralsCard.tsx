import { Badge, Banner, BlockStack, Button, Card, InlineStack, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

const statuses = ['pending', 'completed', 'blocked', 'approved', 'rejected'] as const;

/** Referrals, newest first; blocked ones show the rule they broke and can be approved or rejected. */
export function ReferralsCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const [status, setStatus] = useState('');
  const list = useQuery({ queryKey: ['referrals', status], queryFn: () => endpoints.referrals(status || undefined) });
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: 'approve' | 'reject' }) => endpoints.decideReferral(v.id, v.decision),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['referrals'] }),
  });
  const rows = list.data?.referrals ?? [];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('referrals.title')}
          </Text>
          <Select
            label={t('referrals.show')}
            labelInline
            value={status}
            onChange={setStatus}
            options={[{ label: t('referrals.all'), value: '' }, ...statuses.map((s) => ({ label: t(`referrals.status.${s}`), value: s }))]}
          />
        </InlineStack>
        {decide.isError && (
          <Banner tone="critical">
            <p>{decide.error.message}</p>
          </Banner>
        )}
        {list.isPending ? (
          <SkeletonBodyText lines={3} />
        ) : rows.length === 0 ? (
          <Text as="p" tone="subdued">
            {t('referrals.empty')}
          </Text>
        ) : (
          <ul className="rapport-plain-list">
            {rows.map((r) => (
              <li key={r.id}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="050">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="p" fontWeight="semibold">
                        <bdi dir="ltr">{r.friendEmail ?? r.friendPhone ?? r.friendId ?? '—'}</bdi>
                      </Text>
                      <Badge tone={r.status === 'blocked' ? 'warning' : r.status === 'rejected' ? 'critical' : undefined}>
                        {t(`referrals.status.${r.status}`, { defaultValue: r.status })}
                      </Badge>
                    </InlineStack>
                    {r.block && (
                      <Text as="p" tone="subdued" variant="bodySm">
                        {t(`referrals.block.${r.block.code}`, { defaultValue: r.block.message })}
                      </Text>
                    )}
                    <Text as="p" tone="subdued" variant="bodySm">
                      {formatDate(lang, r.createdAt)}
                    </Text>
                  </BlockStack>
                  {r.status === 'blocked' && (
                    <InlineStack gap="200">
                      <Button size="slim" onClick={() => decide.mutate({ id: r.id, decision: 'approve' })}>
                        {t('referrals.approve')}
                      </Button>
                      <Button size="slim" tone="critical" onClick={() => decide.mutate({ id: r.id, decision: 'reject' })}>
                        {t('referrals.reject')}
                      </Button>
                    </InlineStack>
                  )}
                </InlineStack>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
    </Card>
  );
}
