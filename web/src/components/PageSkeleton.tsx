import { Card, Layout, SkeletonBodyText, SkeletonPage } from '@shopify/polaris';

/** Shown while a page's chunk loads. */
export function PageSkeleton() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <SkeletonBodyText lines={6} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}
