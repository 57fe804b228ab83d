// Fairness between tenants (issue 13), at QBO's real limits:
// - noisy neighbour: tenant A (synced) edits 2,000 customers at once in BPro, so 2,000 hooks
//   arrive together, while tenant B (another company) sends 1 hook/s; B's latency, and how long
//   A's edits took to reach QuickBooks (each customer's entity link rewritten after its update);
// - small tenants: ten small tenants' initial syncs started together, alone and beside a
//   bench-size tenant's initial sync; until the last of the ten completes.
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { customers, entityLinks } from '../../../db/schema';
import { duringInitialSync, initialSyncsTogether, type TogetherResult } from './initial-syncs';
import { measureHookLatency, postHook, type LatencyRun } from './latency';
import type { BenchStack } from './stack';
import { realmStats } from './sync-pass';
import type { BenchTenant } from './tenant';

export type NoisyNeighbour = LatencyRun & {
  tenantB: string;
  tenantA: {
    tenantId: string;
    /** Customer updates made in BPro and hooked at once. */
    hooks: number;
    /** Seconds to POST them all (the API accepts each after starting or signalling its workflow). */
    postSeconds: number;
    /** Of them, in QuickBooks when the run ended. */
    inQbo: number;
    /** First hook sent → last update in QuickBooks; null when not all got there in the wait. */
    seconds: number | null;
    waitedSeconds: number;
    /** Updates in QuickBooks per second of the run (also when the wait ended first). */
    inQboPerSecond: number;
    /** Calls QBO admitted for A's company during the run, and the 429s it answered. */
    qboCalls: number;
    throttled429: number;
  };
};

export type SmallTenants = {
  aloneSeconds: number;
  withBigSeconds: number;
  alone: TogetherResult;
  withBig: TogetherResult & { bigTenant: string; syncPhaseAtEnd: string };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Up to `count` of A's active customers that are linked to QuickBooks, stable order. */
async function linkedCustomers(stack: BenchStack, tenantId: string, count: number): Promise<string[]> {
  const rows = await stack.db
    .select({ id: customers.id })
    .from(customers)
    .innerJoin(
      entityLinks,
      and(
        eq(entityLinks.tenantId, customers.tenantId),
        eq(entityLinks.entity, 'customer'),
        eq(entityLinks.bproId, customers.id),
        eq(entityLinks.state, 'active'),
      ),
    )
    .where(and(eq(customers.tenantId, tenantId), eq(customers.isActive, true)))
    .orderBy(customers.id)
    .limit(count);
  return rows.map((r) => r.id);
}

/** How many of `ids` had their link rewritten since `sinceMs`, and the latest such time. */
async function rewritten(stack: BenchStack, tenantId: string, ids: string[], sinceMs: number) {
  const [row] = await stack.db
    .select({
      n: sql<number>`count(*)::int`,
      last: sql<number | null>`(extract(epoch from max(${entityLinks.syncedAt})) * 1000)::float8`,
    })
    .from(entityLinks)
    .where(
      and(
        eq(entityLinks.tenantId, tenantId),
        eq(entityLinks.entity, 'customer'),
        inArray(entityLinks.bproId, ids),
        gte(entityLinks.syncedAt, new Date(sinceMs)),
      ),
    );
  return {
    n: Number(row?.n ?? 0),
    last: row?.last === null || row?.last === undefined ? null : Number(row.last),
  };
}

/** POSTs a hook per id, `concurrency` at a time (as fast as the API takes them). */
async function postBurst(stack: BenchStack, tenantId: string, ids: string[], concurrency = 64) {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < ids.length; i = next++)
      await postHook(stack, tenantId, 'customer', ids[i] ?? '', 'updated');
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

export async function measureNoisyNeighbour(
  stack: BenchStack,
  options: {
    a: BenchTenant;
    tenantB: string;
    hooks: number;
    rate: number;
    seconds: number;
    waitSeconds: number;
  },
): Promise<NoisyNeighbour> {
  const tenantA = options.a.tenantId;
  const ids = await linkedCustomers(stack, tenantA, options.hooks);
  // A real change the sync has to write: a new phone number on each (QBO PrimaryPhone).
  const tag = Date.now().toString(36).slice(-5);
  await stack.db
    .update(customers)
    .set({ phone: sql`'555-' || ${tag} || '-' || substr(md5(${customers.id}), 1, 6)`, updatedAt: new Date() })
    .where(and(eq(customers.tenantId, tenantA), inArray(customers.id, ids)));

  const statsBefore = await realmStats(stack, options.a.realmId);
  const burstStart = Date.now();
  const burst = postBurst(stack, tenantA, ids).then(() => (Date.now() - burstStart) / 1000);
  burst.catch(() => {});
  await sleep(500);
  const b = await measureHookLatency(stack, options.tenantB, {
    label: 'noisy',
    ratePerSecond: options.rate,
    seconds: options.seconds,
  });
  const postSeconds = await burst;
  const deadline = burstStart + options.waitSeconds * 1000;
  let done = await rewritten(stack, tenantA, ids, burstStart);
  while (done.n < ids.length && Date.now() < deadline) {
    await sleep(1_000);
    done = await rewritten(stack, tenantA, ids, burstStart);
  }
  const finished = done.n === ids.length && done.last !== null;
  const waitedSeconds = (Date.now() - burstStart) / 1000;
  const statsAfter = await realmStats(stack, options.a.realmId);
  const admitted = (st: typeof statsAfter) =>
    Object.values(st.admitted).reduce((t, v) => t + v, 0) - st.admitted.batchItems;
  return {
    ...b,
    tenantB: options.tenantB,
    tenantA: {
      tenantId: tenantA,
      hooks: ids.length,
      postSeconds,
      inQbo: done.n,
      seconds: finished && done.last !== null ? (done.last - burstStart) / 1000 : null,
      waitedSeconds,
      inQboPerSecond: done.last === null ? 0 : done.n / Math.max(0.001, (done.last - burstStart) / 1000),
      qboCalls: admitted(statsAfter) - admitted(statsBefore),
      throttled429: statsAfter.throttled - statsBefore.throttled,
    },
  };
}

/** The ten small tenants' initial syncs alone, then ten fresh ones beside `bigTenant`'s. */
export async function measureSmallTenants(
  stack: BenchStack,
  options: {
    alone: string[];
    withBig: string[];
    bigTenant: string;
    timeoutMs: number;
    onStep?: (s: string) => void;
  },
): Promise<SmallTenants> {
  options.onStep?.(`Small tenants alone: ${options.alone.length} initial syncs at once ...`);
  const alone = await initialSyncsTogether(stack, options.alone, options.timeoutMs);
  options.onStep?.(
    `  ${alone.completed}/${alone.tenants} completed, ${alone.records} records, last after ${alone.seconds.toFixed(1)} s; now beside ${options.bigTenant}'s initial sync ...`,
  );
  const { result: withBig, syncPhaseAtEnd } = await duringInitialSync(stack, options.bigTenant, () =>
    initialSyncsTogether(stack, options.withBig, options.timeoutMs),
  );
  return {
    aloneSeconds: alone.seconds,
    withBigSeconds: withBig.seconds,
    alone,
    withBig: { ...withBig, bigTenant: options.bigTenant, syncPhaseAtEnd },
  };
}
