// WhatsApp webhook deliveries, stored before Meta gets its 200 and applied by a job
// (jobs/whatsapp-webhooks.job.ts): one row per `entry[].changes[].value`, unique per account and
// content, so a redelivery is stored once.

export type ReceivedWebhook = { accountId: string; dedupeKey: string; body: string };
export type QueuedWebhook = ReceivedWebhook & { id: number; attempts: number; receivedAt: string };

export interface WhatsAppWebhookQueue {
  /** Durable once it resolves; returns how many were new (the rest were redeliveries). */
  accept(rows: ReceivedWebhook[], receivedAt: string): Promise<number>;
  /** Pending rows due at `now`, oldest first, at most `limit`. */
  due(now: string, limit: number): Promise<QueuedWebhook[]>;
  complete(id: number, at: string): Promise<void>;
  /** A failed attempt: retried at `retryAt`, or dead when null. */
  fail(id: number, error: string, retryAt: string | null, at: string): Promise<void>;
  /** Deletes done rows processed before `before` (at most `limit`); returns how many. */
  purge(before: string, limit: number): Promise<number>;
}
