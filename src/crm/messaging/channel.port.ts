import type { ConsentChannel } from '../customers/consent.port.ts';
import type { MessagePayload, MessagePurpose } from './messages.port.ts';

// One port for every way Rapport writes to a shopper (email and WhatsApp now; SMS is an adapter to
// come). A channel's id is the consent channel a message on it is checked against.

export type ChannelId = ConsentChannel;

/** A claimed message, with its rendered content, as a channel sends it. */
export type OutgoingMessage = {
  id: string;
  accountId: string;
  channel: ChannelId;
  purpose: MessagePurpose;
  to: string;
  language: string;
  dir: 'ltr' | 'rtl';
  subject: string | null;
  html: string;
  text: string;
  /** Channel-specific content (WhatsApp: template, text or buttons); null for email. */
  payload?: MessagePayload | null;
  /** The signed one-click unsubscribe link (marketing mail to a customer); null otherwise. */
  unsubscribeUrl: string | null;
};

export type SendOutcome =
  /** `provider` names where it went: 'smtp', or 'outbox' when nothing is configured (kept, never sent). */
  | { outcome: 'sent'; provider: string; providerMessageId: string }
  /** Retryable: the provider or network may take it later (4xx SMTP replies, timeouts); otherwise it never will (5xx). */
  | { outcome: 'failed'; retryable: boolean; error: string };

export interface MessageChannel {
  readonly id: ChannelId;
  /** At most this many messages per second through this channel (the provider's rate). */
  readonly ratePerSecond: number;
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Releases pooled connections. */
  close(): Promise<void>;
}
