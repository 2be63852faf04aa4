import type { WebhookTopic } from '../../crm/webhooks/topics.ts';
import type { WebhookTopicsRepo } from '../../crm/webhooks/webhooks.port.ts';
import { query, type Executor } from '../sql/executor.ts';

// The topics an account's active webhook subscriptions want, through webhook_subscriptions_account.
const active = query('SELECT topics FROM webhook_subscriptions WHERE account_id = :accountId AND active = :yes');

export function webhookTopicsRepo(x: Executor): WebhookTopicsRepo {
  return {
    async activeTopics(accountId) {
      const rows = await x.all<{ topics: string }>(active, { accountId, yes: true });
      return [...new Set(rows.flatMap((r) => r.topics.split(',').filter(Boolean)))] as WebhookTopic[];
    },
  };
}
