// The `shopify` global of the module, typed by its target (what `shopify app dev` generates).
import '@shopify/ui-extensions';
import type { Api as CustomerBlockApi } from '@shopify/ui-extensions/admin.customer-details.block.render';

declare module './src/CustomerBlock.tsx' {
  const shopify: CustomerBlockApi;
}
