import type { Loyalty } from '../api.ts';
import type { WidgetContext } from '../config.ts';
import { birthdayView } from './birthday.ts';
import { copyButton, h } from './dom.ts';
import { campaignText, wayText } from './ways.ts';

// The panel's read-only views: points (balance, tier, ways to earn; how to join for guests),
// history and referral. Each returns an element; panel.ts swaps them.

export function homeView(ctx: WidgetContext, l: Loyalty): HTMLElement {
  const { t, fmt, cfg } = ctx;
  if (!l.enabled) return h('p', { class: 'rapport-muted' }, t('off'));
  const ways = h(
    'ul',
    { class: 'rapport-list' },
    ...l.waysToEarn.map((w) => h('li', { 'data-rapport-way': w.action }, h('span', { dir: 'auto' }, wayText(w, t, fmt, cfg.locale)))),
  );
  const m = l.member;
  const campaigns = (l.campaigns ?? []).map((c) =>
    h('p', { class: 'rapport-note rapport-campaign', 'data-rapport-campaign': c.id, dir: 'auto' }, campaignText(c, t, fmt, cfg.locale)),
  );
  if (!m) {
    return h(
      'div',
      {},
      ...campaigns,
      h('h3', {}, t('joinTitle')),
      h('p', {}, t('joinBody')),
      l.join && l.join.signupPoints > 0 ? h('p', { class: 'rapport-note' }, t('joinBonus', { points: fmt(l.join.signupPoints) })) : null,
      h(
        'div',
        { class: 'rapport-row' },
        h('a', { class: 'rapport-btn', href: cfg.signupUrl }, t('signup')),
        h('a', { class: 'rapport-btn rapport-secondary', href: cfg.loginUrl }, t('login')),
      ),
      h('h3', {}, t('waysToEarn')),
      ways,
    );
  }
  const p = m.tierProgress;
  const next = p.nextTier;
  const remaining = p.metric === 'amount_spent' ? money(ctx, p.remaining) : fmt(p.remaining);
  const pct = next && next.threshold > 0 ? Math.min(100, Math.round((p.current / next.threshold) * 100)) : 100;
  return h(
    'div',
    {},
    ...campaigns,
    h('p', { class: 'rapport-muted' }, t('yourPoints')),
    h('p', { class: 'rapport-big', 'data-rapport-panel-balance': '' }, fmt(m.balance)),
    m.pending > 0 ? h('p', { class: 'rapport-muted' }, t('pending', { points: fmt(m.pending) })) : null,
    m.tier ? h('p', {}, t('tier', { tier: m.tier.name })) : null,
    next
      ? h(
          'div',
          {
            class: 'rapport-bar',
            role: 'progressbar',
            'aria-valuemin': '0',
            'aria-valuemax': '100',
            'aria-valuenow': String(pct),
            'aria-label': next.name,
          },
          bar(pct),
        )
      : null,
    // "Top tier" only for a member who holds one; a program without tiers says nothing about them.
    next
      ? h(
          'p',
          { class: 'rapport-muted' },
          t(p.metric === 'amount_spent' ? 'nextTierSpend' : 'nextTierPoints', { remaining, tier: next.name }),
        )
      : m.tier
        ? h('p', { class: 'rapport-muted' }, t('topTier'))
        : null,
    h('h3', {}, t('waysToEarn')),
    ways,
    birthdayView(ctx, l, m),
  );
}

function bar(pct: number): HTMLElement {
  const s = h('span');
  s.style.inlineSize = `${pct}%`;
  return s;
}

function money(ctx: WidgetContext, minor: number): string {
  if (!ctx.cfg.currency) return ctx.fmt(Math.ceil(minor / 100));
  try {
    return new Intl.NumberFormat(ctx.cfg.locale, { style: 'currency', currency: ctx.cfg.currency, maximumFractionDigits: 0 }).format(
      minor / 100,
    );
  } catch {
    return ctx.fmt(Math.ceil(minor / 100));
  }
}

type HistoryEntry = {
  id: string;
  reason: string;
  state: string;
  points: number;
  availableDelta: number;
  pendingDelta: number;
  occurredAt: string;
};
const REASONS: Record<string, string> = {
  order: 'reasonOrder',
  first_order: 'reasonOrder',
  redemption: 'reasonRedemption',
  redemption_return: 'reasonRedemption',
  referral: 'reasonReferral',
  signup: 'reasonSignup',
  birthday: 'reasonBirthday',
  newsletter: 'reasonNewsletter',
  expiry: 'reasonExpiry',
  refund: 'reasonRefund',
  cancellation: 'reasonRefund',
  campaign: 'reasonCampaign',
};

export async function historyView(ctx: WidgetContext): Promise<HTMLElement> {
  const { t, fmt } = ctx;
  const r = await ctx.api.get<{ entries: HistoryEntry[] }>('/loyalty/history?first=20');
  if (!r.ok)
    return h(
      'p',
      { class: 'rapport-note rapport-error', role: 'alert' },
      t(r.status === 0 ? 'errNetwork' : r.status === 401 ? 'errLogin' : 'errGeneric'),
    );
  if (!r.data.entries.length) return h('p', { class: 'rapport-muted' }, t('noHistory'));
  const date = new Intl.DateTimeFormat(ctx.cfg.locale, { dateStyle: 'medium' });
  return h(
    'div',
    {},
    h('h3', {}, t('historyTitle')),
    h(
      'ul',
      { class: 'rapport-list' },
      ...r.data.entries.map((e) => {
        const delta = e.availableDelta + e.pendingDelta || e.points;
        return h(
          'li',
          {},
          h(
            'span',
            {},
            t(REASONS[e.reason] ?? 'reasonOther'),
            h('br'),
            h('small', { class: 'rapport-muted' }, date.format(new Date(e.occurredAt))),
          ),
          h('strong', { dir: 'ltr' }, `${delta > 0 ? '+' : ''}${fmt(delta)}`),
        );
      }),
    ),
  );
}

export function referView(ctx: WidgetContext, l: Loyalty): HTMLElement {
  const { t, fmt } = ctx;
  const ref = l.member?.referral;
  if (!l.referrals.enabled || !ref) return homeView(ctx, { ...l, member: null });
  const text = t('shareText', { link: ref.link });
  return h(
    'div',
    {},
    h('h3', {}, t('referTitle')),
    h('p', {}, t('referBody', { friend: fmt(l.referrals.friendPoints), advocate: fmt(l.referrals.advocatePoints) })),
    h('input', { class: 'rapport-input', readonly: true, value: ref.link, 'aria-label': t('referTitle') }),
    h(
      'div',
      { class: 'rapport-row' },
      copyButton(() => ref.link, t('copyLink'), t('copied')),
      // Plain links: nothing is requested from WhatsApp or a mail service until the shopper taps.
      h(
        'a',
        { class: 'rapport-btn', href: `https://wa.me/?text=${encodeURIComponent(text)}`, target: '_blank', rel: 'noopener' },
        t('whatsapp'),
      ),
      h(
        'a',
        {
          class: 'rapport-btn rapport-secondary',
          href: `mailto:?subject=${encodeURIComponent(t('shareSubject'))}&body=${encodeURIComponent(text)}`,
        },
        t('email'),
      ),
    ),
  );
}
