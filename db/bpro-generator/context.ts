// What every record generator shares: the tenant and the anchor days of the history, and the
// optional later edit of a record.
import { at, dayOf } from './days';
import type { Random } from './random';

/** The anchor date used when none is given: the same inputs always give the same dataset. */
export const DEFAULT_TODAY = '2026-09-30';
/** Orders, payments and refunds spread over this many days before `today` (about 18 months). */
export const HISTORY_DAYS = 548;

export type Context = {
  tenantId: string;
  today: number;
  /** First day of orders/payments/refunds. */
  historyStart: number;
  /** First day a customer can be created. */
  customersStart: number;
  /** The day the BPro system was set up (reference data). */
  setupDay: number;
};

/** A later edit, or none: updated_at ≥ created_at and never after today. */
export function maybeEdited(ctx: Context, rng: Random, createdAt: Date, p: number): Date {
  if (!rng.chance(p)) return createdAt;
  const day = rng.int(dayOf(createdAt), ctx.today);
  const edited = at(day, rng.int(8 * 60, 20 * 60));
  return edited > createdAt ? edited : createdAt;
}

/** The days of a history ending on `today` (a day number). */
export function historyContext(tenantId: string, today: number): Context {
  return {
    tenantId,
    today,
    historyStart: today - HISTORY_DAYS,
    customersStart: today - HISTORY_DAYS - 180,
    setupDay: today - HISTORY_DAYS - 200,
  };
}
