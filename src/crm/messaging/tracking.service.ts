import type { CrmStore } from '../store.port.ts';
import type { MessagingSettings } from './messaging-settings.port.ts';
import type { StoredMessage } from './messages.port.ts';
import { linkToken, openToken, verifyLinkToken, verifyOpenToken } from './tracking-token.ts';
import { trackHtml } from './tracking.ts';

// Tracking mail: the HTML as it is sent (links through `/c/`, the pixel at `/o/` when the shop
// turned it on), and what a click or an open records. Only mail to a customer is tracked (a test
// to staff is not), and only what the shop's settings allow.

export type MailTrackingDeps = {
  /** The tracking tokens' key (tracking-token.ts `trackingKey`). */
  key: Buffer;
  /** This Rapport's public URL, without a trailing slash. */
  baseUrl: string;
  settings: (accountId: string) => Promise<MessagingSettings>;
};

export type TrackMail = (message: StoredMessage) => Promise<string>;

export function createMailTracking(deps: MailTrackingDeps): TrackMail {
  const unsubscribePrefix = `${deps.baseUrl}/u/`;
  return async (m) => {
    if (m.channel !== 'email' || !m.customerId) return m.html;
    const s = await deps.settings(m.accountId);
    if (!s.clickTracking && !s.openTracking) return m.html;
    const claims = { accountId: m.accountId, messageId: m.id };
    return trackHtml(m.html, {
      link: s.clickTracking ? (url) => `${deps.baseUrl}/c/${linkToken(deps.key, { ...claims, url })}` : null,
      pixel: s.openTracking ? `${deps.baseUrl}/o/${openToken(deps.key, claims)}.gif` : null,
      keep: (url) => url.startsWith(unsubscribePrefix),
    });
  };
}

export type ClickOutcome = { outcome: 'redirect'; url: string; recorded: boolean } | { outcome: 'invalid_token'; reason: string };

/** A click: where it goes (the token says, signed), and the click recorded on the message if it still exists. */
export async function recordClick(store: CrmStore, key: Buffer, token: string, now: string): Promise<ClickOutcome> {
  const check = verifyLinkToken(key, token);
  if (!check.ok) return { outcome: 'invalid_token', reason: check.reason };
  const { accountId, messageId, url } = check.claims;
  const recorded = await store.transaction((repos) => repos.messages.recordEngagement(accountId, messageId, 'clicked', url, now));
  // An erased shopper's old mail still reaches the shop: the redirect does not depend on the record.
  return { outcome: 'redirect', url, recorded };
}

/** An open (the pixel): recorded when the token is Rapport's; nothing else to say. */
export async function recordOpen(store: CrmStore, key: Buffer, token: string, now: string): Promise<boolean> {
  const check = verifyOpenToken(key, token);
  if (!check.ok) return false;
  const { accountId, messageId } = check.claims;
  return store.transaction((repos) => repos.messages.recordEngagement(accountId, messageId, 'opened', null, now));
}
