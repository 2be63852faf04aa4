import type { Delivery } from '../inbox/inbox.port.ts';
import type { Executor } from './sql/executor.ts';
import { query } from './sql/executor.ts';

// Group commit for webhook acks on PostgreSQL. One delivery per statement costs a round trip and
// a commit (a WAL flush, and NOTIFY's queue lock, taken at commit and held by one committer at a
// time) per ack: 580 acks/s on the bench machine. Here at most `concurrency` statements run at
// once; deliveries that arrive meanwhile wait and go together in the next one (one statement,
// one commit, one flush). A lone delivery on a quiet server still goes at once, alone. Each
// caller is answered after the commit that holds its delivery (ack-after-commit), with whether
// it was new; a failed statement fails every delivery in it (each sender gets a 5xx and retries).

export const INBOX_CHANNEL = 'rapport_inbox';

const ACCEPT = query(`WITH input AS (
    SELECT * FROM unnest(CAST(:accountIds AS text[]), CAST(:connectionIds AS text[]), CAST(:platforms AS text[]),
      CAST(:topics AS text[]), CAST(:dedupeKeys AS text[]), CAST(:bodies AS text[]), CAST(:triggeredAts AS text[]),
      CAST(:receivedAts AS timestamptz[]), CAST(:ordinals AS integer[]))
      AS i(account_id, connection_id, platform, topic, dedupe_key, body, triggered_at, received_at, ordinal)
  ), key AS (
    INSERT INTO webhook_dedupe (connection_id, dedupe_key, received_at)
    SELECT connection_id, dedupe_key, received_at FROM input ORDER BY ordinal
    ON CONFLICT (connection_id, dedupe_key) DO NOTHING RETURNING connection_id, dedupe_key
  ), delivery AS (
    INSERT INTO webhook_inbox (account_id, connection_id, platform, topic, dedupe_key, body, triggered_at, received_at, status, attempts)
    SELECT i.account_id, i.connection_id, i.platform, i.topic, i.dedupe_key, i.body, i.triggered_at, i.received_at, 'pending', 0
    FROM input i JOIN key k ON k.connection_id = i.connection_id AND k.dedupe_key = i.dedupe_key
    ORDER BY i.ordinal
    RETURNING connection_id, dedupe_key
  )
  SELECT connection_id AS "connectionId", dedupe_key AS "dedupeKey", pg_notify('${INBOX_CHANNEL}', '') FROM delivery`);

type Waiting = { delivery: Delivery; receivedAt: string; resolve: (accepted: boolean) => void; reject: (err: unknown) => void };

export type GroupAcceptOptions = {
  /** Statements in flight at once (default 2). */
  concurrency?: number;
  /** Deliveries per statement (default 500) and their bodies' size (default 4 MiB). */
  maxDeliveries?: number;
  maxBytes?: number;
};

export function groupAccept(x: Executor, options: GroupAcceptOptions = {}): (d: Delivery, receivedAt: string) => Promise<boolean> {
  const concurrency = options.concurrency ?? 2;
  const maxDeliveries = options.maxDeliveries ?? 500;
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const waiting: Waiting[] = [];
  let inFlight = 0;

  function take(): Waiting[] {
    let bytes = 0;
    let n = 0;
    // Always at least one, whatever its size (a delivery's size is bounded at the HTTP edge).
    while (n < waiting.length && n < maxDeliveries && (n === 0 || bytes + waiting[n]!.delivery.body.length <= maxBytes)) {
      bytes += waiting[n]!.delivery.body.length;
      n++;
    }
    return waiting.splice(0, n);
  }

  function pump(): void {
    while (inFlight < concurrency && waiting.length > 0) {
      const group = take();
      inFlight++;
      void write(group).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  async function write(group: Waiting[]): Promise<void> {
    // The same key twice in one statement: the first is written, the others answer as duplicates.
    const firsts = new Map<string, Waiting>();
    for (const w of group) {
      const k = `${w.delivery.connectionId}\u0000${w.delivery.dedupeKey}`;
      if (!firsts.has(k)) firsts.set(k, w);
    }
    const lead = [...firsts.values()];
    try {
      const rows = await x.all<{ connectionId: string; dedupeKey: string }>(ACCEPT, {
        accountIds: lead.map((w) => w.delivery.accountId),
        connectionIds: lead.map((w) => w.delivery.connectionId),
        platforms: lead.map((w) => w.delivery.platform),
        topics: lead.map((w) => w.delivery.topic),
        dedupeKeys: lead.map((w) => w.delivery.dedupeKey),
        bodies: lead.map((w) => w.delivery.body),
        triggeredAts: lead.map((w) => w.delivery.triggeredAt),
        receivedAts: lead.map((w) => w.receivedAt),
        ordinals: lead.map((_, i) => i),
      });
      const written = new Set(rows.map((r) => `${r.connectionId}\u0000${r.dedupeKey}`));
      for (const [k, w] of firsts) w.resolve(written.has(k));
      for (const w of group) if (firsts.get(`${w.delivery.connectionId}\u0000${w.delivery.dedupeKey}`) !== w) w.resolve(false);
    } catch (err) {
      for (const w of group) w.reject(err);
    }
  }

  return (delivery, receivedAt) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ delivery, receivedAt, resolve, reject });
      pump();
    });
}
