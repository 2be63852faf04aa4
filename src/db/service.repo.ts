import type { InboundMailQueue } from '../crm/service/inbound-mail.port.ts';
import { baseAddress } from '../crm/service/threading.ts';
import type { SupportAddressesPort } from '../crm/service/tickets.port.ts';
import { isUniqueViolation } from './sql/conflicts.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query } from './sql/executor.ts';

// The service inbox's standalone storage on either database (schema/service.ts): each shop's
// support address (unique: the listener finds the shop by it at RCPT time) and the queue of raw
// mail the listener accepted. Each call is its own statement or short transaction.

const q = {
  get: query('SELECT support_address AS "supportAddress", updated_at AS "updatedAt" FROM service_settings WHERE account_id = :accountId'),
  set: query(`INSERT INTO service_settings (account_id, support_address, updated_at) VALUES (:accountId, :address, :now)
    ON CONFLICT (account_id) DO UPDATE SET support_address = excluded.support_address, updated_at = excluded.updated_at`),
  accountFor: query('SELECT account_id AS "accountId" FROM service_settings WHERE support_address = :address'),
  accept:
    query(`INSERT INTO inbound_mail (account_id, recipient, mail_from, raw_base64, size, status, attempts, received_at, next_attempt_at)
    VALUES (:accountId, :recipient, :mailFrom, :rawBase64, :size, 'pending', 0, :receivedAt, :receivedAt)`),
  due: query(`SELECT id, account_id AS "accountId", recipient, raw_base64 AS "rawBase64", attempts, received_at AS "receivedAt"
    FROM inbound_mail WHERE status = 'pending' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit`),
  complete: query(`UPDATE inbound_mail SET status = 'done', processed_at = :at, last_error = NULL WHERE id = :id`),
  fail: query(`UPDATE inbound_mail SET status = :status, attempts = attempts + 1, last_error = :error, next_attempt_at = :nextAttemptAt,
      processed_at = :processedAt WHERE id = :id`),
  purge: query(`DELETE FROM inbound_mail WHERE id IN (
    SELECT id FROM inbound_mail WHERE status = 'done' AND processed_at < :before ORDER BY processed_at LIMIT :limit)`),
};

export function createSupportAddresses(database: SqlDatabase): SupportAddressesPort {
  const x = database.x;
  return {
    async get(accountId) {
      const row = await x.get<{ supportAddress: string | null; updatedAt: string }>(q.get, { accountId });
      return { supportAddress: row?.supportAddress ?? null, updatedAt: row?.updatedAt ?? null };
    },
    async set(accountId, address, now) {
      try {
        await x.run(q.set, { accountId, address: address === null ? null : baseAddress(address), now });
        return { outcome: 'saved' };
      } catch (err) {
        if (isUniqueViolation(err)) return { outcome: 'taken' };
        throw err;
      }
    },
    async accountFor(address) {
      return (await x.get<{ accountId: string }>(q.accountFor, { address: baseAddress(address) }))?.accountId;
    },
  };
}

export function createInboundMailQueue(database: SqlDatabase): InboundMailQueue {
  const x = database.x;
  return {
    async accept(rows, receivedAt) {
      if (!rows.length) return;
      await database.transaction(async (t) => {
        for (const r of rows) {
          await t.run(q.accept, {
            accountId: r.accountId,
            recipient: r.recipient,
            mailFrom: r.mailFrom,
            rawBase64: r.raw.toString('base64'),
            size: r.raw.length,
            receivedAt,
          });
        }
      });
    },
    async due(now, limit) {
      const rows = await x.all<{
        id: number;
        accountId: string;
        recipient: string;
        rawBase64: string;
        attempts: number;
        receivedAt: string;
      }>(q.due, { now, limit });
      return rows.map(({ rawBase64, ...r }) => ({
        ...r,
        id: Number(r.id),
        attempts: Number(r.attempts),
        raw: Buffer.from(rawBase64, 'base64'),
      }));
    },
    async complete(id, at) {
      await x.run(q.complete, { id, at });
    },
    async fail(id, error, retryAt, at) {
      await x.run(q.fail, {
        id,
        error,
        status: retryAt ? 'pending' : 'dead',
        nextAttemptAt: retryAt ?? at,
        processedAt: retryAt ? null : at,
      });
    },
    purge: (before, limit) => x.run(q.purge, { before, limit }),
  };
}
