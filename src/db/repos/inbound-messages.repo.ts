import type { InboundMessagesRepo } from '../../crm/messaging/whatsapp/inbound.port.ts';
import { query, type Executor } from '../sql/executor.ts';

// crm's InboundMessagesRepo on either database (schema/whatsapp.ts `inbound_messages`): unique per
// (account, channel, provider message id), so a redelivered message is stored once; the window's
// read walks the (account, channel, from, received_at) index backwards for one row.

const q = {
  insert: query(`INSERT INTO inbound_messages (id, account_id, channel, from_address, customer_id, kind, body, reply_id,
      provider_message_id, context_message_id, received_at, created_at)
    VALUES (:id, :accountId, :channel, :from, :customerId, :kind, :body, :replyId, :providerMessageId, :contextMessageId, :receivedAt, :createdAt)
    ON CONFLICT (account_id, channel, provider_message_id) DO NOTHING`),
  last: query(`SELECT received_at AS "receivedAt" FROM inbound_messages
    WHERE account_id = :accountId AND channel = :channel AND from_address = :from ORDER BY received_at DESC LIMIT 1`),
};

export function inboundMessagesRepo(x: Executor): InboundMessagesRepo {
  return {
    async insert(m) {
      return (await x.run(q.insert, m)) > 0;
    },
    async lastReceivedAt(accountId, channel, from) {
      return (await x.get<{ receivedAt: string }>(q.last, { accountId, channel, from }))?.receivedAt ?? null;
    },
  };
}
