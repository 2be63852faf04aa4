// What shoppers write to the shop (`inbound_messages`), on any channel; bound to each unit of work
// as `repos.inbound`. The service inbox (issue #18) builds on it.

export type InboundKind = 'text' | 'button' | 'interactive' | 'other';

export type InboundMessage = {
  id: string;
  accountId: string;
  channel: 'whatsapp' | 'sms' | 'email';
  /** E.164 for WhatsApp and SMS. */
  from: string;
  customerId: string | null;
  kind: InboundKind;
  body: string;
  /** A quick-reply button's payload or an interactive reply's id. */
  replyId: string | null;
  providerMessageId: string;
  /** The provider id of the message this one answers. */
  contextMessageId: string | null;
  receivedAt: string;
  createdAt: string;
};

export interface InboundMessagesRepo {
  /** Inserts unless the account already has this provider message id on the channel; returns whether it was new. */
  insert(message: InboundMessage): Promise<boolean>;
  /** When this address last wrote on the channel (the 24-hour customer-service window), by index. */
  lastReceivedAt(accountId: string, channel: InboundMessage['channel'], from: string): Promise<string | null>;
}
