import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, ProgressBar, Text } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile } from '../../api.ts';
import { formatMoney, formatNumber, minorToMoney } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { AdjustPointsModal } from './AdjustPointsModal.tsx';

/** Balance, pending points, tier with progress to the next one, referral code, lifetime earned. */
export function LoyaltyCard({ customer }: { customer: CustomerProfile }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [adjusting, setAdjusting] = useState(false);
  const l = customer.loyalty;
  const p = l.tierProgress;
  // Progress is in points earned, or minor units of the account currency when tiers go by spend.
  const metric = (n: number) =>
    p.metric === 'amount_spent'
      ? formatMoney(lang, minorToMoney(n, customer.amountSpent.currencyCode))
      : t('loyaltyCard.pointsN', { n: formatNumber(lang, n) });
  const progress = p.nextTier ? Math.min(100, Math.round((p.current / Math.max(1, p.nextTier.threshold)) * 100)) : 100;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('loyaltyCard.title')}
          </Text>
          <Button onClick={() => setAdjusting(true)}>{t('loyaltyCard.adjust')}</Button>
        </InlineStack>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          <Figure id="balance" label={t('loyaltyCard.balance')} value={formatNumber(lang, l.balance)} />
          <Figure id="pending" label={t('loyaltyCard.pending')} value={formatNumber(lang, l.pending)} />
          <Figure id="lifetime" label={t('loyaltyCard.lifetime')} value={formatNumber(lang, l.lifetimeEarned)} />
          <Figure id="referral" label={t('loyaltyCard.referralCode')} value={l.referralCode ?? '—'} />
        </InlineGrid>
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <Text as="span" tone="subdued">
              {t('loyaltyCard.tier')}
            </Text>
            {l.tier ? <Badge tone="info">{l.tier.name}</Badge> : <Text as="span">{t('loyaltyCard.noTier')}</Text>}
          </InlineStack>
          <ProgressBar progress={progress} size="small" ariaLabelledBy="rapport-tier-progress" />
          <Text as="p" tone="subdued" variant="bodySm" id="rapport-tier-progress">
            {p.nextTier
              ? t('loyaltyCard.toNext', { remaining: metric(p.remaining), tier: p.nextTier.name })
              : t('loyaltyCard.topTier', { current: metric(p.current) })}
          </Text>
        </BlockStack>
      </BlockStack>
      {adjusting && <AdjustPointsModal customerId={customer.id} onClose={() => setAdjusting(false)} />}
    </Card>
  );
}

function Figure({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="p" variant="headingLg" numeric>
        <span data-testid={`loyalty-${id}`}>{value}</span>
      </Text>
    </BlockStack>
  );
}
