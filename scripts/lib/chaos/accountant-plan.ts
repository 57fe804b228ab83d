// The accountant's part of the chaos plan: someone working in QuickBooks while the sync runs. At
// seeded times they delete, void or edit documents the sync wrote; later BPro changes some of
// those records again (an edit, a cancellation). Pure (no clock, no I/O): which record each step
// takes is decided when it runs (accountant.ts), from `pick` among the records synced by then.
import type { Random } from '../../../db/bpro-generator/random';

export type AccountantEntity = 'invoice' | 'payment' | 'refund';

export type AccountantStep =
  /** In QuickBooks: delete, void (invoices and payments) or edit (its PrivateNote) a synced document. */
  | { by: 'accountant'; act: 'delete' | 'void' | 'edit'; entity: AccountantEntity; pick: number }
  /**
   * In BPro, on a record the accountant touched earlier: `edit` changes it (an order's memo, a
   * payment's reference, a refund's reason), `retire` cancels, voids or deletes it.
   */
  | { by: 'bpro'; act: 'edit' | 'retire'; target: 'edited' | 'removed'; pick: number };

/** What the accountant does over one run: a handful of each action, on each kind of document. */
const ACCOUNTANT: ReadonlyArray<[act: 'delete' | 'void' | 'edit', entity: AccountantEntity]> = [
  ['delete', 'invoice'],
  ['delete', 'invoice'],
  ['delete', 'payment'],
  ['delete', 'refund'],
  ['delete', 'refund'],
  ['void', 'invoice'],
  ['void', 'invoice'],
  ['void', 'payment'],
  ['void', 'payment'],
  ['edit', 'invoice'],
  ['edit', 'invoice'],
  ['edit', 'payment'],
  ['edit', 'payment'],
  ['edit', 'refund'],
];

/** BPro's later changes to records the accountant touched. */
const BPRO: ReadonlyArray<[act: 'edit' | 'retire', target: 'edited' | 'removed']> = [
  ['edit', 'edited'],
  ['edit', 'edited'],
  ['edit', 'removed'],
  ['retire', 'removed'],
  ['retire', 'removed'],
];

/** `n` sorted times in [from, to)·duration, one in each of `n` equal slots. */
function spread(random: Random, n: number, durationMs: number, from: number, to: number): number[] {
  const span = durationMs * (to - from);
  const slot = span / n;
  // One time per slot, jittered within its middle: sorted and apart by construction.
  return Array.from({ length: n }, (_, i) =>
    Math.round(durationMs * from + slot * i + slot * (0.15 + 0.7 * random.next())),
  );
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The accountant's steps: their own actions spread over 20–80 % of the run (the initial sync has
 * synced documents by then), BPro's changes to what they touched over 55–92 %.
 */
export function accountantPlan(
  random: Random,
  durationMs: number,
): Array<{ atMs: number; step: AccountantStep }> {
  const own = shuffled(random, ACCOUNTANT);
  const ownTimes = spread(random, own.length, durationMs, 0.2, 0.8);
  const bpro = shuffled(random, BPRO);
  const bproTimes = spread(random, bpro.length, durationMs, 0.55, 0.92);
  return [
    ...own.map(([act, entity], i) => ({
      atMs: ownTimes[i] ?? 0,
      step: { by: 'accountant' as const, act, entity, pick: random.next() },
    })),
    ...bpro.map(([act, target], i) => ({
      atMs: bproTimes[i] ?? 0,
      step: { by: 'bpro' as const, act, target, pick: random.next() },
    })),
  ];
}

/** One line of the timeline for a planned step (before it knows its record). */
export function describeStep(step: AccountantStep): string {
  if (step.by === 'accountant') return `accountant: ${step.act} a synced ${step.entity} in QuickBooks`;
  return `BPro: ${step.act === 'edit' ? 'change' : 'cancel/void/delete'} a record the accountant ${step.target === 'edited' ? 'edited' : 'deleted or voided'}`;
}
