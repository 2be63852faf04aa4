import { Banner, Page, SkeletonBodyText } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../api.ts';
import { CampaignEditor } from '../components/campaigns/CampaignEditor.tsx';
import { CampaignView } from '../components/campaigns/CampaignView.tsx';

/**
 * Messages › Campaigns › one campaign: the editor while it is a draft (or new, without an id), then
 * a read-only view with its report. Polled while scheduled or sending, so the status moves on.
 */
export function CampaignPage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const id = params.id;
  const campaign = useQuery({
    queryKey: ['message-campaign', id],
    queryFn: () => endpoints.messageCampaign(id!),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data?.status === 'scheduled' || q.state.data?.status === 'sending' ? 5_000 : false),
  });
  if (!id) return <CampaignEditor key="new" campaign={null} />;
  if (campaign.isError)
    return (
      <Page backAction={{ content: t('messages.campaigns.title'), url: '/messages/campaigns' }} title={t('messages.campaigns.title')}>
        <Banner
          tone="critical"
          title={t('errors.loadFailed')}
          action={{ content: t('errors.retry'), onAction: () => void campaign.refetch() }}
        >
          <p>{campaign.error.message}</p>
        </Banner>
      </Page>
    );
  if (!campaign.data)
    return (
      <Page title={t('messages.campaigns.title')}>
        <SkeletonBodyText lines={8} />
      </Page>
    );
  return campaign.data.status === 'draft' ? (
    <CampaignEditor key={id} campaign={campaign.data} />
  ) : (
    <CampaignView key={id} campaign={campaign.data} />
  );
}
