import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { endpoints, type CustomerFilters } from '../api.ts';
import { useDebounced } from './useDebounced.ts';

export const sortableColumns = ['name', 'numberOfOrders', 'amountSpent', 'lastOrderAt'] as const;
export type SortColumn = (typeof sortableColumns)[number];
export type Sort = { column: SortColumn; descending: boolean };

const PAGE_SIZE = 25;

/** Search, sort and cursor pages over GET /api/customers; a new search or sort starts at page 1. */
export function useCustomerList() {
  const [search, setSearchText] = useState('');
  const [sort, setSortState] = useState<Sort>({ column: 'lastOrderAt', descending: true });
  const [filterState, setFilterState] = useState<CustomerFilters>({});
  // Typing in a range field should not send a request per keystroke.
  const filters = useDebounced(filterState, 300);
  // The cursors of the pages we came through, so "previous" works with forward-only cursors.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const query = useDebounced(search.trim(), 250);
  const after = cursors[cursors.length - 1] ?? null;
  const sortParam = `${sort.descending ? '-' : ''}${sort.column}`;

  const result = useQuery({
    queryKey: ['customers', query, sortParam, after, filters],
    queryFn: () => endpoints.customers({ query, sort: sortParam, after, first: PAGE_SIZE, ...filters }),
    placeholderData: keepPreviousData,
  });

  const setSearch = (text: string) => {
    setSearchText(text);
    setCursors([null]);
  };
  const setSort = (next: Sort) => {
    setSortState(next);
    setCursors([null]);
  };
  const setFilters = (next: CustomerFilters) => {
    setFilterState(next);
    setCursors([null]);
  };
  const endCursor = result.data?.pageInfo.endCursor ?? null;
  return {
    ...result,
    search,
    setSearch,
    query,
    sort,
    setSort,
    filters: filterState,
    appliedFilters: filters,
    setFilters,
    sortParam,
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: Boolean(result.data?.pageInfo.hasNextPage && endCursor),
    next: () => endCursor && setCursors((c) => [...c, endCursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}
