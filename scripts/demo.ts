// `npm run demo`: the main job on embedded defaults. Brings up the local stack (Temporal dev
// server with its Web UI, PostgreSQL or embedded PGlite, API + worker), migrates, seeds a demo
// tenant with generated BPro data, proves the path API → Temporal → worker → Postgres with a
// stack-check workflow, and prints what runs where. Later issues make it sync to QuickBooks.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadApiConfig } from '../api/config';
import { ConfigError } from '../config/load';
import { openServiceDatabase } from '../db/open';
import { tenants } from '../db/schema';
import { deleteBproTenant, generateBproDataset, writeBproDataset } from '../db/bpro-generator';
import { loadWorkerConfig } from '../worker/config';
import { searchAttributes, workflowIds } from '../workflows/contracts';
import type { stackCheck } from '../workflows';
import { createLogger } from '../config/logger';
import { installRuntimeLogging } from '../worker/runtime-logging';
import { ensureLocalTemporal } from './lib/local-temporal';
import { startService } from './lib/service';
import { connectTemporalClient } from '../api/temporal-client';

const args = z
  .object({
    tenant: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only'),
    seed: z.coerce.number().int(),
    size: z.enum(['tiny', 'small', 'demo', 'bench']),
    check: z.boolean(),
  })
  .parse(
    parseArgs({
      options: {
        tenant: { type: 'string', default: 'demo' },
        seed: { type: 'string', default: '42' },
        size: { type: 'string', default: 'demo' },
        check: { type: 'boolean', default: false },
      },
    }).values,
  );

const t0 = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);

let api, worker;
try {
  api = loadApiConfig();
  worker = loadWorkerConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// The demo prints its own summary; the SDK only speaks up for warnings and errors.
installRuntimeLogging('warn', createLogger('worker', 'warn'));

const cleanups: Array<() => Promise<void>> = [];
const shutdown = async (code: number) => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(String(e)));
  process.exit(code);
};

try {
  step(`Temporal: looking for a server at ${api.temporal.address} ...`);
  const temporal = await ensureLocalTemporal(api.temporal);
  cleanups.push(temporal.stop);
  step(
    temporal.startedHere
      ? `Temporal dev server started (${temporal.address}).`
      : `Using the Temporal server at ${temporal.address}.`,
  );

  step(
    api.databaseUrl
      ? 'PostgreSQL: DATABASE_URL, applying migrations ...'
      : 'PostgreSQL: embedded PGlite (.data/pglite), applying migrations ...',
  );
  const database = await openServiceDatabase(api.databaseUrl, { applicationName: 'qbo-sync-demo' });
  cleanups.push(database.close);

  step(`Seeding tenant "${args.tenant}" (generator seed ${args.seed}, size ${args.size}) ...`);
  await database.db
    .insert(tenants)
    .values({ id: args.tenant, name: 'Demo Rentals & Retail', qboEnabled: true })
    .onConflictDoUpdate({ target: tenants.id, set: { qboEnabled: true, updatedAt: new Date() } });
  const today = new Date().toISOString().slice(0, 10);
  const dataset = generateBproDataset({ tenantId: args.tenant, seed: args.seed, size: args.size, today });
  await deleteBproTenant(database.db, args.tenant);
  await writeBproDataset(database.db, dataset);

  step('Starting the API and the worker ...');
  const service = await startService(api, worker, database.db);
  cleanups.push(service.stop);

  const client = await connectTemporalClient(api.temporal);
  cleanups.push(() => client.connection.close());
  const workflowId = workflowIds.stackCheck(args.tenant);
  const result = await client.workflow.execute<typeof stackCheck>('stackCheck', {
    taskQueue: api.temporal.taskQueue,
    workflowId,
    args: [{ tenantId: args.tenant }],
    typedSearchAttributes: [{ key: searchAttributes.tenantId, value: args.tenant }],
    staticSummary: `Stack check for tenant ${args.tenant}`,
  });
  step(`Stack check through Temporal → worker → PostgreSQL: OK (workflow ${workflowId}).`);

  const counts = Object.entries(result.bproRecords)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
  const uiLink = `${temporal.uiUrl}/namespaces/${api.temporal.namespace}/workflows?query=${encodeURIComponent(`BproTenantId="${args.tenant}"`)}`;
  console.log(`
qbo-sync demo is up
  API              ${service.apiUrl}/api/v1   (Authorization: Bearer ${api.apiToken === 'dev-api-token' ? 'dev-api-token' : '<API_TOKEN>'})
  Temporal         ${temporal.address} (namespace ${api.temporal.namespace}, task queue ${api.temporal.taskQueue})
  Temporal Web UI  ${temporal.uiUrl}
  Demo workflows   ${uiLink}
  PostgreSQL       ${database.embedded ? `embedded PGlite, data in ${database.embedded.dataDir}` : 'DATABASE_URL'}
  QuickBooks       ${api.qbo.environment}${api.qbo.environment === 'emulator' ? ` (${api.qbo.emulatorUrl}; the emulator and the sync arrive with issues 3–5)` : ''}
  Demo tenant      "${args.tenant}": ${counts}
`);

  if (args.check) {
    step('--check given: stopping.');
    await shutdown(0);
  } else {
    console.log('Press Ctrl-C to stop everything.');
    process.once('SIGINT', () => void shutdown(0));
    process.once('SIGTERM', () => void shutdown(0));
  }
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
