import type { WhatsAppNumber, WhatsAppNumbersPort } from '../crm/messaging/whatsapp/numbers.port.ts';
import type { WhatsAppWebhookQueue } from '../crm/messaging/whatsapp/webhook-queue.port.ts';
import { decrypt, encrypt } from '../lib/crypto.ts';
import { isUniqueViolation } from './sql/conflicts.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query } from './sql/executor.ts';

// WhatsApp storage on either database (schema/whatsapp.ts): each account's number with its access
// token sealed (AES-256-GCM under a key derived for this purpose; opened only for a send), and the
// queue of received webhook values. Each call is its own statement or short transaction.

type NumberRow = {
  accountId: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhone: string | null;
  accessTokenEnc: string;
  createdAt: string;
  updatedAt: string;
};

const NUMBER_COLUMNS = `account_id AS "accountId", phone_number_id AS "phoneNumberId", waba_id AS "wabaId", display_phone AS "displayPhone",
  access_token_enc AS "accessTokenEnc", created_at AS "createdAt", updated_at AS "updatedAt"`;

const q = {
  number: query(`SELECT ${NUMBER_COLUMNS} FROM whatsapp_numbers WHERE account_id = :accountId`),
  accountOf: query('SELECT account_id AS "accountId" FROM whatsapp_numbers WHERE phone_number_id = :phoneNumberId'),
  upsert:
    query(`INSERT INTO whatsapp_numbers (account_id, phone_number_id, waba_id, display_phone, access_token_enc, created_at, updated_at)
    VALUES (:accountId, :phoneNumberId, :wabaId, :displayPhone, :accessTokenEnc, :now, :now)
    ON CONFLICT (account_id) DO UPDATE SET phone_number_id = excluded.phone_number_id, waba_id = excluded.waba_id,
      display_phone = excluded.display_phone, access_token_enc = excluded.access_token_enc, updated_at = excluded.updated_at`),
  delete: query('DELETE FROM whatsapp_numbers WHERE account_id = :accountId'),
  accept: query(`INSERT INTO whatsapp_webhooks (account_id, dedupe_key, body, status, attempts, received_at, next_attempt_at)
    VALUES (:accountId, :dedupeKey, :body, 'pending', 0, :receivedAt, :receivedAt)
    ON CONFLICT (account_id, dedupe_key) DO NOTHING`),
  due: query(`SELECT id, account_id AS "accountId", dedupe_key AS "dedupeKey", body, attempts, received_at AS "receivedAt"
    FROM whatsapp_webhooks WHERE status = 'pending' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit`),
  complete: query(`UPDATE whatsapp_webhooks SET status = 'done', processed_at = :at, last_error = NULL WHERE id = :id`),
  fail: query(`UPDATE whatsapp_webhooks SET status = :status, attempts = attempts + 1, last_error = :error, next_attempt_at = :nextAttemptAt,
      processed_at = :processedAt WHERE id = :id`),
  purge: query(`DELETE FROM whatsapp_webhooks WHERE id IN (
    SELECT id FROM whatsapp_webhooks WHERE status = 'done' AND processed_at < :before ORDER BY processed_at LIMIT :limit)`),
};

const hint = (token: string) => `…${token.slice(-4)}`;

export function createWhatsAppNumbers(database: SqlDatabase, key: Buffer): WhatsAppNumbersPort {
  const x = database.x;
  const view = (r: NumberRow): WhatsAppNumber => ({
    accountId: r.accountId,
    phoneNumberId: r.phoneNumberId,
    wabaId: r.wabaId,
    displayPhone: r.displayPhone,
    tokenHint: hint(decrypt(r.accessTokenEnc, key)),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });
  return {
    async get(accountId) {
      const row = await x.get<NumberRow>(q.number, { accountId });
      return row ? view(row) : undefined;
    },
    async put(accountId, input, now) {
      try {
        await x.run(q.upsert, {
          accountId,
          phoneNumberId: input.phoneNumberId,
          wabaId: input.wabaId,
          displayPhone: input.displayPhone,
          accessTokenEnc: encrypt(input.accessToken, key),
          now,
        });
      } catch (err) {
        if (isUniqueViolation(err)) return { outcome: 'taken' };
        throw err;
      }
      return { outcome: 'saved', number: view((await x.get<NumberRow>(q.number, { accountId }))!) };
    },
    async delete(accountId) {
      return (await x.run(q.delete, { accountId })) > 0;
    },
    async accountOf(phoneNumberId) {
      return (await x.get<{ accountId: string }>(q.accountOf, { phoneNumberId }))?.accountId;
    },
    async credentials(accountId) {
      const row = await x.get<NumberRow>(q.number, { accountId });
      return row ? { phoneNumberId: row.phoneNumberId, accessToken: decrypt(row.accessTokenEnc, key) } : undefined;
    },
  };
}

export function createWhatsAppWebhookQueue(database: SqlDatabase): WhatsAppWebhookQueue {
  const x = database.x;
  return {
    async accept(rows, receivedAt) {
      if (!rows.length) return 0;
      return database.transaction(async (t) => {
        let fresh = 0;
        for (const row of rows) fresh += await t.run(q.accept, { ...row, receivedAt });
        return fresh;
      });
    },
    async due(now, limit) {
      const rows = await x.all<{ id: number; accountId: string; dedupeKey: string; body: string; attempts: number; receivedAt: string }>(
        q.due,
        {
          now,
          limit,
        },
      );
      return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
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
    async purge(before, limit) {
      return x.run(q.purge, { before, limit });
    },
  };
}
