import type { AutomationTrigger, AutomationTriggersRepo } from '../../crm/automation/automation.port.ts';
import { query, type Executor } from '../sql/executor.ts';

// crm's AutomationTriggersRepo on either database: `automation_triggers` by its primary key
// (connection, trigger); the event queue's per-unit filter reads `automation_triggers_account`.

const q = {
  enabled: query('SELECT DISTINCT "trigger" FROM automation_triggers WHERE account_id = :accountId AND enabled = true'),
  connections: query(
    'SELECT connection_id AS "connectionId" FROM automation_triggers WHERE account_id = :accountId AND enabled = true AND "trigger" = :trigger',
  ),
  // The WHERE on the update keeps a newer notice: one arriving late (retries, reordering) changes nothing.
  save: query(`INSERT INTO automation_triggers (account_id, connection_id, "trigger", enabled, notice_at, updated_at)
    VALUES (:accountId, :connectionId, :trigger, :enabled, :noticeAt, :updatedAt)
    ON CONFLICT (connection_id, "trigger") DO UPDATE SET enabled = excluded.enabled, notice_at = excluded.notice_at,
      updated_at = excluded.updated_at
    WHERE automation_triggers.notice_at <= excluded.notice_at`),
};

export function automationTriggersRepo(x: Executor): AutomationTriggersRepo {
  return {
    async enabledTriggers(accountId) {
      return (await x.all<{ trigger: AutomationTrigger }>(q.enabled, { accountId })).map((r) => r.trigger);
    },
    async connectionsWith(accountId, trigger) {
      return (await x.all<{ connectionId: string }>(q.connections, { accountId, trigger })).map((r) => r.connectionId);
    },
    async save(s) {
      return (await x.run(q.save, { ...s })) > 0;
    },
  };
}
