// The end-state check of a tenant's sync, through the QBO API: every in-scope BPro record has
// exactly one QBO record, linked in qbo_sync.entity_links, with the right amounts (to the cent)
// and references; nothing is missing; and the company holds no record the sync created that no
// BPro record links to (a duplicate or an orphan). Used by `npm run chaos` and its test.
import { eq } from 'drizzle-orm';
import { REFUND_ITEM_NAME } from '../../../activities/mapping/refund';
import type { QboClient } from '../../../activities/qbo/client';
import type { Condition } from '../../../activities/qbo/query';
import type { QboEntity } from '../../../activities/qbo/schemas';
import type { Database } from '../../../db/client';
import { entityLinks, syncLog } from '../../../db/schema';
import { loadBproState, QBO_TYPE, VERIFIED_ENTITIES, type BproState, type VerifiedEntity } from './expected';

export const QBO_TYPES = [...new Set(Object.values(QBO_TYPE))];
const NAME_LISTS = new Set(['Customer', 'Item', 'Term', 'TaxCode', 'PaymentMethod']);

export type QboReader = Pick<QboClient, 'queryAll'>;
/** QBO ids per entity type. */
export type QboIds = Record<string, Set<string>>;
type QboRecords = Record<string, Map<string, QboEntity>>;

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

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const cents = (value: unknown) => Math.round(Number(value ?? 0) * 100);
const refOf = (value: unknown) =>
  typeof value === 'object' && value !== null && 'value' in value ? String(value.value) : undefined;
const linesOf = (record: QboEntity) =>
  (Array.isArray(record.Line) ? record.Line : []) as Array<Record<string, unknown>>;

export async function verifyTenant(input: {
  db: Database;
  tenantId: string;
  client: QboReader;
  /** From `snapshotQboIds` before the sync started. */
  preexisting: QboIds;
}): Promise<Verification> {
  const { db, tenantId } = input;
  const qbo = await readQbo(input.client);
  const methodNames = new Set(
    [...(qbo.PaymentMethod?.values() ?? [])].filter((m) => m.Active !== false).map((m) => str(m.Name).trim()),
  );
  const bpro = await loadBproState(db, tenantId, methodNames);
  const links = await db.select().from(entityLinks).where(eq(entityLinks.tenantId, tenantId));
  const log = await db.select().from(syncLog).where(eq(syncLog.tenantId, tenantId));

  const linkIndex = new Map(links.map((l) => [`${l.entity}:${l.bproId}`, l.qboId]));
  const linked = (entity: VerifiedEntity, bproId: string) => linkIndex.get(`${entity}:${bproId}`);
  const lastLog = (entity: string, bproId: string) =>
    log
      .filter((e) => e.entity === entity && e.bproId === bproId && e.action !== 'warning')
      .sort((a, b) => Number(b.id - a.id))[0];
  const warned = (entity: string, bproId: string) =>
    log.some((e) => e.entity === entity && e.bproId === bproId && e.action === 'warning');

  const problems: string[] = [];
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
      const record = qbo[type]?.get(qboId);
      if (!record) {
        problems.push(
          `dangling link: ${entity} ${bproId} → ${type} ${qboId}, which QuickBooks does not have`,
        );
        continue;
      }
      const wrong = checkRecord(entity, bproId, record, { bpro, qbo, linked, warned });
      if (wrong.length === 0) count.verified += 1;
      else problems.push(...wrong.map((w) => `${entity} ${bproId} (${type} ${qboId}): ${w}`));
    }
    for (const link of links.filter((l) => l.entity === entity && !scope.has(l.bproId))) {
      count.linkedOutsideScope += 1;
      const record = qbo[type]?.get(link.qboId);
      if (!record) problems.push(`dangling link: ${entity} ${link.bproId} → ${type} ${link.qboId}`);
      else problems.push(...checkOutOfScope(entity, link.bproId, record, bpro));
    }
    counts.push(count);
  }

  // Exactly once: every record the sync added to the company is one a BPro record links to.
  const qboCounts: QboTypeCount[] = [];
  for (const type of QBO_TYPES) {
    const owners = VERIFIED_ENTITIES.filter((e) => QBO_TYPE[e] === type);
    const ours = links.filter((l) => (owners as string[]).includes(l.entity)).map((l) => l.qboId);
    if (new Set(ours).size !== ours.length) problems.push(`${type}: two BPro records link to one QBO record`);
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
    ...duplicateMarkers(qbo.Payment, 'BPro payment'),
    ...duplicateMarkers(qbo.RefundReceipt, 'BPro refund'),
  );

  return { ok: problems.length === 0, entities: counts, qbo: qboCounts, problems };
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

type Linked = (entity: VerifiedEntity, bproId: string) => string | undefined;

/** What is wrong with the QBO record of an in-scope BPro record (empty: nothing). */
function checkRecord(
  entity: VerifiedEntity,
  bproId: string,
  record: QboEntity,
  context: {
    bpro: BproState;
    qbo: QboRecords;
    linked: Linked;
    warned: (entity: string, bproId: string) => boolean;
  },
): string[] {
  const { bpro, linked, warned } = context;
  const wrong: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) wrong.push(what);
  };
  switch (entity) {
    case 'paymentMethod':
      expect(
        str(record.Name).trim() === bpro.paymentMethodNames.get(bproId),
        `named "${String(record.Name)}", not "${bpro.paymentMethodNames.get(bproId)}"`,
      );
      break;
    case 'productCategory':
      expect(record.Type === 'Category', `an Item of type ${String(record.Type)}, not a Category`);
      break;
    case 'product':
      expect(record.Type !== 'Category', 'a Category item, not a product');
      break;
    case 'customer': {
      const parentId = bpro.customers.get(bproId)?.parentId;
      if (parentId) {
        expect(record.Job === true, 'a job in BPro but not a sub-customer in QuickBooks');
        expect(
          refOf(record.ParentRef) === linked('customer', parentId),
          `ParentRef is not customer ${parentId}'s`,
        );
      }
      break;
    }
    case 'invoice': {
      const want = bpro.invoices.get(bproId);
      if (!want) return ['no longer in BPro'];
      expect(
        refOf(record.CustomerRef) === linked('customer', want.customerId),
        'CustomerRef is not its customer',
      );
      const lines = linesOf(record).filter((l) => l.DetailType === 'SalesItemLineDetail');
      expect(lines.length === want.lineCount, `${lines.length} lines, BPro has ${want.lineCount}`);
      const subtotal = lines.reduce((sum, l) => sum + cents(l.Amount), 0);
      expect(
        subtotal === want.subtotalCents,
        `subtotal ${money(subtotal)}, BPro ${money(want.subtotalCents)}`,
      );
      const total = cents(record.TotalAmt);
      const explained = total === want.qboTotalCents && warned('invoice', bproId);
      expect(
        total === want.totalCents || explained,
        `total ${money(total)}, BPro ${money(want.totalCents)} (no warning in the log explains it)`,
      );
      break;
    }
    case 'payment': {
      const want = bpro.payments.get(bproId);
      if (!want) return ['no longer in BPro'];
      const total = cents(record.TotalAmt);
      expect(total === want.cents, `amount ${money(total)}, BPro ${money(want.cents)}`);
      const invoiceId = want.orderId ? linked('invoice', want.orderId) : undefined;
      let applied = 0;
      for (const line of linesOf(record)) {
        applied += cents(line.Amount);
        const txns = (Array.isArray(line.LinkedTxn) ? line.LinkedTxn : []) as Array<Record<string, unknown>>;
        for (const txn of txns)
          expect(
            txn.TxnType === 'Invoice' && String(txn.TxnId) === invoiceId,
            `applied to ${String(txn.TxnType)} ${String(txn.TxnId)}, not its order's invoice`,
          );
      }
      expect(applied <= total, `applies ${money(applied)}, more than its ${money(total)}`);
      const customer = refOf(record.CustomerRef);
      // Applied to an invoice, a payment is the invoice's customer's (QBO refuses another's).
      const invoiceCustomer = invoiceId ? refOf(context.qbo.Invoice?.get(invoiceId)?.CustomerRef) : undefined;
      expect(
        customer === linked('customer', want.customerId) || (applied > 0 && customer === invoiceCustomer),
        "CustomerRef is neither its customer nor its invoice's",
      );
      break;
    }
    case 'refund': {
      const want = bpro.refunds.get(bproId);
      if (!want) return ['no longer in BPro'];
      const total = cents(record.TotalAmt);
      expect(total === want.cents, `amount ${money(total)}, BPro ${money(want.cents)}`);
      expect(
        refOf(record.CustomerRef) === linked('customer', want.customerId),
        'CustomerRef is not its customer',
      );
      break;
    }
    case 'term':
    case 'tax':
      break;
  }
  return wrong;
}

/** A linked record outside the scope: a cancelled order's invoice or a voided payment is voided. */
function checkOutOfScope(
  entity: VerifiedEntity,
  bproId: string,
  record: QboEntity,
  bpro: BproState,
): string[] {
  const voided = cents(record.TotalAmt) === 0;
  if (entity === 'invoice' && bpro.invoices.get(bproId)?.cancelled && !voided)
    return [`invoice ${bproId}: cancelled in BPro, but its QBO invoice ${record.Id} is not voided`];
  if (entity === 'payment' && bpro.payments.get(bproId)?.voided && !voided)
    return [`payment ${bproId}: voided in BPro, but its QBO payment ${record.Id} is not voided`];
  return [];
}

const money = (c: number) => (c / 100).toFixed(2);

/** A log message on one line, at most 160 characters (a failed query's message holds all its SQL). */
function brief(message: string | null): string {
  const line = (message ?? '').replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
