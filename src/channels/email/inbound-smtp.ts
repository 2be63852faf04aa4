import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DeliveryReport, ReportOutcome } from '../../crm/messaging/delivery-reports.service.ts';
import type { Logger } from '../../lib/logger.ts';
import { deliveryReportsOf } from './delivery-report.parse.ts';

// Rapport's own SMTP listener (INBOUND_SMTP_PORT) for the mail a mail server forwards to it: today
// delivery reports (bounces) and complaints about mail Rapport sent. A report is answered 250 only
// once it is recorded (a failure answers 451, so the forwarding server tries again: nothing
// acknowledged is lost); mail that is no report is refused with 550 (the support inbox will take it).
// No AUTH (the forwarding server is trusted by network placement; bind it to a private address),
// no STARTTLS, at most MAX_BYTES a message.

const MAX_BYTES = 10 * 1024 * 1024;

export type InboundSmtp = { port: number; close: () => Promise<void> };

export async function startInboundSmtp(options: {
  port: number;
  host: string;
  onReport: (report: DeliveryReport) => Promise<ReportOutcome>;
  logger: Logger;
}): Promise<InboundSmtp> {
  const log = options.logger.child({ module: 'inbound-smtp' });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_BYTES,
    logger: false,
    banner: 'Rapport delivery reports',
    onData(stream, _session, callback) {
      simpleParser(stream, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true })
        .then(async (mail) => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(smtpError(552, 'Message too large'));
          const reports = deliveryReportsOf(mail);
          if (reports.length === 0) return callback(smtpError(550, 'This address takes delivery reports about Rapport mail only'));
          for (const report of reports) {
            const outcome = await options.onReport(report);
            log.info({ kind: report.kind, messageId: report.messageId, outcome }, 'delivery report');
          }
          callback();
        })
        .catch((err: unknown) => {
          log.warn({ err }, 'delivery report not recorded; the sending server will retry');
          callback(smtpError(451, 'Try again later'));
        });
    },
  });
  server.on('error', (err) => log.warn({ err }, 'inbound SMTP error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}
