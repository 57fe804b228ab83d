// QuickBooks connections by state, read from the database at scrape time (one grouped query):
// `qbo_sync_connections{state}`, and the companies a company-wide block stops
// (`qbo_sync_connections_blocked{kind}`, `qbo_sync_connections_blocked_seconds_max{kind}`).
// Only the process that serves the API collects them (api/routes/metrics.ts): one source of truth.
import { count, max, sql } from 'drizzle-orm';
import { Gauge } from 'prom-client';
import type { Database } from '../db/client';
import { connectionStatuses, qboConnections } from '../db/schema';
import { metricsRegistry } from './metrics';

export type ConnectionStateRow = {
  status: string;
  blockedKind: string | null;
  connections: number;
  /** Seconds since the oldest block of the group began (null: not blocked). */
  blockedSeconds: number | null;
};

type Reader = () => Promise<ConnectionStateRow[]>;
let reader: Reader | null = null;

async function collect(): Promise<{
  states: Map<string, number>;
  blocked: Map<string, { n: number; s: number }>;
} | null> {
  if (!reader) return null;
  const rows = await reader();
  const states = new Map<string, number>(connectionStatuses.map((s) => [s, 0]));
  const blocked = new Map<string, { n: number; s: number }>();
  for (const row of rows) {
    states.set(row.status, (states.get(row.status) ?? 0) + row.connections);
    if (!row.blockedKind) continue;
    const b = blocked.get(row.blockedKind) ?? { n: 0, s: 0 };
    blocked.set(row.blockedKind, {
      n: b.n + row.connections,
      s: Math.max(b.s, row.blockedSeconds ?? 0),
    });
  }
  return { states, blocked };
}

/** One read per scrape, shared by the three gauges (each asks in turn during one render). */
let pending: ReturnType<typeof collect> | null = null;
function collectOnce(): ReturnType<typeof collect> {
  pending ??= collect()
    .catch(() => null)
    .finally(() => setImmediate(() => (pending = null)));
  return pending;
}

export const connectionsGauge = new Gauge({
  name: 'qbo_sync_connections',
  help: 'QuickBooks connections by state (connected, reauth_required, disconnected), read at scrape time.',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  async collect() {
    const read = await collectOnce();
    this.reset();
    for (const [state, n] of read?.states ?? []) this.set({ state }, n);
  },
});

export const blockedConnectionsGauge = new Gauge({
  name: 'qbo_sync_connections_blocked',
  help: 'Companies a company-wide condition stops (kind: throttled, subscription, company_reset), read at scrape time.',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
  async collect() {
    const read = await collectOnce();
    this.reset();
    for (const [kind, b] of read?.blocked ?? []) this.set({ kind }, b.n);
  },
});

export const blockedSecondsGauge = new Gauge({
  name: 'qbo_sync_connections_blocked_seconds_max',
  help: 'How long the longest-blocked company of each block kind has been blocked, in seconds.',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
  async collect() {
    const read = await collectOnce();
    this.reset();
    for (const [kind, b] of read?.blocked ?? []) this.set({ kind }, b.s);
  },
});

/** The grouped read of qbo_sync.qbo_connections. */
export async function readConnectionStates(db: Database): Promise<ConnectionStateRow[]> {
  const rows = await db
    .select({
      status: qboConnections.status,
      blockedKind: qboConnections.blockedKind,
      connections: count(),
      blockedSeconds: max(sql<number>`extract(epoch from now() - ${qboConnections.blockedSince})`),
    })
    .from(qboConnections)
    .groupBy(qboConnections.status, qboConnections.blockedKind);
  return rows.map((r) => ({
    ...r,
    connections: Number(r.connections),
    blockedSeconds: r.blockedSeconds === null ? null : Number(r.blockedSeconds),
  }));
}

/** From now on, scrapes of this process read connection states from `db` (or stop: null). */
export function collectConnectionStatesFrom(db: Database | null): void {
  useConnectionStateReader(db ? () => readConnectionStates(db) : null);
}

/** The read behind the gauges (tests give their own rows). */
export function useConnectionStateReader(read: Reader | null): void {
  reader = read;
  pending = null;
}
