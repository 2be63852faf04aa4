import { useInfiniteQuery } from '@tanstack/react-query';
import { endpoints, type TimelinePage } from '../api.ts';

/**
 * Timeline pages of a customer, newest first. Unfiltered, the profile's embedded first page
 * seeds the list so opening a profile costs one request.
 */
export function useTimeline(customerId: string, kind: string, firstPage: TimelinePage) {
  return useInfiniteQuery({
    queryKey: ['timeline', customerId, kind],
    queryFn: ({ pageParam }) => endpoints.timeline(customerId, { after: pageParam, kind: kind || undefined, first: 20 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null),
    ...(kind === '' ? { initialData: { pages: [firstPage], pageParams: [null] } } : {}),
  });
}
