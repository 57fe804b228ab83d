// `npm run seed -- --tenant acme --seed 7 --size small [--country CA] [--orders 300 ...] [--today 2026-09-30] [--replace]`
// Generates a BPro dataset and writes it into DATABASE_URL's bpro tables for one tenant.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb } from '../client';
import { generateBproDataset } from './generate';
import { sizePresetNames, type BproSizes } from './sizes';
import { bproTenantHasData, deleteBproTenant, writeBproDataset } from './write';

const USAGE = `Usage: npm run seed -- [options]
  --tenant <id>        tenant id (default: demo)
  --seed <text>        PRNG seed (default: 42)
  --size <preset>      ${sizePresetNames.join(' | ')} (default: demo)
  --country <US|CA>    CA: a Canadian tenant (GST/HST/PST tax groups) (default: US)
  --categories <n> --products <n> --customers <n> --jobs <n>
  --orders <n> --payments <n> --refunds <n>     override the preset's counts
  --today <YYYY-MM-DD> anchor date (default: the generator's fixed date)
  --replace            delete the tenant's existing bpro rows first
Needs DATABASE_URL.`;

const count = z.coerce.number().int().min(0).optional();
const Args = z.object({
  tenant: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only (1–64)'),
  seed: z.string().min(1),
  size: z
    .enum(sizePresetNames as [string, ...string[]])
    .transform((v) => v as (typeof sizePresetNames)[number]),
  today: z.iso.date().optional(),
  country: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['US', 'CA'])),
  replace: z.boolean(),
  help: z.boolean(),
  categories: count,
  products: count,
  customers: count,
  jobs: count,
  orders: count,
  payments: count,
  refunds: count,
});

function fail(message: string): never {
  console.error(`seed: ${message}`);
  process.exit(1);
}

async function main() {
  let raw;
  try {
    raw = parseArgs({
      options: {
        tenant: { type: 'string', default: 'demo' },
        seed: { type: 'string', default: '42' },
        size: { type: 'string', default: 'demo' },
        today: { type: 'string' },
        country: { type: 'string', default: 'US' },
        replace: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        categories: { type: 'string' },
        products: { type: 'string' },
        customers: { type: 'string' },
        jobs: { type: 'string' },
        orders: { type: 'string' },
        payments: { type: 'string' },
        refunds: { type: 'string' },
      },
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const parsed = Args.safeParse(raw);
  if (!parsed.success) {
    fail(
      `${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n')}\n${USAGE}`,
    );
  }
  const args = parsed.data;
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const url = process.env.DATABASE_URL;
  if (!url) fail('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/qbo_sync).');

  const overrides: Partial<BproSizes> = {};
  for (const key of [
    'categories',
    'products',
    'customers',
    'jobs',
    'orders',
    'payments',
    'refunds',
  ] as const) {
    const value = args[key];
    if (value !== undefined) overrides[key] = value;
  }

  const started = performance.now();
  let dataset;
  try {
    dataset = generateBproDataset({
      tenantId: args.tenant,
      seed: args.seed,
      size: args.size,
      sizes: overrides,
      country: args.country,
      ...(args.today ? { today: args.today } : {}),
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const generated = performance.now();

  const handle = createDb(url, { max: 1, applicationName: 'qbo-sync-seed' });
  try {
    if (await bproTenantHasData(handle.db, args.tenant)) {
      if (!args.replace)
        fail(`tenant "${args.tenant}" already has BPro rows; pass --replace to overwrite them.`);
      await deleteBproTenant(handle.db, args.tenant);
    }
    const cleared = performance.now();
    const counts = await writeBproDataset(handle.db, dataset);
    const written = performance.now();

    console.log(
      `Seeded tenant "${args.tenant}" (seed ${dataset.seed}, size ${args.size}, today ${dataset.today}):`,
    );
    const width = Math.max(...Object.keys(counts).map((k) => k.length));
    let total = 0;
    for (const [table, n] of Object.entries(counts)) {
      total += n;
      console.log(`  ${table.padEnd(width)}  ${String(n).padStart(7)}`);
    }
    console.log(`  ${'total'.padEnd(width)}  ${String(total).padStart(7)}`);
    console.log(
      `Generated in ${(generated - started).toFixed(0)} ms, ` +
        (args.replace ? `cleared in ${(cleared - generated).toFixed(0)} ms, ` : '') +
        `written in ${(written - cleared).toFixed(0)} ms.`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
