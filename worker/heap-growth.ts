// How far V8 lets a worker's old space grow past what its last full collection kept. On a large
// machine V8 grows it up to 4× (the bench's worker: ~90 MiB live, heap swinging to 290 MiB, peak
// RSS 496 MiB); the pages' garbage (QBO answers, rows) is short-lived, so collecting at +40 %
// kept the heap under 200 MiB and peak RSS at 329 MiB for the same CPU time (README "Memory").
import v8 from 'node:v8';

/** Sets V8's heap growing factor for this process (0: leave V8's own). */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}
