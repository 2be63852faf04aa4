// Mail to a shop's support address, stored by the inbound SMTP listener before it answers 250
// (nothing acknowledged is lost) and threaded by a job (inbound-mail.service.ts).

export type ReceivedMail = { accountId: string; recipient: string; mailFrom: string | null; raw: Buffer };
export type QueuedMail = { id: number; accountId: string; recipient: string; raw: Buffer; attempts: number; receivedAt: string };

export interface InboundMailQueue {
  /** Durable once it resolves (one transaction for every recipient shop of one mail). */
  accept(rows: ReceivedMail[], receivedAt: string): Promise<void>;
  /** Pending rows due at `now`, oldest first, at most `limit`. */
  due(now: string, limit: number): Promise<QueuedMail[]>;
  complete(id: number, at: string): Promise<void>;
  /** A failed attempt: retried at `retryAt`, or dead when null. */
  fail(id: number, error: string, retryAt: string | null, at: string): Promise<void>;
  /** Deletes done rows processed before `before` (at most `limit`); returns how many. */
  purge(before: string, limit: number): Promise<number>;
}

/** What the service reads of a mail (the email channel's parser makes it: channels/email/inbound-mail.parse.ts). */
export type ParsedMail = {
  /** The Message-ID header with its angle brackets; null when the mail has none. */
  messageId: string | null;
  inReplyTo: string | null;
  /** Oldest first. */
  references: string[];
  subject: string;
  from: { address: string; name: string | null } | null;
  text: string;
  /** HTML rebuilt from the text (escaped; links made links): nothing of the sender's markup. */
  html: string;
  /** Auto-Submitted (not `no`), Precedence bulk/junk/list, or X-Autoreply. */
  autoReply: boolean;
  attachments: Array<{ filename: string; contentType: string; size: number; content: Buffer }>;
};

export type MailParser = (raw: Buffer) => Promise<ParsedMail>;

/** Attachment limits (SUPPORT_ATTACHMENT_MAX_BYTES, SUPPORT_ATTACHMENT_TYPES). */
export type AttachmentLimits = { maxBytes: number; types: readonly string[] };

/** Is this content type allowed (`image/*` style wildcards)? */
export function typeAllowed(limits: AttachmentLimits, contentType: string): boolean {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  return limits.types.some((t) => (t.endsWith('/*') ? type.startsWith(t.slice(0, -1)) : t === type));
}
