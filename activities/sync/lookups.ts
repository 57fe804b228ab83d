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
/** How long the start of a sync waits for the counts (and Skus) before looking everything up instead. */
const COUNT_DEADLINE_MS = 15_000;

/**
 * The kinds the company has none of (active or not), by `count(*)` queries; undefined when QBO
 * does not answer in time. Only an economy: without it every record is looked up, as hooks do.
 */
export async function emptyKindsNow(client: Pick<QboClient, 'count'>): Promise<EmptyKind[] | undefined> {
  const counted = Promise.all(COUNTED.map(([kind, where]) => client.count(kind, where))).then((counts) =>
    COUNTED.filter((_, i) => counts[i] === 0).map(([kind]) => kind),
  );
  return answerInTime(counted, undefined);
}

/**
 * What `asked` answers within COUNT_DEADLINE_MS, else `otherwise`. Any failure (not connected,
 * throttled, an outage) gives `otherwise` too: the sync then looks everything up, and its pages
 * meet the same failure with their own handling.
 */
async function answerInTime<T, O>(asked: Promise<T>, otherwise: O): Promise<T | O> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<O>((resolve) => {
    timer = setTimeout(() => resolve(otherwise), COUNT_DEADLINE_MS);
  });
  try {
    return await Promise.race([asked.catch(() => otherwise), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The company's items when an initial sync starts: their Skus and names, compared as keys. */
export type ItemsAtStart = { skus: string[]; names: string[] };

/**
 * The Skus and names of the company's items (categories included) when they fit one query page;
 * null when there are more, or QBO does not answer in time. One query, at the start of a sync.
 */
export async function itemsAtStartNow(client: Pick<QboClient, 'queryPage'>): Promise<ItemsAtStart | null> {
  const statement = buildQuery('Item', {
    where: [{ field: 'Active', op: 'IN', value: [true, false] }],
    max: QUERY_PAGE_SIZE,
  });
  const keys = (values: unknown[], key: (v: unknown) => string | null) => [
    ...new Set(values.map(key).filter((k): k is string => k !== null)),
  ];
  const listed = client.queryPage(statement, 'Item').then((items) =>
    items.length >= QUERY_PAGE_SIZE
      ? null
      : {
          skus: keys(
            items.map((i) => i.Sku),
            skuKey,
          ),
          names: keys(
            items.map((i) => i.Name),
            nameKey,
          ),
        },
  );
  return answerInTime(listed, null);
}

/** How Skus are compared with those at the start: trimmed, lower case (null: none). */
export const skuKey = (sku: unknown): string | null =>
  typeof sku === 'string' && sku.trim() !== '' ? sku.trim().toLowerCase() : null;

/** How names are compared with those at the start: as QBO compares them (case, spacing ignored). */
export const nameKey = (name: unknown): string | null =>
  typeof name === 'string' && name.trim() !== '' ? name.trim().replace(/\s+/g, ' ').toLowerCase() : null;

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
