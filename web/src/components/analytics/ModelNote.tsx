import { Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ClvReport } from '../../api.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** How sure the predictions are and when they were made: they are as of the last fit, whatever the period. */
export function ModelNote({ model }: { model: NonNullable<ClvReport['model']> }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Text as="p" tone="subdued">
      <span data-confidence={model.confidence}>
        {t(`insights.confidence.${model.confidence}`, {
          customers: formatNumber(lang, model.customers),
          date: formatDate(lang, model.fittedAt, true),
        })}
      </span>{' '}
      {t('analytics.predictions.asOfFit')}
    </Text>
  );
}
