// The `shopify` global of each module, typed by its target (what `shopify app dev` generates).
import '@shopify/ui-extensions';
import type { Api as CheckoutApi } from '@shopify/ui-extensions/purchase.checkout.block.render';
import type { Api as ThankYouApi } from '@shopify/ui-extensions/purchase.thank-you.block.render';

declare module './src/Checkout.tsx' {
  const shopify: CheckoutApi;
}
declare module './src/ThankYou.tsx' {
  const shopify: ThankYouApi;
}
