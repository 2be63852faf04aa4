import type { Loyalty } from '../api.ts';
import type { WidgetContext } from '../config.ts';
import { copyButton, h } from './dom.ts';
import { applyShopifyCode, createRedeemer, type Redeemed } from './redeem.ts';

// Rewards: the catalogue with a redeem button for what is within reach, the reason for what is
// not, the shopper's unused codes, and the redeem flow (code shown, copied, applied to the cart).

type ShopperReward = { id: string; name: string; pointsCost: number; available: boolean; reason: string | null };
type ShopperCode = { id: string; code: string; rewardName: string; expiresAt: string | null };

let redeemer: ReturnType<typeof createRedeemer> | undefined;

function newKey(): string {
  const c = globalThis.crypto;
  return c?.randomUUID ? c.randomUUID() : `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

export async function rewardsView(ctx: WidgetContext, l: Loyalty): Promise<HTMLElement> {
  const { t, fmt, cfg } = ctx;
  const root = (window as Window & { Shopify?: { routes?: { root?: string } } }).Shopify?.routes?.root ?? '/';
  redeemer ??= createRedeemer({
    post: ctx.api.post,
    newKey,
    apply: cfg.applyCode ?? (cfg.platform === 'shopify' ? (code) => applyShopifyCode(code, root) : async () => false),
  });
  const r = await ctx.api.get<{ rewards: ShopperReward[]; codes: ShopperCode[] }>('/rewards');
  if (!r.ok) return h('p', { class: 'rapport-note rapport-error', role: 'alert' }, t(r.status === 0 ? 'errNetwork' : 'errGeneric'));
  const status = h('div', { 'aria-live': 'polite' });
  const wrap = h('div', {}, status);
  if (!l.member) {
    wrap.append(
      h('p', { class: 'rapport-note' }, t('joinBody')),
      h(
        'div',
        { class: 'rapport-row' },
        h('a', { class: 'rapport-btn', href: cfg.signupUrl }, t('signup')),
        h('a', { class: 'rapport-btn rapport-secondary', href: cfg.loginUrl }, t('login')),
      ),
    );
  }
  if (!r.data.rewards.length) wrap.append(h('p', { class: 'rapport-muted' }, t('noRewards')));
  wrap.append(
    h(
      'ul',
      { class: 'rapport-list' },
      ...r.data.rewards.map((reward) => {
        const button = h(
          'button',
          { type: 'button', class: 'rapport-btn', disabled: !reward.available || !l.member, 'data-reward-id': reward.id },
          t('redeem'),
        );
        button.addEventListener('click', () => void redeemClick(ctx, reward.id, button as HTMLButtonElement, status));
        return h(
          'li',
          {},
          h(
            'span',
            {},
            h('strong', {}, reward.name),
            h('br'),
            h(
              'small',
              { class: 'rapport-muted' },
              t('cost', { points: fmt(reward.pointsCost) }),
              reward.reason && l.member ? ` · ${reward.reason}` : '',
            ),
          ),
          button,
        );
      }),
    ),
  );
  if (r.data.codes.length) {
    wrap.append(
      h('h3', {}, t('yourCodes')),
      h(
        'ul',
        { class: 'rapport-list' },
        ...r.data.codes.map((c) =>
          h(
            'li',
            {},
            h('span', {}, c.rewardName, h('br'), h('span', { class: 'rapport-code' }, c.code)),
            copyButton(() => c.code, t('copy'), t('copied')),
          ),
        ),
      ),
    );
  }
  return wrap;
}

async function redeemClick(ctx: WidgetContext, rewardId: string, button: HTMLButtonElement, status: HTMLElement): Promise<void> {
  const { t } = ctx;
  button.disabled = true;
  button.textContent = t('redeeming');
  const result = await redeemer!(rewardId);
  status.replaceChildren();
  if (result.ok) {
    button.textContent = t('redeem');
    status.append(codeCard(ctx, result.value));
    ctx.refresh();
    return;
  }
  // The API's own words for a 409 (say, "You need 500 points and have 120") are English; the
  // shopper's language comes first, the server's detail is kept for English storefronts.
  const detail = ctx.cfg.locale.startsWith('en') && result.serverMessage ? result.serverMessage : t(result.messageKey);
  status.append(h('p', { class: 'rapport-note rapport-error', role: 'alert', 'data-rapport-error': result.messageKey }, detail));
  button.textContent = t(result.retryable ? 'retry' : 'redeem');
  button.disabled = !result.retryable;
}

function codeCard(ctx: WidgetContext, r: Redeemed): HTMLElement {
  const { t } = ctx;
  return h(
    'div',
    { class: 'rapport-note', 'data-rapport-redeemed': '' },
    h('p', {}, h('strong', {}, r.rewardName)),
    h('p', {}, `${t('codeReady')}: `, h('span', { class: 'rapport-code', 'data-rapport-code': '' }, r.code)),
    h('p', { 'data-rapport-applied': String(r.applied) }, t(r.applied ? 'applied' : 'useAtCheckout')),
    h(
      'div',
      { class: 'rapport-row' },
      copyButton(() => r.code, t('copy'), t('copied')),
    ),
  );
}
