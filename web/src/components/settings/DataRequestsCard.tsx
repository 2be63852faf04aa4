import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type DataRequest } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { downloadJson } from '../profile/PrivacyActions.tsx';

/** The stores' customer data requests: download each export to hand over, then mark it handed over. */
export function DataRequestsCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const requests = useQuery({ queryKey: ['data-requests'], queryFn: endpoints.dataRequests });
  const [failed, setFailed] = useState(false);
  const fulfil = useMutation({
    mutationFn: (id: string) => endpoints.fulfilDataRequest(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['data-requests'] }),
  });
  const who = (r: DataRequest) =>
    r.customer.email ?? r.customer.phone ?? t('dataRequests.unknownCustomer', { id: r.customer.externalId ?? r.externalRequestId ?? r.id });
  const download = (r: DataRequest) => {
    setFailed(false);
    downloadJson(endpoints.dataRequestExportUrl(r.id), `data-request-${r.id}.json`).catch(() => setFailed(true));
  };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('dataRequests.title')}
        </Text>
        {failed && (
          <Banner tone="critical" onDismiss={() => setFailed(false)}>
            <p>{t('dataRequests.failed')}</p>
          </Banner>
        )}
        {requests.isPending && <SkeletonBodyText lines={2} />}
        {requests.isError && (
          <Banner tone="critical" title={t('errors.loadFailed')}>
            <p>{requests.error.message}</p>
          </Banner>
        )}
        {requests.data?.dataRequests.length === 0 && (
          <Text as="p" tone="subdued">
            {t('dataRequests.empty')}
          </Text>
        )}
        {requests.data && requests.data.dataRequests.length > 0 && (
          <ul className="rapport-plain-list" aria-label={t('dataRequests.title')}>
            {requests.data.dataRequests.map((r) => (
              <li key={r.id}>
                <Box paddingBlock="200">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">
                        <bdi>{who(r)}</bdi>
                      </Text>
                      <Text as="span" tone="subdued">
                        {t('dataRequests.asked', {
                          who: t('dataRequests.profiles', { count: r.profilesFound }),
                          date: formatDate(lang, r.createdAt),
                          store: r.store,
                        })}
                      </Text>
                      {r.fulfilledAt ? (
                        <Badge tone="success">{t('dataRequests.handedOver', { date: formatDate(lang, r.fulfilledAt) })}</Badge>
                      ) : (
                        <Badge tone="attention">{t('dataRequests.pending')}</Badge>
                      )}
                    </BlockStack>
                    <InlineStack gap="200">
                      <Button onClick={() => download(r)} accessibilityLabel={t('dataRequests.downloadNamed', { name: who(r) })}>
                        {t('dataRequests.download')}
                      </Button>
                      {!r.fulfilledAt && (
                        <Button variant="plain" loading={fulfil.isPending && fulfil.variables === r.id} onClick={() => fulfil.mutate(r.id)}>
                          {t('dataRequests.markDone')}
                        </Button>
                      )}
                    </InlineStack>
                  </InlineStack>
                </Box>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
    </Card>
  );
}
