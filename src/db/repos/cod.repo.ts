import { DEFAULT_COD_SETTINGS, type CodConfirmation, type CodRepo } from '../../crm/cod/cod.port.ts';
import { query, type Executor } from '../sql/executor.ts';

// crm's CodRepo on either database (schema/cod.ts). A row changes only from the status its writer
// read (`save` … WHERE status = :expected): an answer racing the job's reminder wins once.

const COLUMNS = `id, account_id AS "accountId", connection_id AS "connectionId", order_external_id AS "orderExternalId",
  order_name AS "orderName", customer_id AS "customerId", phone, status, asked_at AS "askedAt", reminded_at AS "remindedAt",
  answered_at AS "answeredAt", next_due_at AS "nextDueAt", store_action AS "storeAction", store_state AS "storeState",
  store_error AS "storeError", created_at AS "createdAt", updated_at AS "updatedAt"`;

const q = {
  settings: query(`SELECT enabled, template_id AS "templateId", reminder_hours AS "reminderHours", review_hours AS "reviewHours",
    cancel_at_store AS "cancelAtStore", updated_at AS "updatedAt" FROM cod_confirmation_settings WHERE account_id = :accountId`),
  saveSettings:
    query(`INSERT INTO cod_confirmation_settings (account_id, enabled, template_id, reminder_hours, review_hours, cancel_at_store, updated_at)
    VALUES (:accountId, :enabled, :templateId, :reminderHours, :reviewHours, :cancelAtStore, :now)
    ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled, template_id = excluded.template_id,
      reminder_hours = excluded.reminder_hours, review_hours = excluded.review_hours, cancel_at_store = excluded.cancel_at_store,
      updated_at = excluded.updated_at`),
  note: query(`INSERT INTO cod_confirmations (id, account_id, connection_id, order_external_id, order_name, customer_id, phone, status,
      next_due_at, created_at, updated_at)
    VALUES (:id, :accountId, :connectionId, :orderExternalId, :orderName, :customerId, :phone, :status, :nextDueAt, :createdAt, :updatedAt)
    ON CONFLICT (connection_id, order_external_id) DO NOTHING`),
  get: query(`SELECT ${COLUMNS} FROM cod_confirmations WHERE account_id = :accountId AND id = :id`),
  due: query(`SELECT ${COLUMNS} FROM cod_confirmations WHERE next_due_at <= :now ORDER BY next_due_at, id LIMIT :limit`),
  storePending: query(`SELECT ${COLUMNS} FROM cod_confirmations WHERE store_state = 'pending' ORDER BY updated_at, id LIMIT :limit`),
  save: query(`UPDATE cod_confirmations SET status = :status, asked_at = :askedAt, reminded_at = :remindedAt, answered_at = :answeredAt,
      next_due_at = :nextDueAt, store_action = :storeAction, store_state = :storeState, store_error = :storeError, updated_at = :updatedAt
    WHERE account_id = :accountId AND id = :id AND status = :expected`),
};

export function codRepo(x: Executor): CodRepo {
  return {
    async settings(accountId) {
      const row = await x.get<{
        enabled: unknown;
        templateId: string | null;
        reminderHours: number;
        reviewHours: number;
        cancelAtStore: unknown;
        updatedAt: string;
      }>(q.settings, { accountId });
      if (!row) return DEFAULT_COD_SETTINGS;
      return {
        enabled: Boolean(row.enabled),
        templateId: row.templateId,
        reminderHours: Number(row.reminderHours),
        reviewHours: Number(row.reviewHours),
        cancelAtStore: Boolean(row.cancelAtStore),
        updatedAt: row.updatedAt,
      };
    },
    async saveSettings(accountId, s, now) {
      await x.run(q.saveSettings, { accountId, ...s, now });
    },
    async note(c) {
      return (await x.run(q.note, c)) > 0;
    },
    get: (accountId, id) => x.get<CodConfirmation>(q.get, { accountId, id }),
    due: (now, limit) => x.all<CodConfirmation>(q.due, { now, limit }),
    storePending: (limit) => x.all<CodConfirmation>(q.storePending, { limit }),
    async save(c, expected) {
      return (await x.run(q.save, { ...c, expected })) > 0;
    },
  };
}
