import '@shopify/ui-extensions/preact';
import { render } from 'preact';
import { useOrderLoyalty } from '../../rapport-checkout/src/useOrderLoyalty.ts';
import { earnedState } from './earned.ts';

// Order status page block (customer accounts): the points this order earns, pending or already
// spendable, and the customer's balance. The same backend call and rule as the thank-you block
// (../rapport-checkout/src/ThankYou.tsx), so both pages show the same figure.

export default async () => {
  render(<Extension />, document.body);
};

function Extension() {
  const t = shopify.i18n.translate;
  const { loyalty, earn } = useOrderLoyalty(shopify, shopify.cost.subtotalAmount.value);
  if (!loyalty?.enabled) return null;
  const state = earnedState(earn, loyalty.member, Boolean(shopify.order.value?.cancelledAt));
  const points = shopify.i18n.formatNumber(earn ?? 0);
  return (
    <s-stack gap="base">
      <s-heading>{t('heading')}</s-heading>
      {state === 'pending' && <s-text>{t('earnedPending', { points })}</s-text>}
      {state === 'available' && <s-text>{t('earnedAvailable', { points })}</s-text>}
      {state === 'cancelled' && <s-text color="subdued">{t('cancelled')}</s-text>}
      {state === 'pending' && <s-text color="subdued">{t('whenAvailable')}</s-text>}
      {loyalty.member ? (
        <s-text>{t('balance', { points: shopify.i18n.formatNumber(loyalty.member.balance) })}</s-text>
      ) : (
        <s-text>{t('join')}</s-text>
      )}
    </s-stack>
  );
}
