import { Banner, BlockStack, Box, Card, Layout, Page } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints } from '../api.ts';
import { customerName } from '../components/customerName.ts';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { TabBar } from '../components/TabBar.tsx';
import { ContactCard } from '../components/profile/ContactCard.tsx';
import { ConsentCard } from '../components/profile/ConsentCard.tsx';
import { IdentitiesCard } from '../components/profile/IdentitiesCard.tsx';
import { LoyaltyCard } from '../components/profile/LoyaltyCard.tsx';
import { PointsLedger } from '../components/profile/PointsCard.tsx';
import { RedemptionsCard } from '../components/profile/RedemptionsCard.tsx';
import { TagsNotesCard } from '../components/profile/TagsNotesCard.tsx';
import { InsightsCard } from '../components/profile/InsightsCard.tsx';
import { OrdersCard } from '../components/profile/OrdersCard.tsx';
import { StatsCard } from '../components/profile/StatsCard.tsx';
import { TimelineCard } from '../components/profile/TimelineCard.tsx';
import { downloadCustomerExport, EraseCustomerModal } from '../components/profile/PrivacyActions.tsx';

export function CustomerProfilePage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const id = params.id ?? '';
  const profile = useQuery({ queryKey: ['customer', id], queryFn: () => endpoints.customer(id) });
  const back = { content: t('customers.title'), url: '/customers' };
  const [tab, setTab] = useState(0);
  const [erasing, setErasing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  if (profile.isPending) return <PageSkeleton />;
  if (profile.isError) {
    const missing = profile.error instanceof ApiError && profile.error.status === 404;
    return (
      <Page backAction={back} title={t('profile.title')}>
        <Banner tone="critical" title={missing ? t('profile.notFound') : t('errors.loadFailed')}>
          <p>{profile.error.message}</p>
        </Banner>
      </Page>
    );
  }
  const c = profile.data;
  return (
    <Page
      backAction={back}
      title={customerName(c) ?? t('customers.unnamed')}
      fullWidth
      secondaryActions={[
        {
          content: t('privacy.export'),
          loading: exporting,
          onAction: () => {
            setExporting(true);
            setNotice(null);
            downloadCustomerExport(c.id)
              .catch((err: unknown) => setNotice(t('privacy.exportFailed', { reason: err instanceof Error ? err.message : String(err) })))
              .finally(() => setExporting(false));
          },
        },
        { content: t('privacy.erase'), destructive: true, disabled: c.redacted, onAction: () => setErasing(true) },
      ]}
    >
      {erasing && <EraseCustomerModal customerId={c.id} onClose={() => setErasing(false)} />}
      <Layout>
        {notice && (
          <Layout.Section>
            <Banner tone="critical" onDismiss={() => setNotice(null)}>
              <p>{notice}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <StatsCard customer={c} />
            <LoyaltyCard customer={c} />
            <BlockStack gap="200">
              <TabBar
                label={t('profile.history')}
                tabs={[
                  { id: 'timeline', label: t('timeline.title'), panelId: 'panel-timeline' },
                  { id: 'points', label: t('ledger.title'), panelId: 'panel-points' },
                ]}
                selected={tab}
                onSelect={setTab}
              />
              {/* Both panels exist (each tab's aria-controls points at one); the ledger loads when first shown. */}
              <div id="panel-timeline" role="tabpanel" aria-labelledby="timeline" hidden={tab !== 0}>
                <TimelineCard customerId={c.id} firstPage={c.timeline} />
              </div>
              <div id="panel-points" role="tabpanel" aria-labelledby="points" hidden={tab !== 1}>
                {tab === 1 && (
                  <Card>
                    <Box>
                      <PointsLedger customerId={c.id} />
                    </Box>
                  </Card>
                )}
              </div>
            </BlockStack>
            <OrdersCard orders={c.orders} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ContactCard customer={c} />
            <ConsentCard customer={c} />
            <InsightsCard insights={c.insights} />
            <TagsNotesCard customer={c} />
            <RedemptionsCard customerId={c.id} />
            <IdentitiesCard customer={c} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
