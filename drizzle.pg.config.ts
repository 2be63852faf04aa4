import { defineConfig } from 'drizzle-kit';

// PostgreSQL: tables built from the SQLite schema (src/db/pg/schema.ts); see migrations/README.md.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: './migrations/pg',
});
