import { COD_CANCEL, COD_CONFIRM } from '../cod/cod-confirmation.service.ts';
import { contactFor } from '../customers/customers.service.ts';
import { consentKeyword } from '../messaging/whatsapp/keywords.ts';
import type { InboundListener } from '../messaging/whatsapp/webhook.service.ts';
import { textToHtml } from './text-html.ts';
import { subjectFromText } from './threading.ts';
import { addCustomerMessage, openTicket } from './tickets.service.ts';

// A WhatsApp message from a customer joins their WhatsApp ticket that is not closed, or starts one
// (in the unit of work that stores the inbound message). Once per wamid: the webhook job calls
// this only for a message it stored for the first time, and the ticket message is unique on it
// too. COD confirmation answers and STOP/START words are not conversations.

export const ticketFromWhatsApp: InboundListener = async (repos, accountId, m) => {
  if (m.replyId === COD_CONFIRM || m.replyId === COD_CANCEL || consentKeyword(m.body)) return;
  if (await repos.tickets.hasExternal(accountId, 'whatsapp', m.providerMessageId)) return;
  let ticket = await repos.tickets.activeFor(accountId, 'whatsapp', m.from);
  if (!ticket) {
    const customerId = m.customerId ?? (await contactFor(repos, accountId, { phone: m.from }, 'service', m.at));
    ticket = await openTicket(
      repos,
      { accountId, customerId, subject: subjectFromText(m.body), channel: 'whatsapp', contact: m.from },
      m.at,
    );
  }
  // WhatsApp's timestamps are whole seconds: never before what the ticket shows last (our reply a moment ago).
  const at = m.at > ticket.lastMessageAt ? m.at : ticket.lastMessageAt;
  await addCustomerMessage(
    repos,
    ticket,
    {
      channel: 'whatsapp',
      fromAddress: m.from,
      text: m.body,
      html: textToHtml(m.body),
      messageId: null,
      inReplyTo: null,
      references: [],
      externalId: m.providerMessageId,
      autoReply: false,
      createdAt: at,
    },
    at,
  );
};
