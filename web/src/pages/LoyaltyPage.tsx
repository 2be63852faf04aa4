import { BlockStack, Page } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../api.ts';
import { TabBar } from '../components/TabBar.tsx';
import { CampaignsCard } from '../components/loyalty/CampaignsCard.tsx';
import { LaunchBanner } from '../components/loyalty/LaunchBanner.tsx';
import { ProgramForm } from '../components/loyalty/ProgramForm.tsx';
import { ReferralsCard } from '../components/loyalty/ReferralsCard.tsx';
import { RewardsCard } from '../components/loyalty/RewardsCard.tsx';
import { TiersCard } from '../components/loyalty/TiersCard.tsx';

const tabs = ['program', 'rewards', 'tiers', 'campaigns', 'referrals'] as const;

export function LoyaltyPage() {
  const { t } = useTranslation();
  const [selected, setSelected] = useState(0);
  // The reporting currency: the first earning rate's, for new fixed-amount rewards.
  const program = useQuery({ queryKey: ['program'], queryFn: endpoints.program });
  const currency = (program.data?.program?.settings ?? program.data?.proposed)?.earning.rates[0]?.currency ?? 'USD';
  const tab = tabs[selected] ?? 'program';
  return (
    <Page title={t('loyalty.title')} fullWidth>
      <BlockStack gap="400">
        <LaunchBanner />
        <TabBar
          label={t('loyalty.title')}
          tabs={tabs.map((id) => ({ id: `tab-${id}`, label: t(`loyalty.tabs.${id}`), panelId: `panel-${id}` }))}
          selected={selected}
          onSelect={setSelected}
        />
        {/* Every tab's aria-controls names a panel; only the selected one renders its content. */}
        {tabs.map((id) => (
          <div key={id} id={`panel-${id}`} role="tabpanel" aria-labelledby={`tab-${id}`} hidden={id !== tab}>
            {id === tab && id === 'program' && <ProgramForm />}
            {id === tab && id === 'rewards' && <RewardsCard currency={currency} />}
            {id === tab && id === 'tiers' && <TiersCard />}
            {id === tab && id === 'campaigns' && <CampaignsCard currency={currency} />}
            {id === tab && id === 'referrals' && <ReferralsCard />}
          </div>
        ))}
      </BlockStack>
    </Page>
  );
}
