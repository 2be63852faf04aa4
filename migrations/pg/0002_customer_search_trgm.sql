-- Custom (drizzle-kit cannot declare an extension or an operator class): customer search is
-- `account_id = $1 AND search_text LIKE '%term%'` (src/db/queries/customers.query.ts), a substring
-- match no b-tree can serve. A trigram GIN index on search_text answers it from the index (ANDed
-- with customers_account_email for the account), so search stays fast at 1,000,000 customers.
-- Not CONCURRENTLY: it lands with the tables, on an empty customers table.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_search_trgm ON customers USING gin (search_text gin_trgm_ops);
