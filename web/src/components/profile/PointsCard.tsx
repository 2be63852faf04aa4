import { Badge, Banner, BlockStack, Button, DataTable, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints, type LedgerEntry } from '../../api.ts';
import { formatDate, formatSigned, isolate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

const stateTone: Record<string, 'success' | 'attention' | 'critical' | undefined> = {
  available: 'success',
  pending: 'attention',
  reversed: 'critical',
  expired: undefined,
};

/** The member's points ledger, newest first, 20 rows a page. */
export function PointsLedger({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ledger = useInfiniteQuery({
    queryKey: ['points', customerId],
    queryFn: ({ pageParam }) => endpoints.points(customerId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null),
  });
  const entries = ledger.data?.pages.flatMap((p) => p.entries) ?? [];
  const change = (e: LedgerEntry) =>
    e.availableDelta + e.pendingDelta === 0 && e.availableDelta !== 0
      ? formatSigned(lang, e.availableDelta) // pending points becoming available
      : formatSigned(lang, e.availableDelta + e.pendingDelta);

  if (ledger.isPending) return <SkeletonBodyText lines={4} />;
  if (ledger.isError)
    return (
      <Banner tone="critical" title={t('errors.loadFailed')}>
        <p>{ledger.error.message}</p>
      </Banner>
    );
  if (entries.length === 0)
    return (
      <Text as="p" tone="subdued">
        {t('ledger.empty')}
      </Text>
    );
  return (
    <BlockStack gap="300">
      <div className="rapport-ledger">
        <DataTable
          columnContentTypes={['text', 'text', 'text', 'numeric', 'text']}
          headings={[t('ledger.date'), t('ledger.reason'), t('ledger.state'), t('ledger.points'), t('ledger.note')]}
          rows={entries.map((e) => [
            formatDate(lang, e.occurredAt, true),
            t(`ledger.reasons.${e.reason}`, { defaultValue: e.reason }),
            <Badge key="s" tone={stateTone[e.state]}>
              {t(`ledger.states.${e.state}`, { defaultValue: e.state })}
            </Badge>,
            <span key="p" data-testid="ledger-points">
              {change(e)}
            </span>,
            [e.note, e.actorName && t('common.by', { name: isolate(e.actorName) })].filter(Boolean).join(' · '),
          ])}
        />
      </div>
      {ledger.hasNextPage && (
        <InlineStack>
          <Button onClick={() => void ledger.fetchNextPage()} loading={ledger.isFetchingNextPage}>
            {t('timeline.loadMore')}
          </Button>
        </InlineStack>
      )}
    </BlockStack>
  );
}
