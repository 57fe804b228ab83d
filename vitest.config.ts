import { defineConfig } from 'vitest/config';

// Projects: `unit` (pure code, no I/O, fast), `integration` (a real Temporal dev server and
// a fresh PostgreSQL database per run, started by tests/support/global-setup.ts), `browser` (the
// management page in Chromium, same setup) and `contract`. The Temporal ones use the default
// `forks` pool: Temporal's native worker does not belong in worker threads.
export default defineConfig({
  test: {
    // Vitest's default on a 2-core machine is one file at a time; the integration files spend most
    // of their time waiting on Temporal, PostgreSQL and the emulator's clock, so two side by side
    // halve the suite's wall time without making the CPU the bound. (One value for every project:
    // Vitest runs projects with different values one after another.)
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/quiet-temporal.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          // The QuickBooks Management page in Debian's Chromium (playwright-core), on the same
          // Temporal dev server + PostgreSQL setup as `integration`.
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/ensure-chromium.ts', 'tests/support/global-setup.ts'],
          setupFiles: ['tests/support/quiet-temporal.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          // The QBO contract suite: talks to the emulator (or a real sandbox) over HTTP only.
          name: 'contract',
          include: ['tests/contract/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
