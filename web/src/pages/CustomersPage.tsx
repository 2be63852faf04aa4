import { Banner, BlockStack, Box, Card, EmptySearchResult, IndexTable, Link, Page, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { customerName } from '../components/customerName.ts';
import { formatDate, formatMoney, formatNumber } from '../format.ts';
import { sortableColumns, useCustomerList } from '../hooks/useCustomerList.ts';
import { currentLanguage } from '../i18n.ts';

// Column index -> API sort key (null: not sortable).
const columns = ['name', null, 'numberOfOrders', 'amountSpent', 'lastOrderAt'] as const;

export function CustomersPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const list = useCustomerList();
  const customers = list.data?.customers ?? [];
  const sortIndex = columns.indexOf(list.sort.column);

  const table = (
    <IndexTable
      resourceName={{ singular: t('customers.singular'), plural: t('customers.plural') }}
      itemCount={customers.length}
      selectable={false}
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
        if (column && (sortableColumns as readonly string[]).includes(column)) list.setSort({ column, descending: direction === 'descending' });
      }}
      emptyState={<EmptySearchResult title={t('customers.emptyTitle')} description={list.query ? t('customers.emptySearch') : t('customers.emptyStore')} />}
      pagination={{
        hasPrevious: list.hasPrevious, hasNext: list.hasNext, onPrevious: list.previous, onNext: list.next,
        label: t('customers.page', { page: formatNumber(lang, list.page) }),
      }}
    >
      {customers.map((c, index) => (
        <IndexTable.Row id={c.id} key={c.id} position={index}>
          <IndexTable.Cell>
            <Link dataPrimaryLink url={`/customers/${encodeURIComponent(c.id)}`} removeUnderline monochrome>
              <Text as="span" fontWeight="semibold">{customerName(c) ?? t('customers.unnamed')}</Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" tone="subdued">{[c.email, c.phone].filter(Boolean).join(' · ') || '—'}</Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>{formatNumber(lang, c.numberOfOrders)}</Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>{formatMoney(lang, c.amountSpent)}</Text>
          </IndexTable.Cell>
          <IndexTable.Cell>{formatDate(lang, c.lastOrderAt)}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );

  return (
    <Page title={t('customers.title')} fullWidth>
      <BlockStack gap="400">
        {list.isError && <Banner tone="critical" title={t('errors.loadFailed')} action={{ content: t('errors.retry'), onAction: () => void list.refetch() }}>
          <p>{list.error.message}</p>
        </Banner>}
        <Card padding="0">
          <Box padding="300">
            <TextField
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
          </Box>
          {list.isPending ? (
            <Box padding="400">
              <SkeletonBodyText lines={8} />
            </Box>
          ) : (
            table
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
