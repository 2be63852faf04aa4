import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DeliveryReport, ReportOutcome } from '../../crm/messaging/delivery-reports.service.ts';
import type { ReceivedMail } from '../../crm/service/inbound-mail.port.ts';
import type { Logger } from '../../lib/logger.ts';
import { deliveryReportsOf } from './delivery-report.parse.ts';

// Rapport's own SMTP listener (INBOUND_SMTP_PORT) for the mail a mail server forwards to it,
// routed by envelope recipient (`route`): the bounce address takes delivery reports (bounces) and
// complaints about mail Rapport sent; a shop's support address takes customers' mail for the
// service inbox; any other recipient is refused at RCPT time with 550, so the listener is no sink
// for anyone's mail. Support mail is stored raw (`onSupportMail`) and reports recorded before the
// 250; a failure answers 451, so the forwarding server tries again: nothing acknowledged is lost.
// No AUTH (the forwarding server is trusted by network placement; bind it to a private address),
// no STARTTLS, at most MAX_BYTES a message. Without `route` every recipient takes reports.

const MAX_BYTES = 10 * 1024 * 1024;

export type InboundRoute = { kind: 'reports' } | { kind: 'support'; accountId: string } | { kind: 'refused' };

export type InboundSmtp = { port: number; close: () => Promise<void> };

export async function startInboundSmtp(options: {
  port: number;
  host: string;
  onReport: (report: DeliveryReport) => Promise<ReportOutcome>;
  route?: (recipient: string) => Promise<InboundRoute>;
  onSupportMail?: (mail: ReceivedMail[]) => Promise<void>;
  logger: Logger;
}): Promise<InboundSmtp> {
  const log = options.logger.child({ module: 'inbound-smtp' });
  const route = options.route ?? (async (): Promise<InboundRoute> => ({ kind: 'reports' }));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_BYTES,
    logger: false,
    // The client's host name is never used; a reverse lookup stalls each connection where DNS is slow or absent.
    disableReverseLookup: true,
    banner: 'Rapport inbound mail',
    onRcptTo(address, _session, callback) {
      route(address.address).then(
        (r) => callback(r.kind === 'refused' ? smtpError(550, 'No such mailbox here') : undefined),
        (err: unknown) => {
          log.warn({ err }, 'recipient not looked up; the sending server will retry');
          callback(smtpError(451, 'Try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(smtpError(552, 'Message too large'));
          const routes = await Promise.all(
            session.envelope.rcptTo.map(async (r) => ({ recipient: r.address, route: await route(r.address) })),
          );
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
          const support = new Map<string, ReceivedMail>();
          for (const { recipient, route: r } of routes) {
            if (r.kind === 'support' && !support.has(r.accountId))
              support.set(r.accountId, { accountId: r.accountId, recipient, mailFrom, raw });
          }
          if (support.size) {
            if (!options.onSupportMail) throw new Error('no support mail intake');
            await options.onSupportMail([...support.values()]);
            log.info({ shops: support.size, bytes: raw.length }, 'support mail stored');
          }
          if (routes.some((r) => r.route.kind === 'reports')) {
            const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
            const reports = deliveryReportsOf(mail);
            if (reports.length === 0 && !support.size)
              return callback(smtpError(550, 'This address takes delivery reports about Rapport mail only'));
            for (const report of reports) {
              const outcome = await options.onReport(report);
              log.info({ kind: report.kind, messageId: report.messageId, outcome }, 'delivery report');
            }
          }
          callback();
        })
        .catch((err: unknown) => {
          log.warn({ err }, 'inbound mail not recorded; the sending server will retry');
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

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}
