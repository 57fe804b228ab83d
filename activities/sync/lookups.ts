// Lookups of existing QBO records, and the company's accounts (read once per run); which kinds an
// initial sync need not look up at all (the company had none of them when it started).
import type { SyncEntity, SyncSnapshot } from '../../workflows/contracts';
import type { QboClient } from '../qbo/client';
import { buildQuery, type Condition } from '../qbo/query';
import { QUERY_PAGE_SIZE } from '../qbo/schemas';
import type { SyncClient } from '../qbo/sync-client';
import type { Lookups, RunCache } from './types';

/** What a run's lookups depend on: its snapshot, and whether it is a hook's (real-time) run. */
type RunKind = { snapshot: SyncSnapshot; realTime: boolean };

export function runLookups(qbo: SyncClient, cache: RunCache, run: RunKind): Lookups {
  return {
    createsFirst: (qboEntity, entity) => createsFirst(run, qboEntity, entity),
    realTime: run.realTime,
    async one(qboEntity, where, includeInactive = true) {
      // Name lists hide inactive records unless asked.
      const conditions: Condition[] = includeInactive
        ? [...where, { field: 'Active', op: 'IN', value: [true, false] }]
        : where;
      const rows = await qbo.queryAll(qboEntity, conditions);
      return rows[0] ?? null;
    },
    accounts: () => cache.get('accounts', () => qbo.accounts('all')),
  };
}

type EmptyKind = NonNullable<SyncSnapshot['emptyAtStart']>[number];

/** The kinds whose records the sync looks up before creating them, and how they are counted. */
const COUNTED: ReadonlyArray<[EmptyKind, Condition[]]> = [
  ['Customer', [{ field: 'Active', op: 'IN', value: [true, false] }]],
  ['Item', [{ field: 'Active', op: 'IN', value: [true, false] }]],
  ['Invoice', []],
];
/** How long the start of a sync waits for the counts before looking everything up instead. */
const COUNT_DEADLINE_MS = 15_000;

/**
 * The kinds the company has none of (active or not), by `count(*)` queries; undefined when QBO
 * does not answer in time. Only an economy: without it every record is looked up, as hooks do.
 */
export async function emptyKindsNow(client: Pick<QboClient, 'count'>): Promise<EmptyKind[] | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), COUNT_DEADLINE_MS);
  });
  const counted = Promise.all(COUNTED.map(([kind, where]) => client.count(kind, where))).then((counts) =>
    COUNTED.filter((_, i) => counts[i] === 0).map(([kind]) => kind),
  );
  try {
    // Any failure (not connected, throttled, an outage) leaves the sync looking everything up;
    // the pages meet the same failure with their own handling.
    return await Promise.race([counted.catch(() => undefined), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Skus (lower case, trimmed) of the company's items when they fit one query page; null when
 * there are more, or QBO does not answer in time. One query, at the start of an initial sync.
 */
export async function itemSkusNow(client: Pick<QboClient, 'queryPage'>): Promise<string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), COUNT_DEADLINE_MS);
  });
  const statement = buildQuery('Item', {
    where: [{ field: 'Active', op: 'IN', value: [true, false] }],
    max: QUERY_PAGE_SIZE,
  });
  const listed = client
    .queryPage(statement, 'Item')
    .then((items) =>
      items.length >= QUERY_PAGE_SIZE
        ? null
        : [...new Set(items.map((i) => skuKey(i.Sku)).filter((s): s is string => s !== null))],
    );
  try {
    return await Promise.race([listed.catch(() => null), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** How Skus are compared with those at the start: trimmed, lower case (null: none). */
export const skuKey = (sku: unknown): string | null =>
  typeof sku === 'string' && sku.trim() !== '' ? sku.trim().toLowerCase() : null;

/**
 * Whether a named record (unique by name in QBO: 6240 refuses a second) is created before any
 * lookup, the 6240 then looking it up and linking it as the lookup would have:
 * - any kind the company had none of when the running initial sync started (it finds nothing);
 * - in a hook's run, a customer, job or category (matched by name only). A hook's records are
 *   nearly always new, and their lookups were calls of the realm's scarce budget spent to find
 *   nothing (during an initial sync the hooks alone asked ~8 calls a second of QBO's 8.3). A
 *   hook's product is looked up by Sku only (QBO lets two items share a Sku), its name left to
 *   the 6240 (product.ts). An initial-sync page keeps looking up first: its lookups share one IN
 *   query per 30 records, and a company's existing records match.
 */
export function createsFirst(run: RunKind, qboEntity: string, entity: SyncEntity): boolean {
  if (emptyAtStart(run.snapshot, qboEntity)) return true;
  return run.realTime && (entity === 'customer' || entity === 'productCategory');
}

/** Whether this run's records of a kind skip their lookup: an initial sync, and none at its start. */
export function emptyAtStart(snapshot: SyncSnapshot, qboEntity: string): boolean {
  return snapshot.emptyAtStart?.some((kind) => kind === qboEntity) ?? false;
}
