// The runs at QBO's real limits, in order, on one worker: hook latency alone, beside a foreign
// app, during an initial sync; then fairness: small tenants (alone, beside a big sync) and the
// noisy neighbour last (a burst that may outlast its wait must not spill into another run).
import type { Scenario } from './args';
import { measureNoisyNeighbour, measureSmallTenants } from './fairness';
import { startForeignApp } from './foreign-app';
import { duringInitialSync, initialSyncsTogether } from './initial-syncs';
import { measureHookLatency } from './latency';
import type { BenchReport } from './report';
import type { BenchStack } from './stack';
import { realmStats } from './sync-pass';
import type { BenchTenant } from './tenant';

export type ScenarioTenants = {
  /** A synced bench-size tenant: latency alone and with the foreign app; the noisy tenant A. */
  synced: BenchTenant;
  /** Bench-size, not synced: its initial sync runs during the latency run. */
  live?: BenchTenant;
  /** Bench-size, not synced: its initial sync runs beside the second round of small tenants. */
  big?: BenchTenant;
  smallAlone: BenchTenant[];
  smallWithBig: BenchTenant[];
  /** The noisy tenant B when no small tenant was synced before (not synced yet). */
  noisyB?: BenchTenant;
};

export type ScenarioOptions = {
  scenarios: Scenario[];
  timeScale: number;
  hookRate: number;
  hookSeconds: number;
  foreignRate: number;
  smallScale: number;
  noisy: { hooks: number; rate: number; seconds: number; waitSeconds: number };
  /** When the run's time budget ends (ms epoch): the noisy burst's wait stops a minute before. */
  budgetEndsAt: number;
};

type Timed = <T>(name: string, run: () => Promise<T>) => Promise<T>;

export async function runScenarios(
  stack: BenchStack,
  tenants: ScenarioTenants,
  o: ScenarioOptions,
  step: (text: string) => void,
  timed: Timed,
): Promise<Pick<BenchReport, 'latency' | 'fairness'>> {
  const on = (s: Scenario) => o.scenarios.includes(s);
  const latency: NonNullable<BenchReport['latency']> = { timeScale: o.timeScale };
  const fairness: NonNullable<BenchReport['fairness']> = { timeScale: o.timeScale };
  const hooks = { ratePerSecond: o.hookRate, seconds: o.hookSeconds };
  const { synced } = tenants;

  if (on('alone'))
    latency.alone = await timed('latencyAlone', () => {
      step(
        `Latency alone: ${o.hookRate} hooks/s for ${o.hookSeconds} s on the synced tenant ${synced.tenantId} ...`,
      );
      return measureHookLatency(stack, synced.tenantId, { ...hooks, label: 'alone' });
    });

  if (on('foreign'))
    latency.foreignApp = await timed('latencyForeignApp', async () => {
      step(
        `Latency with a foreign app: another OAuth app queries ${synced.tenantId}'s company ${o.foreignRate}/s ...`,
      );
      const before = await realmStats(stack, synced.realmId);
      const app = await startForeignApp(stack, synced.realmId, o.foreignRate);
      // Its calls start first, as an app already connected to the company would be.
      const run = await new Promise((r) => setTimeout(r, 2_000))
        .then(() => measureHookLatency(stack, synced.tenantId, { ...hooks, label: 'foreign' }))
        .catch(async (error: unknown) => {
          await app.stop();
          throw error;
        });
      const foreignApp = await app.stop();
      const after = await realmStats(stack, synced.realmId);
      // The company's 429s less the foreign app's own: those our sync got.
      const syncThrottled429 = after.throttled - before.throttled - foreignApp.throttled429;
      return { ...run, foreignApp, syncThrottled429 };
    });

  const live = tenants.live;
  if (on('during') && live)
    latency.duringInitialSync = await timed('latencyDuringInitialSync', async () => {
      step(`Latency during an initial sync: starting the initial sync of ${live.tenantId} ...`);
      const { result, syncPhaseAtEnd } = await duringInitialSync(
        stack,
        live.tenantId,
        () => measureHookLatency(stack, live.tenantId, { ...hooks, label: 'during' }),
        { onStarted: (phase) => step(`  ... ${phase}; hooks for ${live.tenantId} ...`) },
      );
      return { ...result, syncPhaseAtEnd };
    });

  const big = tenants.big;
  if (on('small') && big)
    fairness.smallTenants = await timed('smallTenants', async () => ({
      ...(await measureSmallTenants(stack, {
        alone: tenants.smallAlone.map((t) => t.tenantId),
        withBig: tenants.smallWithBig.map((t) => t.tenantId),
        bigTenant: big.tenantId,
        timeoutMs: 600_000,
        onStep: step,
      })),
      smallScale: o.smallScale,
    }));

  const tenantB = on('small') ? tenants.smallAlone[0] : tenants.noisyB;
  if (on('noisy') && tenantB)
    fairness.noisyNeighbour = await timed('noisyNeighbour', async () => {
      if (!on('small')) {
        step(`Noisy neighbour: initial sync of tenant B (${tenantB.tenantId}) first ...`);
        await initialSyncsTogether(stack, [tenantB.tenantId], 600_000);
      }
      step(
        `Noisy neighbour: ${o.noisy.hooks} customer updates of ${synced.tenantId} hooked at once; ${tenantB.tenantId} sends ${o.noisy.rate} hook/s for ${o.noisy.seconds} s ...`,
      );
      const result = await measureNoisyNeighbour(stack, {
        a: synced,
        tenantB: tenantB.tenantId,
        hooks: o.noisy.hooks,
        rate: o.noisy.rate,
        seconds: o.noisy.seconds,
        // The last run: its wait gives way to the run's budget (at least B's run and a minute).
        waitSeconds: Math.max(
          o.noisy.seconds + 60,
          Math.min(o.noisy.waitSeconds, (o.budgetEndsAt - Date.now()) / 1000 - 60),
        ),
      });
      const a = result.tenantA;
      step(
        `  A's ${a.hooks} updates: ${a.seconds === null ? `${a.inQbo} in QBO after ${a.waitedSeconds.toFixed(0)} s (wait ended)` : `all in QBO after ${a.seconds.toFixed(1)} s`}`,
      );
      return result;
    });

  const any = (r: object) => Object.keys(r).length > 1;
  return { latency: any(latency) ? latency : null, fairness: any(fairness) ? fairness : null };
}
