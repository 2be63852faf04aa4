import '@shopify/ui-extensions/preact';
import { render } from 'preact';
import { useOrderLoyalty } from './useOrderLoyalty.ts';

// Thank-you page block (all plans): the points this order earns and when they become spendable
// (cash-on-delivery orders earn on delivery), and the balance for a logged-in customer.

export default async () => {
  render(<Extension />, document.body);
};

function Extension() {
  const t = shopify.i18n.translate;
  const { loyalty, earn } = useOrderLoyalty(shopify, shopify.cost.subtotalAmount.value);
  if (!loyalty?.enabled) return null;
  return (
    <s-stack gap="base">
      <s-heading>{t('heading')}</s-heading>
      {earn !== null && earn > 0 && <s-text>{t('earned', { points: earn })}</s-text>}
      <s-text color="subdued">{t('whenAvailable')}</s-text>
      {loyalty.member ? <s-text>{t('balance', { points: loyalty.member.balance })}</s-text> : <s-text>{t('join')}</s-text>}
    </s-stack>
  );
}
