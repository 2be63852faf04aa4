import { Banner, BlockStack, Button, Card, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type ReportName } from '../../api.ts';
import { downloadJson } from '../profile/PrivacyActions.tsx';
import type { Period } from './period.ts';

/**
 * One report of the Analytics page: its own request (a slow report never holds up the others),
 * a CSV download of the same period, and the loading, error and empty states.
 */
export function ReportCard<T>({
  name,
  title,
  period,
  isEmpty,
  children,
}: {
  name: ReportName;
  title: string;
  period: Period;
  isEmpty: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const report = useQuery({
    queryKey: ['report', name, period.from, period.to],
    queryFn: () => endpoints.report<T>(name, period.from, period.to),
    placeholderData: keepPreviousData,
  });
  const [downloading, setDownloading] = useState(false);
  const [downloadFailed, setDownloadFailed] = useState(false);
  // The CSV goes through fetch with the session's bearer token (embedded mode has no cookie), then a blob.
  const download = () => {
    setDownloading(true);
    setDownloadFailed(false);
    downloadJson(endpoints.reportCsvUrl(name, period.from, period.to), `${name}.csv`)
      .catch(() => setDownloadFailed(true))
      .finally(() => setDownloading(false));
  };
  const headingId = `report-${name}`;
  return (
    <section aria-labelledby={headingId}>
      <Card>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="h2" variant="headingMd" id={headingId}>
              {title}
            </Text>
            {/* The name says which report, and starts with the visible words (WCAG 2.5.3, label in name). */}
            <Button onClick={download} loading={downloading} accessibilityLabel={`${t('analytics.downloadCsv')} – ${title}`}>
              {t('analytics.downloadCsv')}
            </Button>
          </InlineStack>
          {downloadFailed && (
            <Banner tone="critical" onDismiss={() => setDownloadFailed(false)}>
              <p>{t('analytics.downloadFailed')}</p>
            </Banner>
          )}
          {report.isError ? (
            <Banner
              tone="critical"
              title={t('errors.loadFailed')}
              action={{ content: t('errors.retry'), onAction: () => void report.refetch() }}
            >
              <p>{report.error.message}</p>
            </Banner>
          ) : !report.data ? (
            <SkeletonBodyText lines={5} />
          ) : isEmpty(report.data) ? (
            <Text as="p" tone="subdued">
              {t('analytics.empty')}
            </Text>
          ) : (
            <div aria-busy={report.isFetching} className={report.isPlaceholderData ? 'rapport-stale' : undefined}>
              {children(report.data)}
            </div>
          )}
        </BlockStack>
      </Card>
    </section>
  );
}
