import { Banner, Box, EmptySearchResult, IndexTable, Link, SkeletonBodyText, Text } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatDate, formatMoney, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { customerName } from '../customerName.ts';

const PAGE_SIZE = 25;

/**
 * A segment's members now, 25 a page (GET /api/segments/:id/members). The cursors run forwards
 * only, so the ones we came through are kept for "previous". Shared by the Segments page and the
 * Customers page's segment picker.
 */
export function SegmentMembersTable({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    queryKey: ['segment-members', segmentId, after],
    queryFn: () => endpoints.segmentMembers(segmentId, { after, first: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const members = page.data?.members ?? [];
  const next = page.data?.next ?? null;

  if (page.isError)
    return (
      <Box padding="400">
        <Banner tone="critical" title={t('errors.loadFailed')} action={{ content: t('errors.retry'), onAction: () => void page.refetch() }}>
          <p>{page.error.message}</p>
        </Banner>
      </Box>
    );
  if (page.isPending)
    return (
      <Box padding="400">
        <SkeletonBodyText lines={6} />
      </Box>
    );
  return (
    <IndexTable
      resourceName={{ singular: t('customers.singular'), plural: t('customers.plural') }}
      itemCount={members.length}
      selectable={false}
      loading={page.isFetching}
      headings={[
        { title: t('customers.name') },
        { title: t('segments.members.email') },
        { title: t('customers.orders'), alignment: 'end' },
        { title: t('customers.amountSpent'), alignment: 'end' },
        { title: t('customers.lastOrder') },
      ]}
      emptyState={<EmptySearchResult title={t('segments.members.emptyTitle')} description={t('segments.members.empty')} />}
      pagination={{
        hasPrevious: cursors.length > 1,
        hasNext: Boolean(next),
        onPrevious: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
        onNext: () => next && setCursors((c) => [...c, next]),
        label: t('customers.page', { page: formatNumber(lang, cursors.length) }),
      }}
    >
      {members.map((m, index) => (
        <IndexTable.Row id={m.id} key={m.id} position={index}>
          <IndexTable.Cell>
            <Link url={`/customers/${encodeURIComponent(m.id)}`} removeUnderline monochrome>
              <Text as="span" fontWeight="semibold">
                {customerName({ ...m, phone: null }) ?? t('customers.unnamed')}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" tone="subdued">
              {m.email ?? '—'}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {formatNumber(lang, m.numberOfOrders)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {formatMoney(lang, { amount: m.amountSpent, currencyCode: m.currency })}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>{formatDate(lang, m.lastOrderAt)}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
