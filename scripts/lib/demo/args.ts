// `npm run demo` options.
import { parseArgs } from 'node:util';
import { z } from 'zod';

const demoArgs = z.object({
  tenant: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only'),
  seed: z.coerce.number().int(),
  size: z.enum(['tiny', 'small', 'demo', 'bench']).optional(),
  check: z.boolean(),
  'time-scale': z.coerce.number().min(1).max(600).optional(),
  'hook-interval': z.coerce.number().min(0.2),
  'connect-timeout': z.coerce.number().int().min(10).max(3600),
  'no-browser': z.boolean(),
  /** CA: a Canadian emulator company and a generated Canadian tenant (GST/HST/PST). */
  country: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['US', 'CA'])),
});
export type DemoArgs = z.infer<typeof demoArgs>;

export function parseDemoArgs(): DemoArgs {
  return demoArgs.parse(
    parseArgs({
      options: {
        tenant: { type: 'string', default: 'demo' },
        seed: { type: 'string', default: '42' },
        size: { type: 'string' },
        check: { type: 'boolean', default: false },
        'time-scale': { type: 'string' },
        'hook-interval': { type: 'string', default: '3' },
        'connect-timeout': { type: 'string', default: '600' },
        'no-browser': { type: 'boolean', default: false },
        country: { type: 'string', default: 'US' },
      },
    }).values,
  );
}
