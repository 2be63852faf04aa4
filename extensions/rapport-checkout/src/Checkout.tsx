import '@shopify/ui-extensions/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { backend, pointsForOrder, type Loyalty, type Reward } from './backend.ts';

// Checkout block: balance, what this order earns, and redeeming a reward into a code applied to
// this checkout, when the checkout lets extensions change discount codes.

export default async () => {
  render(<Extension />, document.body);
};

function Extension() {
  const t = shopify.i18n.translate;
  const [loyalty, setLoyalty] = useState<Loyalty | null>(null);
  const [rewards, setRewards] = useState<Reward[]>([]);
  const [note, setNote] = useState<{ tone: 'success' | 'critical'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const keys = useState(() => new Map<string, string>())[0];
  const canRedeem = shopify.instructions.value.discounts.canUpdateDiscountCodes;

  useEffect(() => {
    void backend<Loyalty>(shopify, '/loyalty').then((r) => r.ok && setLoyalty(r.data));
    if (canRedeem) void backend<{ rewards: Reward[] }>(shopify, '/rewards').then((r) => r.ok && setRewards(r.data.rewards));
  }, [canRedeem]);
  if (!loyalty?.enabled) return null;

  const subtotal = shopify.cost.subtotalAmount.value;
  const earn = pointsForOrder(subtotal.amount, subtotal.currencyCode, loyalty);

  async function redeem(rewardId: string) {
    setBusy(rewardId);
    // One key per reward until the backend answers for sure: a retry is the same redemption.
    const idempotencyKey = keys.get(rewardId) ?? crypto.randomUUID();
    keys.set(rewardId, idempotencyKey);
    const r = await backend<{ redemption: { code: string }; balance: number }>(shopify, '/redemptions', { rewardId, idempotencyKey });
    if (r.ok || (r.status > 0 && r.status < 500 && r.status !== 429)) keys.delete(rewardId);
    if (r.ok) {
      const applied = await shopify.applyDiscountCodeChange({ type: 'addDiscountCode', code: r.data.redemption.code });
      setNote(
        applied.type === 'success'
          ? { tone: 'success', text: t('applied', { code: r.data.redemption.code }) }
          : { tone: 'critical', text: t('notApplied', { code: r.data.redemption.code }) },
      );
      setLoyalty({ ...loyalty!, member: loyalty!.member && { ...loyalty!.member, balance: r.data.balance } });
    } else {
      setNote({ tone: 'critical', text: r.status >= 500 || r.status === 0 ? t('storeFailed') : r.message || t('failed') });
    }
    setBusy(null);
  }

  return (
    <s-stack gap="base">
      <s-heading>{t('heading')}</s-heading>
      {loyalty.member ? <s-text>{t('balance', { points: loyalty.member.balance })}</s-text> : <s-text>{t('join')}</s-text>}
      {earn !== null && earn > 0 && <s-text>{t('earns', { points: earn })}</s-text>}
      {note && <s-banner tone={note.tone}>{note.text}</s-banner>}
      {canRedeem &&
        loyalty.member &&
        rewards
          .filter((r) => r.available)
          .map((r) => (
            <s-button key={r.id} loading={busy === r.id} disabled={busy !== null} onClick={() => void redeem(r.id)}>
              {t('redeem', { reward: r.name, points: r.pointsCost })}
            </s-button>
          ))}
    </s-stack>
  );
}
