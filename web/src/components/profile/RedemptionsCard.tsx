import { Badge, Banner, BlockStack, Button, Card, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** Reward codes issued to the member; an issued, unused code can be cancelled (points return). */
export function RedemptionsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['redemptions', customerId], queryFn: () => endpoints.redemptions(customerId) });
  const cancel = useMutation({
    mutationFn: endpoints.cancelRedemption,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['redemptions', customerId] });
      void qc.invalidateQueries({ queryKey: ['customer', customerId] });
      void qc.invalidateQueries({ queryKey: ['points', customerId] });
    },
  });
  const rows = list.data?.redemptions ?? [];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('redemptions.title')}
        </Text>
        {cancel.isError && (
          <Banner tone="critical">
            <p>{cancel.error.message}</p>
          </Banner>
        )}
        {list.isPending ? (
          <SkeletonBodyText lines={2} />
        ) : rows.length === 0 ? (
          <Text as="p" tone="subdued">
            {t('redemptions.empty')}
          </Text>
        ) : (
          <ul className="rapport-plain-list">
            {rows.map((r) => (
              <li key={r.id}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="050">
                    <Text as="p" fontWeight="semibold">
                      {r.reward.name}
                    </Text>
                    <Text as="p" tone="subdued" variant="bodySm">
                      <bdi dir="ltr">{r.code}</bdi> · {t('loyaltyCard.pointsN', { n: formatNumber(lang, r.points) })} ·{' '}
                      {formatDate(lang, r.createdAt)}
                    </Text>
                  </BlockStack>
                  <InlineStack gap="200" blockAlign="center">
                    <Badge>{t(`redemptions.status.${r.status}`, { defaultValue: r.status })}</Badge>
                    {r.status === 'issued' && (
                      <Button
                        size="slim"
                        tone="critical"
                        loading={cancel.isPending && cancel.variables === r.id}
                        onClick={() => cancel.mutate(r.id)}
                        accessibilityLabel={t('redemptions.cancelCode', { code: r.code })}
                      >
                        {t('redemptions.cancel')}
                      </Button>
                    )}
                  </InlineStack>
                </InlineStack>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
    </Card>
  );
}
