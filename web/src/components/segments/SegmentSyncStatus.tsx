import { Banner, InlineStack, Spinner, Text } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints, type Segment } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** How far a mirrored segment has got at the stores: tagged store customers of those it should reach, and what waits or failed. */
export function SegmentSyncStatus({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const status = useQuery({
    queryKey: ['segment-sync', segment.id],
    queryFn: () => endpoints.segmentSync(segment.id),
    enabled: segment.syncTag !== null,
    // The job writes every minute: follow it while the page is open.
    refetchInterval: 30_000,
  });
  if (!segment.syncTag) return null;
  if (!status.data)
    return status.isError ? null : (
      <InlineStack gap="200">
        <Spinner size="small" accessibilityLabel={t('segments.sync.loading')} />
      </InlineStack>
    );
  const s = status.data;
  return (
    <div data-testid="segment-sync-status">
      <Banner tone={s.failing > 0 ? 'warning' : s.pending > 0 || s.pushed < s.storeCustomers ? 'info' : 'success'}>
        <Text as="p">
          {t('segments.sync.status', {
            tag: s.syncTag,
            pushed: formatNumber(lang, s.pushed),
            total: formatNumber(lang, s.storeCustomers),
          })}
        </Text>
        {s.pending > 0 && s.failing === 0 && <Text as="p">{t('segments.sync.pending', { n: formatNumber(lang, s.pending) })}</Text>}
        {s.failing > 0 && (
          <Text as="p">
            {t('segments.sync.failing', { n: formatNumber(lang, s.failing) })} <span dir="auto">{s.lastError}</span>
          </Text>
        )}
      </Banner>
    </div>
  );
}
