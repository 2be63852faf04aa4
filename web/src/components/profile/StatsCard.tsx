import { BlockStack, Card, InlineGrid, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile } from '../../api.ts';
import { formatDate, formatMoney, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** Orders, spend (net of refunds, in the reporting currency), average order value, first/last order. */
export function StatsCard({ customer }: { customer: CustomerProfile }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const others = customer.amountSpentByCurrency.filter((m) => m.currencyCode !== customer.amountSpent.currencyCode);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('profile.stats')}
        </Text>
        <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
          <Stat id="orders" label={t('profile.orders')} value={formatNumber(lang, customer.numberOfOrders)} />
          <Stat id="spent" label={t('profile.amountSpent')} value={formatMoney(lang, customer.amountSpent)} />
          <Stat
            id="aov"
            label={t('profile.averageOrder')}
            value={customer.averageOrderValue ? formatMoney(lang, customer.averageOrderValue) : '—'}
          />
          <Stat id="first" label={t('profile.firstOrder')} value={formatDate(lang, customer.firstOrderAt)} />
          <Stat id="last" label={t('profile.lastOrder')} value={formatDate(lang, customer.lastOrderAt)} />
        </InlineGrid>
        {others.length > 0 && (
          <Text as="p" tone="subdued">
            {t('profile.otherCurrencies', {
              list: others
                .map(
                  (m) =>
                    `${formatMoney(lang, m)} (${t('profile.orderCount', { count: m.numberOfOrders, n: formatNumber(lang, m.numberOfOrders) })})`,
                )
                .join(' · '),
            })}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function Stat({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="p" variant="headingLg" numeric>
        <span data-testid={`stat-${id}`}>{value}</span>
      </Text>
    </BlockStack>
  );
}
