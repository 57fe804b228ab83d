// The chaos run's verification of the accountant's actions (scripts/lib/chaos/verify-accountant.ts):
// a document deleted or voided in QuickBooks stays so and needs attention unless BPro retired it
// since; an edited one keeps the accountant's version until BPro changes it, each with its warning.
import { describe, expect, it } from 'vitest';
import type { QboEntity } from '../../activities/qbo/schemas';
import type { AccountantEntry } from '../../scripts/lib/chaos/accountant';
import type { BproState } from '../../scripts/lib/chaos/expected';
import {
  accountantTouches,
  checkEdited,
  checkRemoved,
  unexplainedStates,
  type AccountantContext,
} from '../../scripts/lib/chaos/verify-accountant';

const at = new Date('2026-01-10T10:00:00Z');
const later = new Date('2026-01-10T10:01:00Z');

const entry = (
  e: Partial<AccountantEntry> & Pick<AccountantEntry, 'n' | 'act' | 'entity' | 'bproId' | 'qboId'>,
): AccountantEntry => ({ at, by: 'accountant', ...e });

type Link = AccountantContext['links'][number];
type Log = AccountantContext['log'][number];
const link = (entity: Link['entity'], bproId: string, qboId: string, state: Link['state']): Link => ({
  tenantId: 't',
  entity,
  bproId,
  qboId,
  state,
  qboSyncToken: '1',
  qboFingerprint: null,
  sourceHash: null,
  syncedAt: at,
});
let logId = 0n;
const log = (
  entity: Log['entity'],
  bproId: string,
  action: Log['action'],
  message: string,
  when = at,
): Log => {
  logId += 1n;
  return {
    id: logId,
    tenantId: 't',
    entity,
    bproId,
    action,
    message,
    qboId: null,
    workflowId: null,
    awaiting: null,
    at: when,
  };
};

function bpro(overrides: Partial<BproState> = {}): BproState {
  return {
    inScope: {
      paymentMethod: new Set(),
      term: new Set(),
      tax: new Set(),
      productCategory: new Set(),
      product: new Set(),
      customer: new Set(),
      invoice: new Set(),
      payment: new Set(),
      refund: new Set(),
    },
    paymentMethodNames: new Map(),
    customers: new Map(),
    invoices: new Map([
      [
        'o1',
        {
          customerId: 'c1',
          lineCount: 1,
          subtotalCents: 1000,
          totalCents: 1000,
          qboTotalCents: 1000,
          cancelled: false,
        },
      ],
      [
        'o2',
        {
          customerId: 'c1',
          lineCount: 1,
          subtotalCents: 1000,
          totalCents: 1000,
          qboTotalCents: 1000,
          cancelled: false,
        },
      ],
    ]),
    payments: new Map([
      ['p1', { customerId: 'c1', orderId: null, methodId: 'm', cents: 500, voided: false }],
    ]),
    refunds: new Map([['r1', { customerId: 'c1', cents: 100 }]]),
    ...overrides,
  };
}

const qboRecord = (Id: string, PrivateNote: string, TotalAmt: number): QboEntity => ({
  Id,
  PrivateNote,
  TotalAmt,
});

function expectOk(outcome: { ok: boolean; outcome: string }, wording: RegExp) {
  expect(outcome.ok, outcome.outcome).toBe(true);
  expect(outcome.outcome).toMatch(wording);
}

function context(parts: Partial<AccountantContext>): AccountantContext {
  return {
    entries: [],
    bpro: bpro(),
    links: [],
    log: [],
    qbo: { Invoice: new Map(), Payment: new Map(), RefundReceipt: new Map() },
    ...parts,
  };
}

describe("the verification of the accountant's deletes and voids", () => {
  const deleted = entry({ n: 1, act: 'delete', entity: 'invoice', bproId: 'o1', qboId: '10' });

  it('accepts a deleted invoice that stays deleted and needs attention', () => {
    const ctx = context({
      entries: [deleted],
      links: [link('invoice', 'o1', '10', 'qbo_deleted')],
      log: [
        log('invoice', 'o1', 'created', 'Created'),
        log('invoice', 'o1', 'needs_attention', 'Deleted in QuickBooks on …'),
      ],
    });
    expectOk(checkRemoved(ctx, deleted), /needs attention/);
  });

  it('catches a re-created copy, a link moved on and a later log entry', () => {
    const ctx = context({
      entries: [deleted],
      links: [link('invoice', 'o1', '11', 'active')],
      log: [
        log('invoice', 'o1', 'needs_attention', 'Deleted in QuickBooks'),
        log('invoice', 'o1', 'created', 'Created'),
      ],
      qbo: { Invoice: new Map([['11', qboRecord('11', 'BPro order 5 (o1)', 10)]]) },
    });
    const outcome = checkRemoved(ctx, deleted);
    expect(outcome.ok).toBe(false);
    expect(outcome.outcome).toMatch(/re-created in QuickBooks as Invoice 11/);
    expect(outcome.outcome).toMatch(/linked to Invoice 11 now/);
    expect(outcome.outcome).toMatch(/link state active, expected qbo_deleted/);
    expect(outcome.outcome).toMatch(/latest log entry created/);
  });

  it('holds a voided payment to staying void', () => {
    const voided = entry({ n: 2, act: 'void', entity: 'payment', bproId: 'p1', qboId: '20' });
    const parts = {
      entries: [voided],
      links: [link('payment', 'p1', '20', 'qbo_voided')],
      log: [log('payment', 'p1', 'needs_attention', 'Voided in QuickBooks on …')],
    };
    const stillVoid = context({
      ...parts,
      qbo: { Payment: new Map([['20', qboRecord('20', 'Voided - BPro payment p1', 0)]]) },
    });
    expect(checkRemoved(stillVoid, voided).ok).toBe(true);
    const back = context({
      ...parts,
      qbo: { Payment: new Map([['20', qboRecord('20', 'BPro payment p1', 5)]]) },
    });
    expect(checkRemoved(back, voided).outcome).toMatch(/not void any more/);
  });

  it('expects voided (or deleted) once BPro retired the record since', () => {
    const refund = entry({ n: 3, act: 'delete', entity: 'refund', bproId: 'r1', qboId: '30' });
    const gone = bpro({ refunds: new Map() });
    const logged = [
      log('refund', 'r1', 'needs_attention', 'Deleted in QuickBooks'),
      log('refund', 'r1', 'voided', 'Deleted in BPro'),
    ];
    const retired = context({
      bpro: gone,
      entries: [refund],
      links: [link('refund', 'r1', '30', 'deleted')],
      log: logged,
    });
    expectOk(checkRemoved(retired, refund), /in BPro since/);
    const held = context({
      bpro: gone,
      entries: [refund],
      links: [link('refund', 'r1', '30', 'qbo_deleted')],
      log: logged,
    });
    expect(checkRemoved(held, refund).outcome).toMatch(/link state qbo_deleted, expected voided or deleted/);
  });

  it('flags a QuickBooks-side state nobody caused', () => {
    const ctx = context({
      links: [link('invoice', 'o2', '12', 'qbo_voided'), link('invoice', 'o1', '10', 'qbo_deleted')],
    });
    const { removed } = accountantTouches([deleted]);
    expect(unexplainedStates(ctx, removed)).toEqual([
      expect.stringMatching(/^invoice o2: link state qbo_voided, but nobody deleted or voided it/),
    ]);
  });
});

describe("the verification of the accountant's edits", () => {
  const tag = 'Checked by the accountant (chaos #4)';
  const edited = entry({ n: 4, act: 'edit', entity: 'invoice', bproId: 'o2', qboId: '12', tag });
  const links = [link('invoice', 'o2', '12', 'active')];
  const theirs = { Invoice: new Map([['12', qboRecord('12', `BPro order 6 (o2)\n${tag}`, 10)]]) };
  const ours = {
    Invoice: new Map([['12', qboRecord('12', 'BPro order 6 (o2)\nChanged in BPro (chaos #9)', 10)]]),
  };
  const bproEdit = entry({
    n: 9,
    by: 'bpro',
    act: 'edit',
    entity: 'invoice',
    bproId: 'o2',
    qboId: '12',
    at: later,
  });

  it("keeps the accountant's version, with the poller's warning, while BPro has not changed it", () => {
    const warning = log('invoice', 'o2', 'warning', 'Edited in QuickBooks on 2026-01-10: kept until …');
    expect(checkEdited(context({ entries: [edited], links, qbo: theirs, log: [warning] }), edited).ok).toBe(
      true,
    );
    expect(checkEdited(context({ entries: [edited], links, qbo: theirs }), edited).outcome).toMatch(
      /no "Edited in QuickBooks" warning/,
    );
    const changed = context({ entries: [edited, bproEdit], links, qbo: theirs, log: [warning] });
    expect(checkEdited(changed, edited).outcome).toMatch(/BPro changed it since/);
  });

  it("takes BPro's version after a BPro change, with a warning naming the accountant's values", () => {
    const named = log(
      'invoice',
      'o2',
      'warning',
      `Edited in QuickBooks since the sync last wrote it; the accountant's version had PrivateNote ${JSON.stringify(`BPro order 6 (o2)\n${tag}`)}. BPro is …`,
      later,
    );
    const replaced = context({ entries: [edited, bproEdit], links, qbo: ours, log: [named] });
    expectOk(checkEdited(replaced, edited), /BPro's version/);
    const unnamed = context({ entries: [edited, bproEdit], links, qbo: ours });
    expect(checkEdited(unnamed, edited).outcome).toMatch(/no warning names their/);
    const unprompted = context({ entries: [edited], links, qbo: ours, log: [named] });
    expect(checkEdited(unprompted, edited).outcome).toMatch(/BPro did not change the record/);
  });

  it('leaves an edited record BPro cancelled since to the usual checks', () => {
    const cancelled = bpro({
      invoices: new Map([
        [
          'o2',
          {
            customerId: 'c1',
            lineCount: 1,
            subtotalCents: 1,
            totalCents: 1,
            qboTotalCents: 1,
            cancelled: true,
          },
        ],
      ]),
    });
    expect(checkEdited(context({ bpro: cancelled, entries: [edited], links, qbo: ours }), edited).ok).toBe(
      true,
    );
  });
});
