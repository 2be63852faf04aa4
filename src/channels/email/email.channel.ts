import nodemailer from 'nodemailer';
import type { MessageChannel, OutgoingMessage, SendOutcome } from '../../crm/messaging/channel.port.ts';
import { htmlDocument } from './html-document.ts';

// The email channel: nodemailer over SMTP (SMTP_URL, pooled connections, optional DKIM), or, with
// no SMTP_URL (the embedded default), the local outbox: the message counts as sent with provider
// `outbox` and stays in the panel, so a newcomer sees what would have gone out.

export type DkimOptions = { domainName: string; keySelector: string; privateKey: string };

export type EmailChannelOptions = {
  /** smtp:// or smtps:// with user and password; it holds a secret, so it is never logged. Unset: the outbox. */
  smtpUrl: string | undefined;
  /** The From header, e.g. `Shop <hello@shop.pk>`. */
  from: string;
  /** The envelope sender (Return-Path): where bounces go; the From address when absent. */
  bounceAddress?: string;
  /** A mailto address for List-Unsubscribe beside the one-click link (optional). */
  unsubscribeMailto?: string;
  dkim?: DkimOptions;
  ratePerSecond: number;
  /** Pooled SMTP connections (default 5). */
  maxConnections?: number;
};

// nodemailer signs List-Unsubscribe by default; RFC 8058 asks the signature to cover List-Unsubscribe-Post too.
const SIGNED_HEADERS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:Content-ID:' +
  'Content-Description:In-Reply-To:References:List-Id:List-Unsubscribe:List-Unsubscribe-Post';

/** The domain of the From address: it names our Message-IDs. */
export function fromDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}

/** The headers of one message: List-Unsubscribe (RFC 2369) with one-click (RFC 8058) on marketing mail that has a link. */
export function unsubscribeHeaders(m: Pick<OutgoingMessage, 'purpose' | 'unsubscribeUrl'>, mailto?: string): Record<string, string> {
  if (m.purpose !== 'marketing' || !m.unsubscribeUrl) return {};
  const links = [`<${m.unsubscribeUrl}>`, ...(mailto ? [`<mailto:${mailto}?subject=unsubscribe>`] : [])];
  return { 'List-Unsubscribe': links.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export function createEmailChannel(options: EmailChannelOptions): MessageChannel {
  if (!options.smtpUrl) return outboxChannel(options.ratePerSecond);
  const domain = fromDomain(options.from);
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    ...(options.dkim ? { dkim: { ...options.dkim, headerFieldNames: SIGNED_HEADERS } } : {}),
  });
  return {
    id: 'email',
    ratePerSecond: options.ratePerSecond,
    async send(m): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: m.to,
          ...(options.bounceAddress ? { envelope: { from: options.bounceAddress, to: m.to } } : {}),
          subject: m.subject ?? '',
          // The same id on every attempt: a server that got it before can tell a repeat.
          messageId: `<${m.id}@${domain}>`,
          html: htmlDocument(m.html, m.dir, m.language),
          text: m.text,
          headers: unsubscribeHeaders(m, options.unsubscribeMailto),
          ...threadOptions(m),
        });
        return { outcome: 'sent', provider: 'smtp', providerMessageId: info.messageId };
      } catch (err) {
        return failure(err);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * A reply in a support thread (payload `email_thread`, crm/service): In-Reply-To and References
 * so the customer's client threads it, Reply-To the shop's support address so the answer comes
 * back to the inbound listener.
 */
export function threadOptions(m: Pick<OutgoingMessage, 'payload'>): { inReplyTo?: string; references?: string[]; replyTo?: string } {
  const p = m.payload as { type?: string; inReplyTo?: unknown; references?: unknown; replyTo?: unknown } | null | undefined;
  if (p?.type !== 'email_thread') return {};
  const refs = Array.isArray(p.references) ? p.references.filter((r): r is string => typeof r === 'string') : [];
  return {
    ...(typeof p.inReplyTo === 'string' ? { inReplyTo: p.inReplyTo } : {}),
    ...(refs.length ? { references: refs } : {}),
    ...(typeof p.replyTo === 'string' ? { replyTo: p.replyTo } : {}),
  };
}

/** 5xx replies are permanent (RFC 5321); 4xx replies and connection faults pass. */
function failure(err: unknown): SendOutcome {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
  const error = [e.code, e.message].filter(Boolean).join(': ').slice(0, 500) || 'SMTP send failed';
  return { outcome: 'failed', retryable: !permanent, error };
}

function outboxChannel(ratePerSecond: number): MessageChannel {
  return {
    id: 'email',
    ratePerSecond,
    async send(m) {
      return { outcome: 'sent', provider: 'outbox', providerMessageId: `outbox:${m.id}` };
    },
    async close() {},
  };
}
