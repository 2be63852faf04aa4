import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { endpoints } from '../api.ts';
import { useDebounced } from './useDebounced.ts';

export const sortableColumns = ['name', 'numberOfOrders', 'amountSpent', 'lastOrderAt'] as const;
export type SortColumn = (typeof sortableColumns)[number];
export type Sort = { column: SortColumn; descending: boolean };

const PAGE_SIZE = 25;

/** Search, sort and cursor pages over GET /api/customers; a new search or sort starts at page 1. */
export function useCustomerList() {
  const [search, setSearchText] = useState('');
  const [sort, setSortState] = useState<Sort>({ column: 'lastOrderAt', descending: true });
  // The cursors of the pages we came through, so "previous" works with forward-only cursors.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const query = useDebounced(search.trim(), 250);
  const after = cursors[cursors.length - 1] ?? null;
  const sortParam = `${sort.descending ? '-' : ''}${sort.column}`;

  const result = useQuery({
    queryKey: ['customers', query, sortParam, after],
    queryFn: () => endpoints.customers({ query, sort: sortParam, after, first: PAGE_SIZE }),
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
  const endCursor = result.data?.pageInfo.endCursor ?? null;
  return {
    ...result,
    search, setSearch, query, sort, setSort,
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: Boolean(result.data?.pageInfo.hasNextPage && endCursor),
    next: () => endCursor && setCursors((c) => [...c, endCursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}
