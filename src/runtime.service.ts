import type { Config } from './config/config.ts';
import { fromDomain } from './channels/email/email.channel.ts';
import { parseSupportMail } from './channels/email/inbound-mail.parse.ts';
import type { InboundRoute } from './channels/email/inbound-smtp.ts';
import type { AttachmentLimits, InboundMailQueue, MailParser } from './crm/service/inbound-mail.port.ts';
import { createTicketActions, type TicketActions } from './crm/service/ticket-actions.service.ts';
import type { TicketQueriesPort } from './crm/service/ticket-queries.port.ts';
import type { SupportAddressesPort } from './crm/service/tickets.port.ts';
import type { CrmStore } from './crm/store.port.ts';
import { createTicketQueries } from './db/queries/tickets.query.ts';
import { createInboundMailQueue, createSupportAddresses } from './db/service.repo.ts';
import type { SqlDatabase } from './db/sql/database.ts';

// Wires the service inbox (crm/service): the admin's ticket actions and read model, the support
// addresses, the inbound-mail queue and parser the job runs on, and how the inbound SMTP listener
// routes a recipient (wiring only).

export type ServiceRuntime = {
  /** What the admin API uses. */
  ports: { addresses: SupportAddressesPort; queries: TicketQueriesPort; actions: TicketActions };
  /** What the inbound-mail job runs on (crm/service/inbound-mail.service.ts). */
  inboundMail: { store: CrmStore; queue: InboundMailQueue; parse: MailParser; limits: AttachmentLimits };
  /** The listener's routing: the bounce (or From) address takes reports, a shop's support address its mail, the rest is refused. */
  route: (recipient: string) => Promise<InboundRoute>;
};

const addressOf = (from: string) => (/<([^>]+)>\s*$/.exec(from)?.[1] ?? from).trim().toLowerCase();

export function createServiceRuntime(deps: { config: Config; database: SqlDatabase; store: CrmStore }): ServiceRuntime {
  const { config } = deps;
  const addresses = createSupportAddresses(deps.database);
  const reports = new Set(
    [config.MAIL_BOUNCE_ADDRESS, addressOf(config.MAIL_FROM)].filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()),
  );
  return {
    ports: {
      addresses,
      queries: createTicketQueries(deps.database),
      actions: createTicketActions({ store: deps.store, addresses, mailDomain: fromDomain(config.MAIL_FROM) }),
    },
    inboundMail: {
      store: deps.store,
      queue: createInboundMailQueue(deps.database),
      parse: parseSupportMail,
      limits: {
        maxBytes: config.SUPPORT_ATTACHMENT_MAX_BYTES,
        types: config.SUPPORT_ATTACHMENT_TYPES.split(',').map((t) => t.trim().toLowerCase()),
      },
    },
    async route(recipient) {
      // A shop's support address first: a one-shop install may send From its support address.
      const accountId = await addresses.accountFor(recipient);
      if (accountId) return { kind: 'support', accountId };
      return reports.has(recipient.trim().toLowerCase()) ? { kind: 'reports' } : { kind: 'refused' };
    },
  };
}
