// An accountant's edit that BPro's next change replaces is logged before the QuickBooks write, so
// a run that dies after QBO committed the update (a dropped database connection before the link is
// saved, a killed worker) cannot lose it: the retry sees its own write, nothing left to name. The
// retry of a write that did not commit names the same edit once, not twice.
import { describe, expect, it } from 'vitest';
import type { QboEntity } from '../../../activities/qbo/schemas';
import { syncDocument } from '../../../activities/sync/document-lifecycle';
import type { DocumentSpec } from '../../../activities/sync/document-spec';
import { fingerprintOf } from '../../../activities/sync/qbo-side';
import { RunLogWriter } from '../../../activities/sync/run-log';
import type { EntityLink, SyncContext } from '../../../activities/sync/types';

type Row = { id: string; date: string };

/** One invoice in "QuickBooks", its link, and the log, all in memory. */
function world(failLinkSaves: number) {
  let qbo: QboEntity = { Id: '9', SyncToken: '0', TxnDate: '2026-03-01', DocNumber: '5', TotalAmt: 40 };
  let link: EntityLink = {
    tenantId: 't1',
    entity: 'invoice',
    bproId: 'o1',
    qboId: '9',
    qboSyncToken: '0',
    sourceHash: 'old',
    state: 'active',
    qboFingerprint: fingerprintOf(qbo),
    syncedAt: new Date(),
  };
  const log: { action: string; message: string | null }[] = [];
  let saveFailures = failLinkSaves;
  const db = {
    // latestLogFor's query chain, answered from the in-memory log (newest last).
    select: () => ({
      from: () => ({
        where: () => ({
          orderBy: () => ({ limit: () => Promise.resolve(log.slice(-1).map((e) => ({ ...e }))) }),
        }),
      }),
    }),
    insert: () => ({
      values: (rows: { action: string; message: string | null }[]) => Promise.resolve(void log.push(...rows)),
    }),
  };
  const runLog = new RunLogWriter(db as never, 't1', 'wf');
  const ctx = {
    log: runLog,
    links: {
      find: () => Promise.resolve(link),
      save: (_entity: string, _bproId: string, doc: QboEntity, hash: string) => {
        if (saveFailures-- > 0) return Promise.reject(new Error('connection terminated'));
        link = {
          ...link,
          qboSyncToken: doc.SyncToken ?? null,
          sourceHash: hash,
          qboFingerprint: fingerprintOf(doc),
        };
        return Promise.resolve();
      },
    },
    qbo: { read: () => Promise.resolve({ ...qbo }) },
    scheduler: { serial: (_key: string, run: () => Promise<unknown>) => run() },
    documents: {
      update: (_doc: unknown, change: QboEntity) => {
        qbo = { ...qbo, ...change, SyncToken: String(Number(qbo.SyncToken) + 1) };
        delete qbo.sparse;
        return Promise.resolve({ ...qbo });
      },
    },
  } as unknown as SyncContext;
  const spec: DocumentSpec<Row> = {
    entity: 'invoice',
    qboEntity: 'Invoice',
    retireBy: 'void',
    load: () => Promise.resolve({ id: 'o1', date: '2026-03-02' }),
    sourceOf: (row) => row,
    outOfScope: () => Promise.resolve(null),
    prepare: (_ctx, row) =>
      Promise.resolve({
        doc: {} as never,
        build: () => Promise.resolve({ body: { TxnDate: row.date, DocNumber: '5' } }),
      }),
  };
  const accountantEdits = (fields: Partial<QboEntity>) => {
    qbo = { ...qbo, ...fields, SyncToken: String(Number(qbo.SyncToken) + 1) };
  };
  return { ctx, spec, log, accountantEdits, qboCopy: () => qbo };
}

const warnings = (log: { action: string; message: string | null }[]) =>
  log.filter((e) => e.action === 'warning' && e.message?.startsWith('Edited in QuickBooks'));

describe("an accountant's edit replaced by BPro's version", () => {
  it('is logged even when the run dies after QuickBooks committed the update', async () => {
    const w = world(1);
    w.accountantEdits({ TxnDate: '2026-03-09' });
    await expect(syncDocument(w.ctx, w.spec, 'o1')).rejects.toThrow('connection terminated');
    // Temporal's retry: QBO already has BPro's version; the link still has the old SyncToken.
    expect(await syncDocument(w.ctx, w.spec, 'o1')).toMatchObject({ action: 'updated' });
    expect(w.qboCopy().TxnDate).toBe('2026-03-02');
    expect(warnings(w.log)).toHaveLength(1);
    expect(warnings(w.log)[0]?.message).toContain('TxnDate "2026-03-09"');
  });

  it('is logged once when the retry repeats a write that had not happened', async () => {
    const w = world(0);
    w.accountantEdits({ TxnDate: '2026-03-09' });
    let fails = 1;
    const update = w.ctx.documents.update.bind(w.ctx.documents);
    (w.ctx.documents as { update: typeof update }).update = async (...args) => {
      if (fails-- > 0) throw new Error('503 before the write');
      return update(...args);
    };
    await expect(syncDocument(w.ctx, w.spec, 'o1')).rejects.toThrow('503');
    expect(await syncDocument(w.ctx, w.spec, 'o1')).toMatchObject({ action: 'updated' });
    expect(warnings(w.log)).toHaveLength(1);
  });
});

describe('a document the accountant edited, then cancelled in BPro', () => {
  const cancelled = (w: ReturnType<typeof world>) => {
    const voids: QboEntity[] = [];
    const ctx = w.ctx as unknown as {
      qbo: Record<string, unknown>;
      requestIds: unknown;
      links: { save: unknown };
    };
    ctx.qbo.void = (_type: string, ref: QboEntity) => {
      voids.push(ref);
      return Promise.resolve({ ...w.qboCopy(), TotalAmt: 0, PrivateNote: 'Voided' });
    };
    ctx.requestIds = { update: () => 'req-void' };
    const spec: DocumentSpec<Row> = { ...w.spec, unwanted: () => 'Cancelled in BPro' };
    return { spec, voids };
  };

  it('is voided with a warning, written before the void, naming the edit', async () => {
    const w = world(0);
    w.accountantEdits({ PrivateNote: 'Checked by the accountant' });
    const { spec, voids } = cancelled(w);
    expect(await syncDocument(w.ctx, spec, 'o1')).toMatchObject({ action: 'voided' });
    expect(voids).toHaveLength(1);
    expect(warnings(w.log)).toHaveLength(1);
    expect(warnings(w.log)[0]?.message).toContain('voided there all the same (Cancelled in BPro)');
  });

  it('is voided without a warning when only a payment moved its SyncToken', async () => {
    const w = world(0);
    w.accountantEdits({ Balance: 10 });
    const { spec, voids } = cancelled(w);
    expect(await syncDocument(w.ctx, spec, 'o1')).toMatchObject({ action: 'voided' });
    expect(voids).toHaveLength(1);
    expect(warnings(w.log)).toHaveLength(0);
  });
});
