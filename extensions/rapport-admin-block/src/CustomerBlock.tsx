import '@shopify/ui-extensions/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

// Customer details page block: the member's points, tier and lifetime value from Rapport, and a
// link to the full profile in the app. Admin extensions resolve relative fetches against the
// app's URL; the session token (idToken) is sent explicitly all the same.

type Member = {
  customerId: string;
  balance: number;
  pending: number;
  tier: string | null;
  nextTier: { name: string; remaining: number; metric: 'points_earned' | 'amount_spent' } | null;
  ordersCount: number;
  lifetimeValue: { amountMinor: number; currency: string };
  profilePath: string;
};

export default async () => {
  render(<Extension />, document.body);
};

function Extension() {
  const t = shopify.i18n.translate;
  const gid = shopify.data.selected[0]?.id;
  const [state, setState] = useState<{ member?: Member; error?: string }>({});
  useEffect(() => {
    if (!gid) return;
    void (async () => {
      const token = await shopify.auth.idToken();
      const res = await fetch(`/api/extensions/customer/${encodeURIComponent(gid)}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      const json = (await res.json().catch(() => ({}))) as Member & { error?: { message?: string } };
      setState(res.ok ? { member: json } : { error: json.error?.message ?? t('failed') });
    })();
  }, [gid]);

  const m = state.member;
  const money = (minor: number, currency: string) => shopify.i18n.formatCurrency(minor / 100, { currency });
  return (
    <s-admin-block heading={t('heading')}>
      {state.error && <s-text>{state.error}</s-text>}
      {!m && !state.error && <s-spinner accessibilityLabel={t('loading')} />}
      {m && (
        <s-stack gap="base">
          <s-text>{t('balance', { points: shopify.i18n.formatNumber(m.balance) })}</s-text>
          {m.pending > 0 && <s-text color="subdued">{t('pending', { points: shopify.i18n.formatNumber(m.pending) })}</s-text>}
          <s-text>{m.tier ? t('tier', { tier: m.tier }) : t('noTier')}</s-text>
          {m.nextTier && (
            <s-text color="subdued">
              {t('nextTier', {
                tier: m.nextTier.name,
                remaining:
                  m.nextTier.metric === 'amount_spent' ? money(m.nextTier.remaining, m.lifetimeValue.currency) : m.nextTier.remaining,
              })}
            </s-text>
          )}
          <s-text>
            {t('lifetimeValue', { amount: money(m.lifetimeValue.amountMinor, m.lifetimeValue.currency), orders: m.ordersCount })}
          </s-text>
          <s-link href={`app:${m.profilePath}`}>{t('openProfile')}</s-link>
        </s-stack>
      )}
    </s-admin-block>
  );
}
