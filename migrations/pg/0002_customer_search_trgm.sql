-- Custom (drizzle-kit cannot declare an extension or an operator class): customer search is
-- `account_id = $1 AND search_text LIKE '%term%'` (src/db/queries/customers.query.ts), a substring
-- match no b-tree can serve. One GIN index over (account_id, search_text trigrams) answers both
-- conditions from the index: only the shop's matching rows are read, however many customers the
-- other shops have (btree_gin lets the text account_id sit in a GIN index). Terms under three
-- characters have no trigram and fall back to the account's b-tree indexes.
-- pg_trgm and btree_gin are trusted extensions: the database owner may create them.
-- Not CONCURRENTLY: it lands with the tables, on an empty customers table.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_search_trgm ON customers USING gin (account_id, search_text gin_trgm_ops);
