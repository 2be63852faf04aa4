import { Banner, BlockStack, Button } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type ReportName } from '../../api.ts';
import { downloadJson } from '../profile/PrivacyActions.tsx';
import type { Period } from './period.ts';

/**
 * Downloads a report's CSV for the period. Fetched with the session's bearer token (embedded mode
 * has no cookie) and saved from a blob, as the customers export does.
 */
export function CsvButton({
  name,
  period,
  params,
  what,
}: {
  name: ReportName;
  period: Period | null;
  params?: Record<string, string>;
  what: string;
}) {
  const { t } = useTranslation();
  const [downloading, setDownloading] = useState(false);
  const [failed, setFailed] = useState(false);
  const download = () => {
    setDownloading(true);
    setFailed(false);
    downloadJson(endpoints.reportCsvUrl(name, period?.from, period?.to, params), `${name}.csv`)
      .catch(() => setFailed(true))
      .finally(() => setDownloading(false));
  };
  return (
    <BlockStack gap="200" inlineAlign="end">
      {/* The name says which report, and starts with the visible words (WCAG 2.5.3, label in name). */}
      <Button onClick={download} loading={downloading} accessibilityLabel={`${t('analytics.downloadCsv')} – ${what}`}>
        {t('analytics.downloadCsv')}
      </Button>
      {failed && (
        <Banner tone="critical" onDismiss={() => setFailed(false)}>
          <p>{t('analytics.downloadFailed')}</p>
        </Banner>
      )}
    </BlockStack>
  );
}
