import { sha256Hex } from '../../lib/crypto.ts';
import { newId } from '../../lib/ids.ts';
import { normaliseEmail } from '../../lib/identity.ts';
import { contactFor } from '../customers/customers.service.ts';
import type { CrmStore, Repos } from '../store.port.ts';
import { typeAllowed, type AttachmentLimits, type InboundMailQueue, type MailParser, type ParsedMail } from './inbound-mail.port.ts';
import { textToHtml } from './text-html.ts';
import { cleanSubject, plusNumber, tokenIn } from './threading.ts';
import { addCustomerMessage, openTicket } from './tickets.service.ts';
import type { Ticket } from './tickets.port.ts';

// Threads one stored mail into the shop's tickets, in one unit of work:
// 1. its In-Reply-To / References naming a message of a ticket (ours or the customer's);
// 2. else the ticket token in the subject (`[#1042]`) or a plus-address (`support+1042@…`), from
//    the ticket's own address only;
// 3. else a new ticket for the sender (matched by email, or a new contact).
// A closed ticket is not reopened: the mail starts a new one. Once per Message-ID (a hash of the
// raw mail when it has none), so a mail delivered twice is one message. Attachments over the
// size limit or of a type not allowed are dropped, each with a note on the ticket.

export type Threaded = { outcome: 'added' | 'duplicate'; ticketId: string | null; ticketNumber: number | null; newTicket: boolean };

export async function threadMail(
  repos: Repos,
  accountId: string,
  recipient: string,
  raw: Buffer,
  mail: ParsedMail,
  limits: AttachmentLimits,
  now: string,
): Promise<Threaded> {
  const externalId = mail.messageId ?? `sha256:${sha256Hex(raw)}`;
  if (await repos.tickets.hasExternal(accountId, 'email', externalId)) {
    return { outcome: 'duplicate', ticketId: null, ticketNumber: null, newTicket: false };
  }
  const from = normaliseEmail(mail.from?.address);
  let ticket = await findThread(repos, accountId, recipient, mail, from);
  if (ticket?.status === 'closed') ticket = undefined;
  let newTicket = false;
  if (!ticket) {
    const customerId = from ? await contactFor(repos, accountId, { email: from, name: mail.from?.name }, 'service', now) : null;
    ticket = await openTicket(
      repos,
      { accountId, customerId, subject: cleanSubject(mail.subject) || '(no subject)', channel: 'email', contact: from ?? '' },
      now,
    );
    newTicket = true;
  }
  const added = await addCustomerMessage(
    repos,
    ticket,
    {
      channel: 'email',
      fromAddress: from,
      text: mail.text.slice(0, 100_000),
      html: mail.html.slice(0, 300_000),
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references.slice(-50),
      externalId,
      autoReply: mail.autoReply,
      createdAt: now,
      subject: mail.subject,
    },
    now,
  );
  if (!added) return { outcome: 'duplicate', ticketId: ticket.id, ticketNumber: ticket.number, newTicket: false };
  const dropped: string[] = [];
  for (const a of mail.attachments) {
    const reason = a.size > limits.maxBytes ? 'too_large' : !typeAllowed(limits, a.contentType) ? 'type_not_allowed' : null;
    const id = newId('att');
    await repos.tickets.addAttachment(
      {
        id,
        accountId,
        ticketId: ticket.id,
        ticketMessageId: added.id,
        filename: a.filename.slice(0, 250),
        contentType: a.contentType.slice(0, 100),
        size: a.size,
        droppedReason: reason,
        createdAt: now,
      },
      reason ? null : a.content.toString('base64'),
    );
    if (reason)
      dropped.push(
        `${a.filename} (${a.contentType}, ${a.size} bytes): ${reason === 'too_large' ? 'over the size limit' : 'type not allowed'}`,
      );
  }
  if (dropped.length) {
    const text = `Attachments not kept:\n${dropped.join('\n')}`;
    await repos.tickets.addMessage({
      id: newId('tmsg'),
      accountId,
      ticketId: ticket.id,
      direction: 'note',
      channel: 'note',
      authorType: 'system',
      authorId: null,
      fromAddress: null,
      text,
      html: textToHtml(text),
      messageId: null,
      inReplyTo: null,
      references: [],
      externalId: null,
      outboundMessageId: null,
      autoReply: false,
      createdAt: now,
    });
  }
  return { outcome: 'added', ticketId: ticket.id, ticketNumber: ticket.number, newTicket };
}

async function findThread(
  repos: Repos,
  accountId: string,
  recipient: string,
  mail: ParsedMail,
  from: string | null,
): Promise<Ticket | undefined> {
  const ids = [mail.inReplyTo, ...mail.references].filter((x): x is string => Boolean(x));
  if (ids.length) {
    const byId = await repos.tickets.byMessageIds(accountId, [...new Set(ids)].slice(-50));
    if (byId) return byId;
  }
  // A number anyone can type: it joins the ticket only from the ticket's own address, so a
  // stranger cannot write into someone else's conversation.
  const number = tokenIn(mail.subject) ?? plusNumber(recipient);
  const ticket = number === null ? undefined : await repos.tickets.byNumber(accountId, number);
  return ticket && from && ticket.contact === from ? ticket : undefined;
}

export type InboundMailPass = { processed: number; duplicates: number; retried: number; dead: number };

const MAX_ATTEMPTS = 5;

/** One pass of the inbound-mail job: parse and thread due stored mail, oldest first. */
export async function processInboundMail(
  deps: { store: CrmStore; queue: InboundMailQueue; parse: MailParser; limits: AttachmentLimits; batchSize?: number },
  now: () => Date = () => new Date(),
): Promise<InboundMailPass> {
  const pass: InboundMailPass = { processed: 0, duplicates: 0, retried: 0, dead: 0 };
  for (const row of await deps.queue.due(now().toISOString(), deps.batchSize ?? 20)) {
    const at = now();
    try {
      // Parsing is CPU work on the message: outside the unit of work.
      const mail = await deps.parse(row.raw);
      const result = await deps.store.transaction((repos) =>
        threadMail(repos, row.accountId, row.recipient, row.raw, mail, deps.limits, at.toISOString()),
      );
      await deps.queue.complete(row.id, at.toISOString());
      if (result.outcome === 'duplicate') pass.duplicates++;
      else pass.processed++;
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const last = row.attempts + 1 >= MAX_ATTEMPTS;
      const retryAt = last ? null : new Date(at.getTime() + 30_000 * 2 ** Math.min(row.attempts, 6)).toISOString();
      await deps.queue.fail(row.id, error, retryAt, at.toISOString());
      if (last) pass.dead++;
      else pass.retried++;
    }
  }
  return pass;
}
