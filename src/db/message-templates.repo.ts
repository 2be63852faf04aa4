import type { MessageTemplatesPort } from '../crm/messaging/templates/message-templates.port.ts';
import type { MessageTemplate } from '../crm/messaging/templates/template.ts';
import type { SqlDatabase } from './sql/database.ts';
import { sqlOf } from './sql/dialect.ts';
import { query, type Executor } from './sql/executor.ts';

// Message templates (schema/message-templates.ts), crm's MessageTemplatesPort: one SQL text for
// both databases, every statement filtered by account. Variants are stored as JSON text.

const COLUMNS = `id, account_id AS "accountId", name, channel, purpose, variants, created_at AS "createdAt", updated_at AS "updatedAt"`;

const q = {
  list: query(
    (d) => `SELECT ${COLUMNS} FROM message_templates WHERE account_id = :accountId ORDER BY created_at, ${sqlOf(d).bytewise('id')}`,
  ),
  get: query(`SELECT ${COLUMNS} FROM message_templates WHERE account_id = :accountId AND id = :id`),
  byName: query(`SELECT ${COLUMNS} FROM message_templates WHERE account_id = :accountId AND name = :name`),
  insert: query(`INSERT INTO message_templates (id, account_id, name, channel, purpose, variants, created_at, updated_at)
    VALUES (:id, :accountId, :name, :channel, :purpose, :variants, :createdAt, :updatedAt)`),
  update: query(`UPDATE message_templates SET name = :name, channel = :channel, purpose = :purpose, variants = :variants,
    updated_at = :updatedAt WHERE account_id = :accountId AND id = :id`),
  delete: query('DELETE FROM message_templates WHERE account_id = :accountId AND id = :id'),
};

type Row = Omit<MessageTemplate, 'variants'> & { variants: string };
const toTemplate = (row: Row): MessageTemplate => ({ ...row, variants: JSON.parse(row.variants) as MessageTemplate['variants'] });

export function createMessageTemplatesRepo(database: SqlDatabase): MessageTemplatesPort {
  return messageTemplatesOn(database.x);
}

export function messageTemplatesOn(x: Executor): MessageTemplatesPort {
  return {
    list: async (accountId) => (await x.all<Row>(q.list, { accountId })).map(toTemplate),
    async get(accountId, id) {
      const row = await x.get<Row>(q.get, { accountId, id });
      return row && toTemplate(row);
    },
    async byName(accountId, name) {
      const row = await x.get<Row>(q.byName, { accountId, name });
      return row && toTemplate(row);
    },
    async insert(template) {
      await x.run(q.insert, { ...template, variants: JSON.stringify(template.variants) });
    },
    async update(accountId, id, patch) {
      await x.run(q.update, { accountId, id, ...patch, variants: JSON.stringify(patch.variants) });
    },
    async delete(accountId, id) {
      return (await x.run(q.delete, { accountId, id })) > 0;
    },
  };
}
