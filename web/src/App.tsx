import { AppProvider } from '@shopify/polaris';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { PageSkeleton } from './components/PageSkeleton.tsx';
import { RouterLink } from './components/RouterLink.tsx';
import { StandaloneShell } from './components/StandaloneShell.tsx';
import { currentLanguage, polarisTranslations } from './i18n.ts';
import { isEmbedded } from './mode.ts';

// The embedded shell pulls in App Bridge React: its own chunk, never loaded standalone.
const EmbeddedShell = lazy(() => import('./components/EmbeddedShell.tsx').then((m) => ({ default: m.EmbeddedShell })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not fix itself by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});

export function App() {
  // Subscribes the tree to language changes; `dir` and `lang` on <html> are set by i18n.ts.
  useTranslation();
  return (
    // Polaris ships no Urdu, Punjabi or Hindi: ours (locales/polaris/) arrive with the language in
    // i18n.ts, already merged over English, so a language switch re-renders with them.
    <AppProvider i18n={polarisTranslations(currentLanguage())} linkComponent={RouterLink}>
      <QueryClientProvider client={queryClient}>
        {isEmbedded() ? (
          <Suspense fallback={<PageSkeleton />}>
            <EmbeddedShell />
          </Suspense>
        ) : (
          <StandaloneShell />
        )}
      </QueryClientProvider>
    </AppProvider>
  );
}
