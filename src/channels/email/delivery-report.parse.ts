import type { ParsedMail } from 'mailparser';
import type { DeliveryReport } from '../../crm/messaging/delivery-reports.service.ts';

// Delivery reports out of a received mail (mailparser's parse): RFC 3464 delivery status
// notifications (`multipart/report; report-type=delivery-status`: per recipient a Final-Recipient,
// an Action and a Status) and RFC 5965 abuse reports (`report-type=feedback-report`). Either names
// our message by the Message-ID in the returned headers (`<msg_…@domain>`: the sender sets it from
// the message's id, email.channel.ts). Anything else is no report.

const OUR_MESSAGE_ID = /^Message-ID:\s*<(msg_[0-9a-f]{16,64})@[^>\s]+>/im;
const RECIPIENT_BLOCK =
  /Final-Recipient:\s*[\w-]+\s*;\s*<?([^\s>]+)>?[\s\S]*?Action:\s*([\w-]+)[\s\S]*?Status:\s*(\d\.\d{1,3}\.\d{1,3})(?:[\s\S]*?Diagnostic-Code:\s*([^\r\n]+))?/gi;

export function deliveryReportsOf(mail: ParsedMail): DeliveryReport[] {
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value?.toLowerCase() !== 'multipart/report') return [];
  const reportType = type.params?.['report-type']?.toLowerCase();
  // mailparser folds text parts (message/delivery-status among them) into `text`; returned headers
  // and messages are attachments.
  const parts = [mail.text ?? '', ...mail.attachments.map((a) => a.content.toString('utf8'))].join('\n');
  const messageId =
    OUR_MESSAGE_ID.exec(mail.attachments.map((a) => a.content.toString('utf8')).join('\n'))?.[1] ?? OUR_MESSAGE_ID.exec(parts)?.[1];
  if (!messageId) return [];

  if (reportType === 'feedback-report') {
    const feedback = /^Feedback-Type:\s*([\w-]+)/im.exec(parts)?.[1]?.toLowerCase();
    if (!feedback) return [];
    const recipient = /^Original-Rcpt-To:\s*<?([^\s>]+)>?/im.exec(parts)?.[1] ?? null;
    return [{ kind: 'complaint', messageId, recipient, detail: `feedback-type: ${feedback}` }];
  }
  if (reportType !== 'delivery-status') return [];
  const reports: DeliveryReport[] = [];
  // Per-recipient blocks come after the per-message block (Reporting-MTA).
  for (const m of parts.matchAll(RECIPIENT_BLOCK)) {
    const [, recipient, action, status, diagnostic] = m as unknown as [string, string, string, string, string | undefined];
    if (!/^(failed|delayed)$/i.test(action)) continue;
    reports.push({ kind: 'bounce', messageId, recipient, status, detail: (diagnostic ?? `${action} ${status}`).trim().slice(0, 500) });
  }
  return reports;
}
