import { Suspense } from 'react';
import { usePathname } from '../hooks/useLocation.ts';
import { matchRoute } from '../routes.ts';
import { NotFound } from './NotFound.tsx';
import { PageSkeleton } from './PageSkeleton.tsx';

/** Renders the page for the current path, both shells share it. */
export function PageOutlet() {
  const pathname = usePathname();
  const match = matchRoute(pathname);
  if (!match) return <NotFound />;
  const Page = match.page;
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Page key={pathname} params={match.params} />
    </Suspense>
  );
}
