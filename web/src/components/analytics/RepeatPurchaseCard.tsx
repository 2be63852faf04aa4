import { useTranslation } from 'react-i18next';
import type { RepeatPurchaseReport } from '../../api.ts';
import { formatDecimal, formatNumber, formatPercent } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { Figures } from './Figures.tsx';
import type { Period } from './period.ts';
import { ReportCard } from './ReportCard.tsx';

/** Repeat-purchase rate, purchase frequency and the days between a customer's orders. */
export function RepeatPurchaseCard({ period }: { period: Period }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const days = (n: number | null) => (n === null ? '—' : t('analytics.daysN', { n: formatDecimal(lang, n, 1) }));
  return (
    <ReportCard<RepeatPurchaseReport>
      name="repeat-purchase"
      title={t('analytics.repeat.title')}
      period={period}
      isEmpty={(r) => r.customers === 0}
    >
      {(r) => (
        <Figures
          items={[
            { id: 'repeatPurchaseRate', label: t('analytics.repeat.rate'), value: formatPercent(lang, r.repeatPurchaseRate) },
            { id: 'purchaseFrequency', label: t('analytics.repeat.frequency'), value: formatDecimal(lang, r.purchaseFrequency, 2) },
            { id: 'customers', label: t('analytics.repeat.customers'), value: formatNumber(lang, r.customers) },
            { id: 'repeatCustomers', label: t('analytics.repeat.repeatCustomers'), value: formatNumber(lang, r.repeatCustomers) },
            { id: 'orders', label: t('analytics.repeat.orders'), value: formatNumber(lang, r.orders) },
            { id: 'meanDays', label: t('analytics.repeat.meanDays'), value: days(r.daysBetweenOrders.meanDays) },
            { id: 'medianDays', label: t('analytics.repeat.medianDays'), value: days(r.daysBetweenOrders.medianDays) },
          ]}
        />
      )}
    </ReportCard>
  );
}
