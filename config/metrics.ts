// The process's Prometheus metrics (prom-client): one registry, the service's `qbo_sync_*`
// families, and the extra text sources appended to a scrape (the Temporal SDK's own metrics,
// worker/runtime-logging.ts). Labels are bounded sets only: never a tenant id or a realm id.
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry for the process: the API's GET /metrics and the worker's endpoint both render it. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const recordsTotal = new Counter({
  name: 'qbo_sync_records_total',
  help: 'Record syncs (hooks and re-runs) by entity and outcome (synced, skipped, failed, needs_attention).',
  labelNames: ['entity', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const qboRequestsTotal = new Counter({
  name: 'qbo_sync_qbo_requests_total',
  help: 'HTTP calls to the QuickBooks data API by kind (query, read, write, batch, other) and HTTP status ("network": no answer).',
  labelNames: ['kind', 'status'] as const,
  registers: [metricsRegistry],
});

export const qboThrottledTotal = new Counter({
  name: 'qbo_sync_qbo_throttled_total',
  help: 'Answers from QuickBooks saying slow down (429, or a 403 throttle fault).',
  registers: [metricsRegistry],
});

export const rateLimitWaitSeconds = new Histogram({
  name: 'qbo_sync_rate_limit_wait_seconds',
  help: "Time a QuickBooks call waited for a token of its company's rate limiter, by priority (hook, bulk).",
  labelNames: ['priority'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
  registers: [metricsRegistry],
});

export const hookToQboSeconds = new Histogram({
  name: 'qbo_sync_hook_to_qbo_seconds',
  help: "From a BPro hook's arrival at the API to its record's outcome in the record-sync activity, by entity.",
  labelNames: ['entity'] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
  registers: [metricsRegistry],
});

export const hooksReceivedTotal = new Counter({
  name: 'qbo_sync_hooks_received_total',
  help: 'BPro hooks received by entity ("unknown" before the body is read) and result.',
  labelNames: ['entity', 'result'] as const,
  registers: [metricsRegistry],
});

export const hooksWaiting = new Gauge({
  name: 'qbo_sync_hooks_waiting',
  help: "BPro hooks waiting in this API process for their BPro account's lane to start or signal their record sync.",
  registers: [metricsRegistry],
});

export const initialSyncRecords = new Gauge({
  name: 'qbo_sync_initial_sync_records',
  help: 'Records initial-sync pages ended, by entity and state (synced, skipped, failed), since this process started.',
  labelNames: ['entity', 'state'] as const,
  registers: [metricsRegistry],
});

/** What a QBO call is, for `qbo_sync_qbo_requests_total{kind}`. */
export type QboRequestKind = 'query' | 'read' | 'write' | 'batch' | 'other';

/** A hook's result, for `qbo_sync_hooks_received_total{result}`. */
export type HookResult =
  | 'accepted'
  | 'feature_disabled'
  | 'not_connected'
  | 'initial_sync_not_started'
  | 'rejected_signature'
  | 'invalid'
  | 'tenant_not_found'
  | 'rate_limited'
  | 'tenant_busy'
  | 'unavailable'
  | 'error';

export function countQboRequest(kind: QboRequestKind, status: number | 'network'): void {
  qboRequestsTotal.inc({ kind, status: String(status) });
}

/** One record sync's outcome (deferrals are not outcomes). */
export function countRecordOutcome(entity: string, outcome: string): void {
  recordsTotal.inc({ entity, outcome });
}

/** `receivedAt`: when the hook reached the API (ISO); absent for re-runs and old workflows. */
export function observeHookToQbo(entity: string, receivedAt: string | undefined, now = Date.now()): void {
  if (!receivedAt) return;
  const at = Date.parse(receivedAt);
  if (Number.isFinite(at)) hookToQboSeconds.observe({ entity }, Math.max(0, now - at) / 1000);
}

export function countHook(entity: string | undefined, result: HookResult): void {
  hooksReceivedTotal.inc({ entity: entity ?? 'unknown', result });
}

/** An initial-sync page's counts (or a failed page's). */
export function countInitialSyncPage(entity: string, counts: Partial<Record<string, number>>): void {
  for (const [state, n] of Object.entries(counts))
    if (n && n > 0) initialSyncRecords.inc({ entity, state }, n);
}

/** Starts a timer; the returned function observes the wait for a limiter token. */
export function timeRateLimitWait(priority: string): () => void {
  return rateLimitWaitSeconds.startTimer({ priority });
}

/** Prometheus text from elsewhere in the process (the Temporal SDK's exporter), appended to a scrape. */
export type MetricsTextSource = { name: string; text: () => Promise<string> };

const textSources = new Map<string, MetricsTextSource>();

/** Adds (or replaces, by name) a source appended to every scrape of this process. */
export function addMetricsTextSource(source: MetricsTextSource): void {
  textSources.set(source.name, source);
}

export function removeMetricsTextSource(name: string): void {
  textSources.delete(name);
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;

/** The whole scrape: this registry, then each extra source (one failing adds a comment, not an error). */
export async function renderMetrics(): Promise<string> {
  const parts = [await metricsRegistry.metrics()];
  for (const source of textSources.values()) {
    try {
      parts.push(await source.text());
    } catch (error) {
      parts.push(`# ${source.name} metrics unavailable: ${String(error).replace(/\s+/g, ' ')}\n`);
    }
  }
  return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether `authorization` carries the bearer token (always true without a token). */
export function metricsAuthorized(token: string | undefined, authorization: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer (.+)$/i.exec(authorization ?? '');
  return match?.[1] !== undefined && sameSecret(match[1], token);
}
