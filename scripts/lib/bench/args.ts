// `npm run bench`'s command line: flags, defaults (sized so the whole run stays under 20 minutes
// on the 2-core machine, README "Benchmarks"), and their validation.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PROJECT_ROOT } from '../paths';

export const SCENARIOS = ['alone', 'foreign', 'during', 'small', 'noisy'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const USAGE = `Usage: npm run bench -- [options]
  --scale <x>               dataset size × x (default 1: 50 categories, 500 products, 2,000 customers
                            + 500 jobs, 5,000 invoices, 5,000 payments, 200 refunds)
  --seed <text>             generator seed (default 42)
  --time-scale <n>          QBO's limits run n× faster in the sync passes (default 3: where this
                            2-core machine is not the bound; README "Benchmarks")
  --passes <list>           batched,naive (default batched; the naive baseline adds ~7 min)
  --scenarios <list>        the runs at QBO's real limits, in this order (default all):
                            alone, foreign, during (hook latency: alone, with a foreign app,
                            during an initial sync), small (ten small tenants' initial syncs,
                            alone and beside a bench-size one), noisy (2,000 hooks of one tenant)
  --no-latency              none of those scenarios
  --hook-rate <n>           hooks per second in the latency runs (default 2)
  --hook-seconds <n>        length of each latency run (default 30)
  --latency-time-scale <n>  time scale of the scenarios (default 1: QBO's real limits)
  --foreign-rate <n>        the foreign app's calls per second (default 3)
  --small-tenants <n>       small tenants per round (default 10)
  --small-scale <x>         their dataset: bench × x (default 0.004: ~70 records each)
  --noisy-hooks <n>         tenant A's burst of customer updates (default 2000)
  --noisy-rate <n>          tenant B's hooks per second (default 1)
  --noisy-seconds <n>       length of tenant B's run (default 30)
  --noisy-wait <s>          longest wait for A's burst to reach QBO (default 480; never past the
                            run's 20-minute budget less a minute)
  --out <path>              a directory (latest.json + latest.md) or a .json file (+ .md beside it)
                            (default docs/benchmarks)
Needs a PostgreSQL server (DATABASE_URL, or 127.0.0.1:5432).`;

const positive = (max: number) => z.coerce.number().positive().max(max);
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    )
    .pipe(z.array(z.enum(values)));

const argsSchema = z.object({
  scale: positive(10),
  seed: z.string().min(1),
  'time-scale': z.coerce.number().min(1).max(600),
  passes: list(['batched', 'naive'] as const).refine((p) => p.length > 0, 'at least one pass'),
  scenarios: list(SCENARIOS),
  'no-latency': z.boolean(),
  'hook-rate': positive(50),
  'hook-seconds': positive(3600),
  'latency-time-scale': z.coerce.number().min(1).max(600),
  'foreign-rate': positive(50),
  'small-tenants': z.coerce.number().int().min(1).max(100),
  'small-scale': positive(1),
  'noisy-hooks': z.coerce.number().int().min(1).max(20_000),
  'noisy-rate': positive(50),
  'noisy-seconds': positive(3600),
  'noisy-wait': positive(7200),
  out: z.string().min(1),
});
export type BenchArgs = z.infer<typeof argsSchema>;

const string = (value: string) => ({ type: 'string' as const, default: value });

/** The parsed flags, or a message for the user (with the usage) when they are wrong. */
export function parseBenchArgs(argv: string[]): { args: BenchArgs } | { help: true } | { error: string } {
  const raw = parseArgs({
    args: argv,
    options: {
      scale: string('1'),
      seed: string('42'),
      'time-scale': string('3'),
      passes: string('batched'),
      scenarios: string(SCENARIOS.join(',')),
      'no-latency': { type: 'boolean', default: false },
      'hook-rate': string('2'),
      'hook-seconds': string('30'),
      'latency-time-scale': string('1'),
      'foreign-rate': string('3'),
      'small-tenants': string('10'),
      'small-scale': string('0.004'),
      'noisy-hooks': string('2000'),
      'noisy-rate': string('1'),
      'noisy-seconds': string('30'),
      'noisy-wait': string('480'),
      out: string(`${PROJECT_ROOT}docs/benchmarks`),
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
  if (raw.help) return { help: true };
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success)
    return { error: parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n') };
  const args = parsed.data;
  return { args: args['no-latency'] ? { ...args, scenarios: [] } : args };
}
