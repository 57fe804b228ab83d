// Both of QuickBooks' lanes for a company's writes (qbo-api.md §4): batch calls (40 a minute, 30
// items each) and plain calls (the rest of the 500 a minute). Held writes go out as full batches
// while the batch bucket has a token; when it has none but the plain budget has (beyond the
// reserve kept for record syncs), they go out one by one as plain calls instead of waiting for
// the next batch token. So an initial sync can reach 40 × 30 + (500 − 40) writes a minute.
import { BATCH_LIMIT } from './schemas';

/** Non-blocking probes of the realm's buckets: true = a token was taken now. */
export type LaneProbe = {
  batchNow(): Promise<boolean>;
  plainNow(): Promise<boolean>;
};

/** How a group of writes is sent; `tokenTaken` = the probe already took its token. */
export type LaneSenders<T> = {
  batch(items: T[], tokenTaken: boolean): void;
  plain(item: T, tokenTaken: boolean): void;
};

/** Fewer writes than this left, and no token free in either lane: they wait for plain tokens. */
export const MIN_WAITING_BATCH = 6;

/**
 * Sends `items` (in order) through whichever lane has a token now: a batch of up to 30 when the
 * batch bucket has one, else one plain call per free plain token; when neither has one, a batch
 * that waits for its token (or, for a few items, plain calls that wait for theirs).
 */
export async function sendThroughLanes<T>(
  items: readonly T[],
  probe: LaneProbe,
  send: LaneSenders<T>,
): Promise<void> {
  const left = [...items];
  while (left.length > 0) {
    if (left.length === 1) {
      send.plain(left.shift() as T, false);
      return;
    }
    if (await probe.batchNow()) {
      send.batch(left.splice(0, BATCH_LIMIT), true);
      continue;
    }
    if (await probe.plainNow()) {
      send.plain(left.shift() as T, true);
      continue;
    }
    if (left.length >= MIN_WAITING_BATCH) {
      send.batch(left.splice(0, BATCH_LIMIT), false);
      continue;
    }
    for (const item of left.splice(0)) send.plain(item, false);
  }
}
