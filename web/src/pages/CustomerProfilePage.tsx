import { Banner, BlockStack, Layout, Page } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints } from '../api.ts';
import { customerName } from '../components/customerName.ts';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { ContactCard } from '../components/profile/ContactCard.tsx';
import { IdentitiesCard } from '../components/profile/IdentitiesCard.tsx';
import { OrdersCard } from '../components/profile/OrdersCard.tsx';
import { StatsCard } from '../components/profile/StatsCard.tsx';
import { TimelineCard } from '../components/profile/TimelineCard.tsx';

export function CustomerProfilePage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const id = params.id ?? '';
  const profile = useQuery({ queryKey: ['customer', id], queryFn: () => endpoints.customer(id) });
  const back = { content: t('customers.title'), url: '/customers' };

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
    <Page backAction={back} title={customerName(c) ?? t('customers.unnamed')} fullWidth>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <StatsCard customer={c} />
            <OrdersCard orders={c.orders} />
            <TimelineCard customerId={c.id} firstPage={c.timeline} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ContactCard customer={c} />
            <IdentitiesCard customer={c} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
