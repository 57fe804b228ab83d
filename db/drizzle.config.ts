import { defineConfig } from 'drizzle-kit';

// Used by `npm run db:generate` and the drift check. Migrations are generated, committed and
// applied by db/migrate.ts; never hand-edited.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: process.env.DRIZZLE_OUT ?? './db/migrations',
  schemaFilter: ['bpro', 'qbo_sync'],
  strict: true,
  verbose: false,
});
