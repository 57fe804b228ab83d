// The accountant of the chaos run: carries out accountant-plan.ts's steps. In QuickBooks, through
// the QBO Accounting API with the tenant's access (as verify.ts reads it), they delete, void or
// edit a document the sync wrote; in BPro (accountant-bpro.ts), a record they touched is changed
// or cancelled again. Each step that happens is an entry: the timeline shows it, the report lists
// it and the verification holds the record to the rules of a QuickBooks-side change.
import { and, eq, sql } from 'drizzle-orm';
import { QboError } from '../../../activities/qbo/errors';
import type { QboClient } from '../../../activities/qbo/client';
import type { QboEntity } from '../../../activities/qbo/schemas';
import type { Database } from '../../../db/client';
import { entityLinks } from '../../../db/schema';
import type { AccountantEntity, AccountantStep } from './accountant-plan';
import { bproFollowUp, type HookSend } from './accountant-bpro';

export type AccountantEntry = {
  /** The step's number in the run (#n in the timeline, the accountant's notes and BPro's edits). */
  n: number;
  at: Date;
  by: 'accountant' | 'bpro';
  act: 'delete' | 'void' | 'edit' | 'retire';
  entity: AccountantEntity;
  bproId: string;
  qboId: string;
  /** Edits: the line the accountant added to the PrivateNote, or what BPro changed. */
  tag?: string;
  /** BPro steps: whether the API took the hook. */
  hookAccepted?: boolean;
};

export const QBO_DOCUMENT = { invoice: 'Invoice', payment: 'Payment', refund: 'RefundReceipt' } as const;

const DONE: Record<'delete' | 'void' | 'edit', string> = {
  delete: 'deleted',
  void: 'voided',
  edit: 'edited',
};

/** Void in QuickBooks: zeroed, and its PrivateNote starts "Voided". */
export const isVoided = (r: QboEntity) =>
  Number(r.TotalAmt ?? 0) === 0 && typeof r.PrivateNote === 'string' && r.PrivateNote.startsWith('Voided');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Faults the run injects (5xx, 429, dropped answers, expired tokens, dropped connections) pass. */
function worthRetrying(error: unknown): boolean {
  if (!(error instanceof QboError)) return true;
  return ['upstream_unavailable', 'network', 'throttled', 'auth_expired', 'stale_object'].includes(
    error.type,
  );
}

async function withRetries<T>(attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 0; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= 6 || !worthRetrying(error)) throw error;
      await sleep(750 * (n + 1));
    }
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class Accountant {
  readonly entries: AccountantEntry[] = [];
  private readonly touched = new Set<string>();
  private steps = 0;
  /** Steps run one at a time, in plan order (two must not take the same record). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      db: Database;
      tenantId: string;
      client: QboClient;
      sendHook: HookSend;
      log: (text: string) => void;
    },
  ) {}

  /** Carries out one step after those before it; its timeline line, or null when it did nothing. */
  carryOut(step: AccountantStep): Promise<string | null> {
    const run = this.queue.then(() => this.step(step));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Resolves once every step handed over so far has ended. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async step(step: AccountantStep): Promise<string | null> {
    this.steps += 1;
    const n = this.steps;
    if (step.by === 'bpro') {
      const entry = await bproFollowUp(this.deps, this.entries, { ...step, n });
      if (typeof entry === 'string') {
        this.deps.log(`BPro #${n}: ${entry}; skipped`);
        return null;
      }
      this.entries.push(entry);
      const did = entry.act === 'edit' ? `changed (${entry.tag ?? ''})` : 'cancelled/voided/deleted';
      return `BPro #${n}: ${entry.entity} ${entry.bproId}, which the accountant touched, ${did} in BPro; hook ${entry.hookAccepted ? 'accepted' : 'NOT accepted'}`;
    }
    const candidates = (await this.candidates(step.act, step.entity)).filter(
      (c) => !this.touched.has(`${step.entity}:${c.bproId}`),
    );
    // From the pick onwards, the first record QuickBooks still holds live (three tries at most).
    const start = Math.floor(step.pick * candidates.length);
    for (let i = 0; i < Math.min(3, candidates.length); i += 1) {
      const c = candidates[(start + i) % candidates.length];
      if (!c) continue;
      const done = await this.actOn(step.act, step.entity, c, n).catch((error: unknown) => {
        this.deps.log(`accountant #${n}: ${step.act} ${step.entity} ${c.bproId} failed: ${message(error)}`);
        return null;
      });
      if (!done) continue;
      this.touched.add(`${step.entity}:${c.bproId}`);
      this.entries.push(done);
      return `accountant #${n}: ${DONE[step.act]} the ${QBO_DOCUMENT[step.entity]} ${c.qboId} of BPro ${step.entity} ${c.bproId} in QuickBooks${done.tag ? ` (PrivateNote + "${done.tag}")` : ''}`;
    }
    this.deps.log(`accountant #${n}: no synced ${step.entity} to ${step.act}; skipped`);
    return null;
  }

  /**
   * Synced documents the step may take, by BPro id. An invoice is deleted only when its order has
   * no payment (QuickBooks refuses to delete a paid one) and voided only when every payment of its
   * order is synced (one synced later would apply to a voided invoice); the simulated BPro activity
   * pays and cancels only its own new orders, so those are left alone.
   */
  private async candidates(act: AccountantStep['act'], entity: AccountantEntity) {
    const { db, tenantId } = this.deps;
    const where = [
      eq(entityLinks.tenantId, tenantId),
      eq(entityLinks.entity, entity),
      eq(entityLinks.state, 'active'),
    ];
    if (entity === 'invoice' && act !== 'edit') {
      where.push(sql`${entityLinks.bproId} not like 'live-%'`);
      where.push(
        act === 'delete'
          ? sql`not exists (select 1 from bpro.payments p where p.tenant_id = ${tenantId} and p.order_id = ${entityLinks.bproId})`
          : sql`not exists (select 1 from bpro.payments p where p.tenant_id = ${tenantId} and p.order_id = ${entityLinks.bproId}
              and not exists (select 1 from qbo_sync.entity_links l where l.tenant_id = p.tenant_id and l.entity = 'payment' and l.bpro_id = p.id))`,
      );
    }
    return db
      .select({ bproId: entityLinks.bproId, qboId: entityLinks.qboId })
      .from(entityLinks)
      .where(and(...where))
      .orderBy(entityLinks.bproId);
  }

  /** Does it in QuickBooks; null when the record is no longer live there (nothing was done). */
  private async actOn(
    act: 'delete' | 'void' | 'edit',
    entity: AccountantEntity,
    target: { bproId: string; qboId: string },
    n: number,
  ): Promise<AccountantEntry | null> {
    const { client } = this.deps;
    const type = QBO_DOCUMENT[entity];
    const tag = `Checked by the accountant (chaos #${n})`;
    let acted = false;
    const ok = await withRetries(async (attempt) => {
      const current = await client.read(type, target.qboId).catch((error: unknown) => {
        if (error instanceof QboError && error.type === 'not_found_or_inactive') return null;
        throw error;
      });
      // An earlier attempt may have gone through with its answer lost: then it is done.
      if (!current) return acted && act === 'delete';
      if (isVoided(current)) return acted && act === 'void';
      const note = typeof current.PrivateNote === 'string' ? current.PrivateNote : '';
      if (acted && act === 'edit' && note.includes(tag)) return true;
      const ref = { Id: current.Id, SyncToken: current.SyncToken ?? '0' };
      const requestId = `chaos-accountant-${n}-${attempt}`;
      acted = true;
      if (act === 'delete') await client.delete(type, ref, requestId);
      else if (act === 'void') await client.void(type as 'Invoice' | 'Payment', ref, requestId);
      else await client.update(type, { ...ref, PrivateNote: `${note}\n${tag}` }, requestId);
      return true;
    });
    if (!ok) return null;
    return {
      n,
      at: new Date(),
      by: 'accountant',
      act,
      entity,
      ...target,
      ...(act === 'edit' ? { tag } : {}),
    };
  }
}
