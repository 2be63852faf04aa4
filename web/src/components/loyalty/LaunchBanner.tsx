import { Banner, BlockStack, Text } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { useLaunchProgram } from '../../hooks/useLaunchProgram.ts';
import { currentLanguage } from '../../i18n.ts';

/**
 * Says, on Home and on the Loyalty page, that the program is not running (never saved, or saved
 * switched off), what the proposed settings would have earned on the last 30 days of real orders,
 * and launches them in one click. Renders nothing while the program runs.
 */
export function LaunchBanner({ reviewUrl }: { reviewUrl?: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { program, running, launch } = useLaunchProgram();
  const backtest = useQuery({ queryKey: ['program', 'backtest'], queryFn: endpoints.backtest, enabled: Boolean(program.data) && !running });
  if (!program.data) return null;
  if (running) {
    return launch.isSuccess ? <Banner tone="success" title={t('launch.launched')} onDismiss={() => launch.reset()} /> : null;
  }
  const settings = program.data.program?.settings ?? program.data.proposed;
  const rate = settings.earning.rates[0];
  const b = backtest.data;
  return (
    <Banner
      tone="warning"
      title={t(program.data.program ? 'launch.titleOff' : 'launch.title')}
      action={{ content: t('launch.action'), onAction: () => launch.mutate(), loading: launch.isPending }}
      secondaryAction={reviewUrl ? { content: t('launch.review'), url: reviewUrl } : undefined}
    >
      <BlockStack gap="200">
        <p>{t('launch.body')}</p>
        {rate && <p>{t('launch.rule', { count: rate.points, per: formatNumber(lang, Number(rate.per)), currency: rate.currency })}</p>}
        {b && (
          <Text as="p" fontWeight="semibold">
            {b.orders === 0
              ? t('launch.noOrders', { days: formatNumber(lang, b.days) })
              : t('launch.backtest', {
                  days: formatNumber(lang, b.days),
                  points: formatNumber(lang, b.availablePoints + b.pendingPoints),
                  customers: formatNumber(lang, b.customers),
                  orders: formatNumber(lang, b.orders),
                  pending: formatNumber(lang, b.pendingPoints),
                })}
          </Text>
        )}
        {launch.isError && (
          <Text as="p" tone="critical">
            {launch.error.message}
          </Text>
        )}
      </BlockStack>
    </Banner>
  );
}
