// BPro's side of the accountant scenario: a record the accountant touched in QuickBooks changes
// in BPro afterwards, written to the bpro tables and followed by BPro's signed hook (sent again
// until the API takes it). An edit after the accountant's edit must replace their version (with a
// warning naming it); an edit after a delete or void must not bring the document back; a
// cancellation, void or deletion in BPro ends the record `voided`.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { orders, payments, refunds } from '../../../db/schema';
import type { HookEvent } from '../../../workflows/contracts';
import type { AccountantEntity } from './accountant-plan';
import type { AccountantEntry } from './accountant';

/** Sends BPro's hook for a record; true once the API took it. */
export type HookSend = (
  entity: AccountantEntity,
  id: string,
  event: HookEvent,
  label: string,
) => Promise<boolean>;

type Deps = { db: Database; tenantId: string; sendHook: HookSend };
type FollowUp = { act: 'edit' | 'retire'; target: 'edited' | 'removed'; pick: number; n: number };

const key = (e: Pick<AccountantEntry, 'entity' | 'bproId'>) => `${e.entity}:${e.bproId}`;

/** An order BPro may cancel here: one without payments (its payments would change scope too). */
async function unpaid(deps: Deps, orderId: string): Promise<boolean> {
  const rows = await deps.db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.tenantId, deps.tenantId), eq(payments.orderId, orderId)))
    .limit(1);
  return rows.length === 0;
}

/** The accountant's entries the follow-up may take, oldest first. */
async function targets(deps: Deps, entries: readonly AccountantEntry[], step: FollowUp) {
  const retired = new Set(entries.filter((e) => e.by === 'bpro' && e.act === 'retire').map(key));
  const changed = new Set(entries.filter((e) => e.by === 'bpro').map(key));
  const out: AccountantEntry[] = [];
  for (const e of entries) {
    if (e.by !== 'accountant' || retired.has(key(e))) continue;
    if ((step.target === 'edited') !== (e.act === 'edit')) continue;
    if (step.act === 'edit' && changed.has(key(e))) continue;
    if (step.act === 'retire' && e.entity === 'invoice' && !(await unpaid(deps, e.bproId))) continue;
    out.push(e);
  }
  return out;
}

/** Changes the record in BPro and sends the hook; returns what changed. */
async function edit(deps: Deps, target: AccountantEntry, n: number): Promise<string> {
  const { db, tenantId } = deps;
  const text = `Changed in BPro (chaos #${n})`;
  const updatedAt = new Date();
  if (target.entity === 'invoice')
    await db
      .update(orders)
      .set({ memo: text, updatedAt })
      .where(and(eq(orders.tenantId, tenantId), eq(orders.id, target.bproId)));
  else if (target.entity === 'payment')
    await db
      .update(payments)
      .set({ reference: `CHAOS-${n}`, updatedAt })
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, target.bproId)));
  else
    await db
      .update(refunds)
      .set({ reason: text, updatedAt })
      .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, target.bproId)));
  return target.entity === 'payment' ? `reference CHAOS-${n}` : `"${text}"`;
}

/** Cancels the order, voids the payment or deletes the refund in BPro; returns the hook event. */
async function retire(deps: Deps, target: AccountantEntry): Promise<HookEvent> {
  const { db, tenantId } = deps;
  const updatedAt = new Date();
  if (target.entity === 'invoice') {
    await db
      .update(orders)
      .set({ status: 'cancelled', updatedAt })
      .where(and(eq(orders.tenantId, tenantId), eq(orders.id, target.bproId)));
    return 'cancelled';
  }
  if (target.entity === 'payment') {
    await db
      .update(payments)
      .set({ status: 'voided', updatedAt })
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, target.bproId)));
    return 'voided';
  }
  await db.delete(refunds).where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, target.bproId)));
  return 'deleted';
}

/** Carries out BPro's step on a record the accountant touched; a string says why it did not. */
export async function bproFollowUp(
  deps: Deps,
  entries: readonly AccountantEntry[],
  step: FollowUp,
): Promise<AccountantEntry | string> {
  const options = await targets(deps, entries, step);
  const target = options[Math.floor(step.pick * options.length)];
  if (!target)
    return `no record the accountant ${step.target === 'edited' ? 'edited' : 'deleted or voided'} to ${step.act}`;
  let tag: string | undefined;
  let event: HookEvent = 'updated';
  if (step.act === 'edit') tag = await edit(deps, target, step.n);
  else event = await retire(deps, target);
  const label = `${target.entity} ${target.bproId} ${event} after the accountant's ${target.act}`;
  const hookAccepted = await deps.sendHook(target.entity, target.bproId, event, label);
  return {
    n: step.n,
    at: new Date(),
    by: 'bpro',
    act: step.act,
    entity: target.entity,
    bproId: target.bproId,
    qboId: target.qboId,
    ...(tag ? { tag } : {}),
    hookAccepted,
  };
}
