-- Custom: the inbox counts (0001) kept per STATEMENT instead of per row. Per row, a statement that
-- inserts, moves or deletes many deliveries of one account updates the same count row once per
-- delivery inside one transaction: each update adds a row version the next one must step over,
-- so 100,000 deliveries took minutes (quadratic). Per statement, the transition tables are
-- folded by account and status first: one upsert per count row, whatever the statement's size.
-- Count rows are still written in key order, so two statements lock them in the same order.
-- Expand-safe: the counts stay exact throughout (the old triggers go in the same transaction).
CREATE FUNCTION webhook_inbox_counts_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO webhook_inbox_counts AS c (account_id, status, n)
      SELECT account_id, status, count(*) FROM new_rows GROUP BY account_id, status ORDER BY account_id, status
      ON CONFLICT (account_id, status) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO webhook_inbox_counts AS c (account_id, status, n)
      SELECT d.account_id, d.status, sum(d.n)
        FROM (SELECT account_id, status, -1 AS n FROM old_rows UNION ALL SELECT account_id, status, 1 FROM new_rows) AS d
        GROUP BY d.account_id, d.status
        HAVING sum(d.n) <> 0
        ORDER BY d.account_id, d.status
      ON CONFLICT (account_id, status) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    UPDATE webhook_inbox_counts AS c SET n = c.n - d.n
      FROM (SELECT account_id, status, count(*) AS n FROM old_rows GROUP BY account_id, status ORDER BY account_id, status) AS d
      WHERE c.account_id = d.account_id AND c.status = d.status;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER webhook_inbox_counts_insert ON webhook_inbox;
--> statement-breakpoint
DROP TRIGGER webhook_inbox_counts_update ON webhook_inbox;
--> statement-breakpoint
DROP TRIGGER webhook_inbox_counts_delete ON webhook_inbox;
--> statement-breakpoint
CREATE TRIGGER webhook_inbox_counts_insert AFTER INSERT ON webhook_inbox
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_inbox_counts_fold();
--> statement-breakpoint
-- No column list or WHEN here (PostgreSQL allows neither with transition tables): a statement that
-- changes no status or account (a claim, a lease renewal) folds to nothing and writes no count row.
CREATE TRIGGER webhook_inbox_counts_update AFTER UPDATE ON webhook_inbox
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_inbox_counts_fold();
--> statement-breakpoint
CREATE TRIGGER webhook_inbox_counts_delete AFTER DELETE ON webhook_inbox
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_inbox_counts_fold();
--> statement-breakpoint
-- contract: v0.1 stopped calling webhook_inbox_counts_apply (only 0001's triggers did; an older
-- version still serving during the deploy keeps exact counts through the new triggers).
DROP FUNCTION webhook_inbox_counts_apply();
