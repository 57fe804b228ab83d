// A company-wide condition (subscription lapsed, company reset) stops every write of a tenant's
// QuickBooks company: the connection is marked blocked with the reason, and while it is, one call
// per interval is let through as a probe; the first probe that succeeds clears it.
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { qboConnections } from '../schema';
import { listsVersionColumns, listsVersionOf, type ListsVersion } from './company-lists';

export type CompanyBlock = { kind: string; reason: string; since: Date };

export async function blockCompany(
  db: DatabaseOrTransaction,
  tenantId: string,
  block: { kind: string; reason: string },
): Promise<void> {
  await db
    .update(qboConnections)
    .set({
      blockedKind: block.kind,
      blockedReason: block.reason,
      blockedSince: sql`coalesce(${qboConnections.blockedSince}, now())`,
      blockedProbeAt: sql`now()`,
    })
    .where(eq(qboConnections.tenantId, tenantId));
}

export async function unblockCompany(db: DatabaseOrTransaction, tenantId: string): Promise<void> {
  await db
    .update(qboConnections)
    .set({
      blockedKind: null,
      blockedReason: null,
      blockedSince: null,
      blockedProbeAt: null,
      writeEpoch: sql`${qboConnections.writeEpoch} + 1`,
    })
    .where(and(eq(qboConnections.tenantId, tenantId), isNotNull(qboConnections.blockedKind)));
}

/**
 * Whether a run may call QuickBooks: `open` (not blocked), `probe` (blocked, and this run is the
 * one call let through this interval), or `wait` with the block (the probe is claimed in one
 * statement: of many runs at once, exactly one becomes it). `epoch` goes into the run's request ids: QBO replays the
 * first answer to a request id, and before a block ended that answer was the refusal. Empty for a
 * company never blocked (request ids as always); a probe's is its own.
 */
export async function passCompanyGate(
  db: DatabaseOrTransaction,
  tenantId: string,
  probeEveryMs: number,
): Promise<
  { gate: 'open' | 'probe'; epoch: string; lists: ListsVersion } | { gate: 'wait'; block: CompanyBlock }
> {
  // The common case (not blocked) costs one read; only a blocked company contends for the probe.
  const [row] = await db
    .select({
      kind: qboConnections.blockedKind,
      reason: qboConnections.blockedReason,
      since: qboConnections.blockedSince,
      writeEpoch: qboConnections.writeEpoch,
      lists: listsVersionColumns,
    })
    .from(qboConnections)
    .where(eq(qboConnections.tenantId, tenantId));
  const lists = listsVersionOf(row?.lists);
  if (!row?.kind) return { gate: 'open', epoch: row?.writeEpoch ? `e${row.writeEpoch}` : '', lists };
  const [probe] = await db
    .update(qboConnections)
    .set({ blockedProbeAt: sql`now()` })
    .where(
      and(
        eq(qboConnections.tenantId, tenantId),
        isNotNull(qboConnections.blockedKind),
        or(
          isNull(qboConnections.blockedProbeAt),
          lt(qboConnections.blockedProbeAt, sql`now() - make_interval(secs => ${probeEveryMs / 1000})`),
        ),
      ),
    )
    .returning({ probeAt: qboConnections.blockedProbeAt });
  if (probe) return { gate: 'probe', epoch: `p${probe.probeAt?.getTime() ?? Date.now()}`, lists };
  return {
    gate: 'wait',
    block: { kind: row.kind, reason: row.reason ?? row.kind, since: row.since ?? new Date() },
  };
}
