// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or, when unset, to the
// embedded development database under .data/).
import { z } from 'zod';
import { databaseFragment } from '../config/fragments';
import { loadConfig } from '../config/load';
import { openServiceDatabase } from './open';

const env = loadConfig(databaseFragment.extend({}), process.env);
const database = await openServiceDatabase(env.DATABASE_URL, { applicationName: 'qbo-sync-migrate' });
const rows = z
  .array(z.object({ n: z.coerce.number() }))
  .parse(await database.sql`select count(*) as n from drizzle.__drizzle_migrations`);
console.log(
  `Migrations applied to ${database.embedded ? `embedded PGlite (${database.embedded.dataDir})` : 'DATABASE_URL'}: ${rows[0]?.n ?? 0} in total.`,
);
await database.close();
