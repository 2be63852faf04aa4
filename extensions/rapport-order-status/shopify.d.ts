// The `shopify` global of the module, typed by its target (what `shopify app dev` generates).
import '@shopify/ui-extensions';
import type { Api as OrderStatusApi } from '@shopify/ui-extensions/customer-account.order-status.block.render';

declare module './src/OrderStatus.tsx' {
  const shopify: OrderStatusApi;
}
