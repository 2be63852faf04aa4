import { simpleParser, type AddressObject } from 'mailparser';
import type { ParsedMail } from '../../crm/service/inbound-mail.port.ts';

// A support mail as the service inbox reads it (crm/service/inbound-mail.port.ts), with
// mailparser: threading headers, the sender, the text (from the HTML when there is no text part),
// HTML rebuilt from that text (mailparser's textAsHtml: escaped, links made links; the sender's
// own markup is never kept), auto-reply markers (RFC 3834 Auto-Submitted, Precedence) and attachments.

const ids = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map((v) => v.trim()).filter((v) => /^<[^<>\s]+>$/.test(v));

export async function parseSupportMail(raw: Buffer): Promise<ParsedMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true });
  const header = (name: string) => {
    const v = mail.headers.get(name);
    return typeof v === 'string' ? v.toLowerCase() : '';
  };
  const autoSubmitted = header('auto-submitted');
  const precedence = header('precedence');
  const from = (mail.from as AddressObject | undefined)?.value[0];
  const text = (mail.text ?? '').trim();
  return {
    messageId: ids(mail.messageId)[0] ?? null,
    inReplyTo: ids(mail.inReplyTo)[0] ?? null,
    references: ids(mail.references),
    subject: mail.subject ?? '',
    from: from?.address ? { address: from.address, name: from.name || null } : null,
    text,
    html: mail.textAsHtml ?? '',
    autoReply:
      (autoSubmitted !== '' && autoSubmitted !== 'no') ||
      ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence) ||
      mail.headers.has('x-autoreply') ||
      mail.headers.has('x-autorespond'),
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.contentType || 'application/octet-stream',
      size: a.size ?? a.content.length,
      content: a.content,
    })),
  };
}
