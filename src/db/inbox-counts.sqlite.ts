import type Database from 'better-sqlite3';

// Keeps webhook_inbox_counts equal to `SELECT account_id, status, count(*) FROM webhook_inbox
// GROUP BY 1, 2` without ever running that query on a request: triggers move the counts in the
// same statement as every insert, status change and delete — the ack's insert, the worker, the
// retry, compliance erasure, cascades and any purge alike, in every process (the CLI too).
// Triggers live here rather than in a migration because drizzle-kit cannot declare them; a
// migration that rebuilds webhook_inbox drops them, and the next start creates them again and
// re-seeds the counts (ONE query over the (account_id, status) index, covering, no table read).

const VERSION = 'v1';
const TRIGGERS = [
  `webhook_inbox_counts_insert_${VERSION}`,
  `webhook_inbox_counts_update_${VERSION}`,
  `webhook_inbox_counts_delete_${VERSION}`,
];

const CREATE_TRIGGERS = `
CREATE TRIGGER ${TRIGGERS[0]} AFTER INSERT ON webhook_inbox BEGIN
  INSERT INTO webhook_inbox_counts (account_id, status, n) VALUES (new.account_id, new.status, 1)
    ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ${TRIGGERS[1]} AFTER UPDATE OF status, account_id ON webhook_inbox
  WHEN old.status IS NOT new.status OR old.account_id IS NOT new.account_id BEGIN
  UPDATE webhook_inbox_counts SET n = n - 1 WHERE account_id = old.account_id AND status = old.status;
  INSERT INTO webhook_inbox_counts (account_id, status, n) VALUES (new.account_id, new.status, 1)
    ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ${TRIGGERS[2]} AFTER DELETE ON webhook_inbox BEGIN
  UPDATE webhook_inbox_counts SET n = n - 1 WHERE account_id = old.account_id AND status = old.status;
END;`;

/** The one back-fill query: reads only the (account_id, status) index. */
const SEED_COUNTS_SQL = `INSERT INTO webhook_inbox_counts (account_id, status, n)
  SELECT account_id, status, count(*) FROM webhook_inbox GROUP BY account_id, status`;

/** Creates the counting triggers (and seeds the counts) unless this version of them exists. */
export function ensureInboxCounters(sqlite: Database.Database): void {
  const present = sqlite.prepare(
    `SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name IN (${TRIGGERS.map(() => '?').join(', ')})`,
  );
  if ((present.get(...TRIGGERS) as { n: number }).n === TRIGGERS.length) return;
  sqlite
    .transaction(() => {
      // Older versions (or a partial set) go; the counts are rebuilt with the triggers in one
      // transaction, so no delivery is counted twice or missed.
      const stale = sqlite
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'webhook_inbox_counts_%'`)
        .all() as { name: string }[];
      for (const t of stale) sqlite.exec(`DROP TRIGGER "${t.name.replace(/"/g, '')}"`);
      sqlite.exec('DELETE FROM webhook_inbox_counts');
      sqlite.exec(SEED_COUNTS_SQL);
      sqlite.exec(CREATE_TRIGGERS);
    })
    .immediate();
}
