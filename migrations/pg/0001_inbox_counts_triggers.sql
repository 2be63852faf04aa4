-- Custom (drizzle-kit cannot declare triggers): the PostgreSQL twin of src/db/inbox-counts.sqlite.ts.
-- webhook_inbox_counts stays equal to `SELECT account_id, status, count(*) FROM webhook_inbox
-- GROUP BY 1, 2` through every insert, status change and delete (cascades included), so health and
-- the panel read a few rows instead of counting the inbox.
-- An update moves one delivery between two count rows in ONE statement, rows in key order, so two
-- single-delivery moves in opposite directions (pending -> dead, dead -> pending) lock the count
-- rows in the same order. A transaction moving several deliveries still locks rows as it goes:
-- the shared inbox (issue #15) should move a batch in one statement, or order its batches.
CREATE FUNCTION webhook_inbox_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO webhook_inbox_counts AS c (account_id, status, n) VALUES (NEW.account_id, NEW.status, 1)
      ON CONFLICT (account_id, status) DO UPDATE SET n = c.n + 1;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO webhook_inbox_counts AS c (account_id, status, n)
      SELECT d.account_id, d.status, d.n
        FROM (VALUES (OLD.account_id, OLD.status, -1), (NEW.account_id, NEW.status, 1)) AS d (account_id, status, n)
        ORDER BY d.account_id, d.status
      ON CONFLICT (account_id, status) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    UPDATE webhook_inbox_counts SET n = n - 1 WHERE account_id = OLD.account_id AND status = OLD.status;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER webhook_inbox_counts_insert AFTER INSERT ON webhook_inbox
  FOR EACH ROW EXECUTE FUNCTION webhook_inbox_counts_apply();
--> statement-breakpoint
CREATE TRIGGER webhook_inbox_counts_update AFTER UPDATE OF status, account_id ON webhook_inbox
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.account_id IS DISTINCT FROM NEW.account_id)
  EXECUTE FUNCTION webhook_inbox_counts_apply();
--> statement-breakpoint
CREATE TRIGGER webhook_inbox_counts_delete AFTER DELETE ON webhook_inbox
  FOR EACH ROW EXECUTE FUNCTION webhook_inbox_counts_apply();
--> statement-breakpoint
-- Deliveries written before the triggers existed (none on a fresh database; kept for a restore).
DELETE FROM webhook_inbox_counts;
--> statement-breakpoint
INSERT INTO webhook_inbox_counts (account_id, status, n)
  SELECT account_id, status, count(*) FROM webhook_inbox GROUP BY account_id, status;
