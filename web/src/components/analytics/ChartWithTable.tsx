import { BlockStack, Button, Collapsible, SkeletonBodyText } from '@shopify/polaris';
import { lazy, Suspense, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BarChartProps } from './BarChart.tsx';

// The chart library (recharts) is its own chunk, fetched when the first chart shows.
const BarChart = lazy(() => import('./BarChart.tsx'));

/** A chart, and the same figures as a table behind a "Show as table" disclosure. */
export function ChartWithTable({ chart, table, tableOpen = false }: { chart: BarChartProps; table: ReactNode; tableOpen?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(tableOpen);
  const id = useId();
  return (
    <BlockStack gap="200">
      <Suspense fallback={<SkeletonBodyText lines={6} />}>
        <BarChart {...chart} />
      </Suspense>
      <div>
        <Button variant="plain" disclosure={open ? 'up' : 'down'} ariaExpanded={open} ariaControls={id} onClick={() => setOpen(!open)}>
          {open ? t('analytics.hideTable') : t('analytics.showTable')}
        </Button>
      </div>
      <Collapsible id={id} open={open} transition={false}>
        {table}
      </Collapsible>
    </BlockStack>
  );
}
