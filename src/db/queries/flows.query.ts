import type { FlowFigures, FlowFiguresPort } from '../../crm/flows/flows.port.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { query } from '../sql/executor.ts';

// The flows' figures for the admin (crm's FlowFiguresPort), one SQL text for both databases:
// the account's messages since a time over the `(account_id, queued_at)` index, those of flows
// counted by kind and status; the skips summed from `flow_skips` by its primary key's prefix.

const q = {
  messages: query(`SELECT source_id AS kind, status, CAST(count(*) AS bigint) AS n FROM messages
    WHERE account_id = :accountId AND queued_at >= :since AND source = 'flow' GROUP BY source_id, status`),
  skips: query(`SELECT kind, CAST(sum(count) AS bigint) AS n FROM flow_skips WHERE account_id = :accountId AND day >= :sinceDay
    GROUP BY kind`),
  // Checkouts messaged since then (the `(account_id, messaged_at)` index) that an order recovered.
  recovered: query(`SELECT CAST(count(*) AS bigint) AS n, CAST(coalesce(sum(recovered_minor), 0) AS bigint) AS minor,
    max(currency) AS currency FROM checkouts
    WHERE account_id = :accountId AND messaged_at >= :since AND status = 'recovered'`),
};

const SENT = new Set(['sent', 'delivered']);
const FAILED = new Set(['failed', 'bounced']);

export function createFlowFiguresQuery(database: SqlDatabase): FlowFiguresPort {
  const x = database.x;
  return {
    async figures(accountId, since) {
      const out = new Map<string, FlowFigures>();
      const of = (kind: string) => {
        let f = out.get(kind);
        if (!f)
          out.set(
            kind,
            (f = { queued: 0, sent: 0, failed: 0, suppressed: 0, skipped: 0, recovered: 0, recoveredMinor: 0, recoveredCurrency: null }),
          );
        return f;
      };
      for (const r of await x.all<{ kind: string | null; status: string; n: number }>(q.messages, { accountId, since })) {
        if (!r.kind) continue;
        const f = of(r.kind);
        const n = Number(r.n);
        f.queued += n;
        if (SENT.has(r.status)) f.sent += n;
        else if (FAILED.has(r.status)) f.failed += n;
        else if (r.status === 'suppressed') f.suppressed += n;
      }
      for (const r of await x.all<{ kind: string; n: number }>(q.skips, { accountId, sinceDay: since.slice(0, 10) }))
        of(r.kind).skipped += Number(r.n);
      const recovered = await x.get<{ n: number; minor: number; currency: string | null }>(q.recovered, { accountId, since });
      if (recovered && Number(recovered.n) > 0) {
        const f = of('abandoned_checkout');
        f.recovered = Number(recovered.n);
        f.recoveredMinor = Number(recovered.minor);
        f.recoveredCurrency = recovered.currency;
      }
      return out;
    },
  };
}
