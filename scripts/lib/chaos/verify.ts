// The end-state check of a tenant's sync, through the QBO API: every in-scope BPro record has
// exactly one QBO record, linked in qbo_sync.entity_links, with the right amounts (to the cent)
// and references; nothing is missing; and the company holds no record the sync created that no
// BPro record links to (a duplicate or an orphan). A record the accountant deleted, voided or
// edited in QuickBooks is held to the rules of such a change (verify-accountant.ts). Used by
// `npm run chaos` and its test.
import { eq } from 'drizzle-orm';
import { REFUND_ITEM_NAME } from '../../../activities/mapping/refund';
import type { QboClient } from '../../../activities/qbo/client';
import type { Condition } from '../../../activities/qbo/query';
import type { QboEntity } from '../../../activities/qbo/schemas';
import type { Database } from '../../../db/client';
import { entityLinks, syncLog } from '../../../db/schema';
import type { AccountantEntry } from './accountant';
import { loadBproState, QBO_TYPE, VERIFIED_ENTITIES, type VerifiedEntity } from './expected';
import {
  accountantTouches,
  brief,
  checkEdited,
  checkRemoved,
  unexplainedStates,
  type AccountantContext,
  type AccountantOutcome,
} from './verify-accountant';
import { cents, checkOutOfScope, checkRecord, str, type QboRecords } from './verify-records';
import { checkCanadianTax } from './verify-tax-ca';

export const QBO_TYPES = [...new Set(Object.values(QBO_TYPE))];
const NAME_LISTS = new Set(['Customer', 'Item', 'Term', 'TaxCode', 'PaymentMethod']);

export type QboReader = Pick<QboClient, 'queryAll'>;
/** QBO ids per entity type. */
export type QboIds = Record<string, Set<string>>;

export type EntityCount = {
  entity: VerifiedEntity;
  inScope: number;
  linked: number;
  verified: number;
  /** Links of records outside the scope (a customer a document needed, a voided document). */
  linkedOutsideScope: number;
};
export type QboTypeCount = { type: string; before: number; now: number; linked: number; unlinked: number };
export type Verification = {
  ok: boolean;
  entities: EntityCount[];
  qbo: QboTypeCount[];
  /** Each action of the accountant and what became of it. */
  accountant: AccountantOutcome[];
  problems: string[];
};

async function readQbo(client: QboReader): Promise<QboRecords> {
  const entries = await Promise.all(
    QBO_TYPES.map(async (type) => {
      const where: Condition[] = NAME_LISTS.has(type)
        ? [{ field: 'Active', op: 'IN', value: [true, false] }]
        : [];
      const rows = await client.queryAll(type, where);
      return [type, new Map(rows.map((r) => [r.Id, r]))] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The ids QuickBooks holds before a sync (its own seeded records, or ones entered by hand). */
export async function snapshotQboIds(client: QboReader): Promise<QboIds> {
  const records = await readQbo(client);
  return Object.fromEntries(Object.entries(records).map(([type, rows]) => [type, new Set(rows.keys())]));
}

export async function verifyTenant(input: {
  db: Database;
  tenantId: string;
  client: QboReader;
  /** From `snapshotQboIds` before the sync started. */
  preexisting: QboIds;
  /** What the accountant did in QuickBooks (and BPro to those records since), from the run. */
  accountant?: readonly AccountantEntry[];
}): Promise<Verification> {
  const { db, tenantId } = input;
  const qbo = await readQbo(input.client);
  const methodNames = new Set(
    [...(qbo.PaymentMethod?.values() ?? [])].filter((m) => m.Active !== false).map((m) => str(m.Name).trim()),
  );
  const bpro = await loadBproState(db, tenantId, methodNames);
  // A Canadian company: its tax mapping stands in for the taxes' links (verify-tax-ca.ts).
  const ca = await checkCanadianTax({ db, tenantId, client: input.client, qbo, bpro });
  const links = [
    ...(await db.select().from(entityLinks).where(eq(entityLinks.tenantId, tenantId))),
    ...(ca?.links ?? []),
  ];
  const log = await db.select().from(syncLog).where(eq(syncLog.tenantId, tenantId));

  const linkIndex = new Map(links.map((l) => [`${l.entity}:${l.bproId}`, l.qboId]));
  const linked = (entity: VerifiedEntity, bproId: string) => linkIndex.get(`${entity}:${bproId}`);
  const lastLog = (entity: string, bproId: string) =>
    log
      .filter((e) => e.entity === entity && e.bproId === bproId && e.action !== 'warning')
      .sort((a, b) => Number(b.id - a.id))[0];
  const warned = (entity: string, bproId: string) =>
    log.some((e) => e.entity === entity && e.bproId === bproId && e.action === 'warning');

  const entries = input.accountant ?? [];
  const ctx: AccountantContext = { entries, bpro, links, log, qbo };
  const { removed, edited } = accountantTouches(entries);
  const outcomes: AccountantOutcome[] = [];
  /** A record the accountant deleted or voided: held to those rules instead (verify-accountant.ts). */
  const removedCheck = (entity: VerifiedEntity, bproId: string) => {
    const entry = removed.get(`${entity}:${bproId}`);
    if (!entry) return null;
    const outcome = checkRemoved(ctx, entry);
    outcomes.push(outcome);
    if (!outcome.ok)
      problems.push(`accountant #${entry.n} ${entry.act}d ${entity} ${bproId}: ${outcome.outcome}`);
    return outcome.ok;
  };

  const problems: string[] = [...unexplainedStates(ctx, removed), ...(ca?.problems ?? [])];
  const counts: EntityCount[] = [];
  for (const entity of VERIFIED_ENTITIES) {
    const type = QBO_TYPE[entity];
    const scope = bpro.inScope[entity];
    const count: EntityCount = { entity, inScope: scope.size, linked: 0, verified: 0, linkedOutsideScope: 0 };
    for (const bproId of scope) {
      const qboId = linked(entity, bproId);
      if (!qboId) {
        const last = lastLog(entity, bproId);
        problems.push(
          `missing: ${entity} ${bproId} is in scope but not in QuickBooks (last log: ${last ? `${last.action}: ${brief(last.message)}` : 'none'})`,
        );
        continue;
      }
      count.linked += 1;
      const held = removedCheck(entity, bproId);
      if (held !== null) {
        if (held) count.verified += 1;
        continue;
      }
      const record = qbo[type]?.get(qboId);
      if (!record) {
        problems.push(
          `dangling link: ${entity} ${bproId} → ${type} ${qboId}, which QuickBooks does not have`,
        );
        continue;
      }
      const wrong = [
        ...checkRecord(entity, bproId, record, { bpro, qbo, linked, warned }),
        ...(ca?.checkLines(entity, bproId, record) ?? []),
      ];
      if (wrong.length === 0) count.verified += 1;
      else problems.push(...wrong.map((w) => `${entity} ${bproId} (${type} ${qboId}): ${w}`));
    }
    for (const link of links.filter((l) => l.entity === entity && !scope.has(l.bproId))) {
      count.linkedOutsideScope += 1;
      if (removedCheck(entity, link.bproId) !== null) continue;
      const record = qbo[type]?.get(link.qboId);
      if (!record) problems.push(`dangling link: ${entity} ${link.bproId} → ${type} ${link.qboId}`);
      else problems.push(...checkOutOfScope(entity, link.bproId, record, bpro));
    }
    counts.push(count);
  }
  for (const entry of edited.values()) {
    const outcome = checkEdited(ctx, entry);
    outcomes.push(outcome);
    if (!outcome.ok)
      problems.push(`accountant #${entry.n} edited ${entry.entity} ${entry.bproId}: ${outcome.outcome}`);
  }

  // Exactly once: every record the sync added to the company is one a BPro record links to.
  const qboCounts: QboTypeCount[] = [];
  for (const type of QBO_TYPES) {
    const owners = VERIFIED_ENTITIES.filter((e) => QBO_TYPE[e] === type);
    const ours = links.filter((l) => (owners as string[]).includes(l.entity)).map((l) => l.qboId);
    // Several BPro tax groups may share one Canadian code (the same rates).
    if (new Set(ours).size !== ours.length && !(ca && type === 'TaxCode'))
      problems.push(`${type}: two BPro records link to one QBO record`);
    const oursSet = new Set(ours);
    const before = input.preexisting[type] ?? new Set<string>();
    const now = qbo[type] ?? new Map<string, QboEntity>();
    let unlinked = 0;
    for (const [id, record] of now) {
      if (before.has(id) || oursSet.has(id)) continue;
      if (type === 'Item' && record.Name === REFUND_ITEM_NAME) continue; // the sync's own refund item
      unlinked += 1;
      problems.push(`extra: ${type} ${id} ${labelOf(record)} was created but no BPro record links to it`);
    }
    qboCounts.push({ type, before: before.size, now: now.size, linked: oursSet.size, unlinked });
  }
  problems.push(
    ...duplicateMarkers(qbo.Invoice, 'BPro order'),
    ...duplicateMarkers(qbo.Payment, 'BPro payment'),
    ...duplicateMarkers(qbo.RefundReceipt, 'BPro refund'),
  );

  outcomes.sort((a, b) => a.n - b.n);
  return { ok: problems.length === 0, entities: counts, qbo: qboCounts, accountant: outcomes, problems };
}

function labelOf(record: QboEntity): string {
  const name = [record.DisplayName, record.Name, record.DocNumber, record.PrivateNote].map(str).find(Boolean);
  const amount = record.TotalAmt === undefined ? '' : ` ${Number(record.TotalAmt).toFixed(2)}`;
  return `"${(name ?? '').split('\n')[0]}"${amount}`;
}

/** Two live QBO payments (or receipts) carrying one BPro record's marker are one record twice. */
function duplicateMarkers(records: Map<string, QboEntity> | undefined, marker: string): string[] {
  const byMarker = new Map<string, string[]>();
  for (const r of records?.values() ?? []) {
    const first = str(r.PrivateNote).split('\n')[0] ?? '';
    if (!first.startsWith(`${marker} `) || cents(r.TotalAmt) === 0) continue;
    byMarker.set(first, [...(byMarker.get(first) ?? []), r.Id]);
  }
  return [...byMarker]
    .filter(([, ids]) => ids.length > 1)
    .map(([m, ids]) => `duplicate: "${m}" is in QuickBooks ${ids.length} times (ids ${ids.join(', ')})`);
}
