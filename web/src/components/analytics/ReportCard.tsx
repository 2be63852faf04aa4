import { Banner, BlockStack, Card, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type ReportName } from '../../api.ts';
import { CsvButton } from './CsvButton.tsx';
import type { Period } from './period.ts';

/**
 * One report of the Analytics page: its own request (a slow report never holds up the others),
 * a CSV download of the same period, and the loading, error and empty states. `period` null: a
 * report as of the last insights fit (predictions), asked for without one.
 */
export function ReportCard<T>({
  name,
  title,
  period,
  isEmpty,
  emptyText,
  csvParams = {},
  children,
}: {
  name: ReportName;
  title: string;
  period: Period | null;
  isEmpty: (data: T) => boolean;
  /** What the empty state says (default: no orders in the period). */
  emptyText?: string | ((data: T) => string);
  /** The CSV's own query (e.g. cod's `by`); null when the card offers a CSV per list instead. */
  csvParams?: Record<string, string> | null;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const report = useQuery({
    queryKey: ['report', name, period?.from, period?.to],
    queryFn: () => endpoints.report<T>(name, period?.from, period?.to),
    placeholderData: keepPreviousData,
  });
  const headingId = `report-${name}`;
  return (
    <section aria-labelledby={headingId}>
      <Card>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="h2" variant="headingMd" id={headingId}>
              {title}
            </Text>
            {csvParams && <CsvButton name={name} period={period} params={csvParams} what={title} />}
          </InlineStack>
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
              {typeof emptyText === 'function' ? emptyText(report.data) : (emptyText ?? t('analytics.empty'))}
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
