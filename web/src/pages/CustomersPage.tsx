import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Collapsible,
  EmptySearchResult,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Select,
  SkeletonBodyText,
  Text,
  TextField,
  useIndexResourceState,
} from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authorizedFetch, endpoints, type ListedCustomer } from '../api.ts';
import { BulkPointsModal, BulkTagModal } from '../components/customers/BulkModals.tsx';
import { FiltersForm } from '../components/customers/FiltersCard.tsx';
import { SegmentMembersTable } from '../components/segments/SegmentMembersTable.tsx';
import { segmentName } from '../components/segments/segmentText.ts';
import { fieldErrors } from '../hooks/useFieldErrors.ts';
import { customerName } from '../components/customerName.ts';
import { formatDate, formatMoney, formatNumber } from '../format.ts';
import { sortableColumns, useCustomerList } from '../hooks/useCustomerList.ts';
import { currentLanguage, type Language } from '../i18n.ts';

// Column index -> API sort key (null: not sortable).
const columns = ['name', null, 'numberOfOrders', 'amountSpent', 'lastOrderAt'] as const;

/**
 * Spend in the account's currency, then in any other (no exchange rates, so never added up); a
 * customer who bought only in another currency shows that rather than a zero.
 */
function spentText(lang: Language, c: ListedCustomer): string {
  const shown =
    c.amountSpentElsewhere.length && Number(c.amountSpent.amount) === 0
      ? c.amountSpentElsewhere
      : [c.amountSpent, ...c.amountSpentElsewhere];
  return shown.map((m) => formatMoney(lang, m)).join(' · ');
}

export function CustomersPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const list = useCustomerList();
  const customers = list.data?.customers ?? [];
  const sortIndex = columns.indexOf(list.sort.column);
  const [showFilters, setShowFilters] = useState(false);
  const [bulk, setBulk] = useState<'tag' | 'points' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const selection = useIndexResourceState(customers);
  const activeFilters = Object.values(list.filters).filter(Boolean).length;
  // A picked segment lists its members instead: the members endpoint takes no search, filter or
  // sort, so those are switched off while a segment is picked (never silently combined).
  const [segmentId, setSegmentId] = useState('');
  const segments = useQuery({ queryKey: ['segments'], queryFn: endpoints.segments });
  const segment = segments.data?.segments.find((s) => s.id === segmentId) ?? null;

  // A download link with the bearer token cannot be a plain <a href>: fetch, then save the blob.
  const exportCsv = async () => {
    setExporting(true);
    try {
      const res = await authorizedFetch(
        segment
          ? endpoints.segmentMembersCsvUrl(segment.id)
          : endpoints.exportUrl({ query: list.query, sort: list.sortParam, ...list.appliedFilters }),
      );
      if (!res.ok) throw new Error(res.statusText);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'customers.csv';
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setNotice(t('customers.exportFailed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setExporting(false);
    }
  };
  const bulkDone = (message: string) => {
    setBulk(null);
    setNotice(message);
    selection.clearSelection();
  };

  const table = (
    <IndexTable
      resourceName={{ singular: t('customers.singular'), plural: t('customers.plural') }}
      itemCount={customers.length}
      selectedItemsCount={selection.allResourcesSelected ? 'All' : selection.selectedResources.length}
      onSelectionChange={selection.handleSelectionChange}
      promotedBulkActions={[
        { content: t('bulk.addTag'), onAction: () => setBulk('tag') },
        { content: t('bulk.adjustPoints'), onAction: () => setBulk('points') },
      ]}
      loading={list.isFetching}
      headings={[
        { title: t('customers.name') },
        { title: t('customers.contact') },
        { title: t('customers.orders'), alignment: 'end' },
        { title: t('customers.amountSpent'), alignment: 'end' },
        { title: t('customers.lastOrder') },
      ]}
      sortable={columns.map((c) => c !== null)}
      sortColumnIndex={sortIndex}
      sortDirection={list.sort.descending ? 'descending' : 'ascending'}
      onSort={(index, direction) => {
        const column = columns[index];
        if (column && (sortableColumns as readonly string[]).includes(column))
          list.setSort({ column, descending: direction === 'descending' });
      }}
      emptyState={
        <EmptySearchResult
          title={t('customers.emptyTitle')}
          description={list.query || activeFilters ? t('customers.emptySearch') : t('customers.emptyStore')}
        />
      }
      pagination={{
        hasPrevious: list.hasPrevious,
        hasNext: list.hasNext,
        onPrevious: list.previous,
        onNext: list.next,
        label: t('customers.page', { page: formatNumber(lang, list.page) }),
      }}
    >
      {customers.map((c, index) => (
        <IndexTable.Row id={c.id} key={c.id} position={index} selected={selection.selectedResources.includes(c.id)}>
          <IndexTable.Cell>
            <Link dataPrimaryLink url={`/customers/${encodeURIComponent(c.id)}`} removeUnderline monochrome>
              <Text as="span" fontWeight="semibold">
                {customerName(c) ?? t('customers.unnamed')}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" tone="subdued">
              {[c.email, c.phone].filter(Boolean).join(' · ') || '—'}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {formatNumber(lang, c.numberOfOrders)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {spentText(lang, c)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>{formatDate(lang, c.lastOrderAt)}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );

  return (
    <Page
      title={t('customers.title')}
      fullWidth
      secondaryActions={[{ content: t('customers.export'), onAction: () => void exportCsv(), loading: exporting }]}
    >
      <BlockStack gap="400">
        {notice && (
          <Banner tone="info" onDismiss={() => setNotice(null)}>
            <p>{notice}</p>
          </Banner>
        )}
        {list.isError && (
          <Banner
            tone="critical"
            title={t('errors.loadFailed')}
            action={{ content: t('errors.retry'), onAction: () => void list.refetch() }}
          >
            <p>{list.error.message}</p>
          </Banner>
        )}
        <Card padding="0">
          <Box padding="300">
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <Select
                  label={t('customers.segment')}
                  labelHidden
                  value={segmentId}
                  onChange={(id) => {
                    setSegmentId(id);
                    setShowFilters(false);
                    selection.clearSelection();
                  }}
                  options={[
                    { label: t('customers.allCustomers'), value: '' },
                    ...(segments.data?.segments ?? []).map((s) => ({ label: segmentName(t, s), value: s.id })),
                  ]}
                />
                <div className="rapport-grow">
                  <TextField
                    disabled={segment !== null}
                    label={t('customers.search')}
                    labelHidden
                    placeholder={t('customers.searchPlaceholder')}
                    value={list.search}
                    onChange={list.setSearch}
                    clearButton
                    onClearButtonClick={() => list.setSearch('')}
                    autoComplete="off"
                    type="search"
                  />
                </div>
                <Button
                  disabled={segment !== null}
                  onClick={() => setShowFilters((v) => !v)}
                  disclosure={showFilters ? 'up' : 'down'}
                  ariaExpanded={showFilters}
                  ariaControls="rapport-filters"
                >
                  {activeFilters ? t('filters.titleCount', { n: formatNumber(lang, activeFilters) }) : t('filters.title')}
                </Button>
              </InlineStack>
              {segment && (
                <Text as="p" tone="subdued">
                  {t('customers.segmentPicked', { name: segmentName(t, segment) })}
                </Text>
              )}
              <Collapsible id="rapport-filters" open={showFilters && !segment}>
                <FiltersForm value={list.filters} onChange={list.setFilters} errors={fieldErrors(list.error)} />
              </Collapsible>
            </BlockStack>
          </Box>
          {segment ? (
            <SegmentMembersTable key={segment.id} segmentId={segment.id} />
          ) : list.isPending ? (
            <Box padding="400">
              <SkeletonBodyText lines={8} />
            </Box>
          ) : (
            table
          )}
        </Card>
      </BlockStack>
      {bulk === 'tag' && <BulkTagModal ids={selection.selectedResources} onClose={() => setBulk(null)} onDone={bulkDone} />}
      {bulk === 'points' && <BulkPointsModal ids={selection.selectedResources} onClose={() => setBulk(null)} onDone={bulkDone} />}
    </Page>
  );
}
