// The pool of one company's bulk writes (activities/qbo/write-pool.ts): full batches while 30 are
// pooled, the plain budget on the surplus beyond them, and fewer than 30 held while writes keep
// arriving (150 ms since the last submit), then sent plainly, or as a batch when no plain token is free.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_WAITING_BATCH, type LaneProbe } from '../../activities/qbo/write-lanes';
import { WritePool } from '../../activities/qbo/write-pool';

/** Tokens free in each lane, changeable while the pool runs; every probe is counted. */
type Tokens = { batch: number; plain: number; probes: number };

function probeOf(tokens: Tokens): LaneProbe {
  return {
    batchNow: () => {
      tokens.probes += 1;
      if (tokens.batch <= 0) return Promise.resolve(false);
      tokens.batch -= 1;
      return Promise.resolve(true);
    },
    plainNow: () => {
      tokens.probes += 1;
      if (tokens.plain <= 0) return Promise.resolve(false);
      tokens.plain -= 1;
      return Promise.resolve(true);
    },
  };
}

function poolWith(batch: number, plain: number) {
  const tokens: Tokens = { batch, plain, probes: 0 };
  /** Each send as `lane:size:now|wait@ms` (ms since the test's start). */
  const sent: string[] = [];
  const seen: number[] = [];
  const onIdle = vi.fn();
  const start = Date.now();
  const pool = new WritePool<number>(
    probeOf(tokens),
    {
      batch: (group, taken) => {
        sent.push(`batch:${group.length}:${taken ? 'now' : 'wait'}@${Date.now() - start}`);
        seen.push(...group);
      },
      plain: (item, taken) => {
        sent.push(`plain:1:${taken ? 'now' : 'wait'}@${Date.now() - start}`);
        seen.push(item);
      },
    },
    onIdle,
    () => Date.now(),
  );
  return { pool, tokens, sent, seen, onIdle };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const repeat = (text: string, times: number) => Array.from({ length: times }, () => text);
/** Runs the pool's microtasks (probes and sends) without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('write pool', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends full batches at once, then the rest plainly after 150 ms without arrivals', async () => {
    const { pool, sent, seen, onIdle } = poolWith(10, 10);
    pool.submit(range(0, 65));
    await settle();
    expect(sent).toEqual(['batch:30:now@0', 'batch:30:now@0']);
    expect(seen).toEqual(range(0, 60));
    expect(pool.size).toBe(5);

    await vi.advanceTimersByTimeAsync(149);
    expect(sent).toHaveLength(2);
    expect(pool.size).toBe(5);

    await vi.advanceTimersByTimeAsync(1);
    // The last write goes as a plain call that waits for its own token (no probe).
    expect(sent).toEqual([
      'batch:30:now@0',
      'batch:30:now@0',
      ...repeat('plain:1:now@150', 4),
      'plain:1:wait@150',
    ]);
    expect(seen).toEqual(range(0, 65));
    expect(pool.size).toBe(0);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('holds fewer than 30 while writes keep arriving, and sends them as one full batch', async () => {
    const { pool, sent, seen, onIdle } = poolWith(10, 10);
    pool.submit(range(0, 10));
    await settle();
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([]);
    expect(pool.size).toBe(10);

    pool.submit(range(10, 20));
    // The pool sleeps out its gathering wait (150 ms from the first submit) before it sees the 30.
    await vi.advanceTimersByTimeAsync(49);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['batch:30:now@150']);
    expect(seen).toEqual(range(0, 30));
    expect(onIdle).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['batch:30:now@150']);
  });

  it('a late arrival restarts the 150 ms wait for fewer than 30', async () => {
    const { pool, sent, seen } = poolWith(10, 10);
    pool.submit(range(0, 3));
    await vi.advanceTimersByTimeAsync(140);
    pool.submit(range(3, 2));
    await vi.advanceTimersByTimeAsync(149);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([...repeat('plain:1:now@290', 4), 'plain:1:wait@290']);
    expect(seen).toEqual(range(0, 5));
  });

  it('with no batch token, plain tokens take only the surplus beyond 30; the 30 wait for a batch token', async () => {
    const { pool, tokens, sent, seen, onIdle } = poolWith(0, 100);
    pool.submit(range(0, 40));
    await settle();
    expect(sent).toEqual(repeat('plain:1:now@0', 10));
    expect(seen).toEqual(range(0, 10));
    expect(pool.size).toBe(30);

    // Long past the gathering wait, the 30 still wait for a batch token: no plain call takes them.
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(10);
    expect(tokens.plain).toBe(90);
    expect(onIdle).not.toHaveBeenCalled();

    tokens.batch = 1;
    await vi.advanceTimersByTimeAsync(25);
    expect(sent).toEqual([...repeat('plain:1:now@0', 10), 'batch:30:now@1025']);
    expect(seen).toEqual(range(0, 40));
    expect(tokens.plain).toBe(90);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('with more than 30 pooled and no token at all, probes again every 25 ms', async () => {
    const { pool, tokens, sent } = poolWith(0, 0);
    pool.submit(range(0, 31));
    await settle();
    const probesAtStart = tokens.probes;
    expect(probesAtStart).toBe(2); // batch, then plain for the surplus
    await vi.advanceTimersByTimeAsync(100);
    expect(tokens.probes).toBe(probesAtStart + 4 * 2);
    expect(sent).toEqual([]);

    tokens.plain = 1;
    await vi.advanceTimersByTimeAsync(25);
    expect(sent).toEqual(['plain:1:now@125']);
    expect(pool.size).toBe(30);
  });

  it('with no plain token, fewer than 30 go as one batch after the quiet period', async () => {
    const { pool, sent, seen, onIdle } = poolWith(10, 0);
    pool.submit(range(0, 8));
    await vi.advanceTimersByTimeAsync(149);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['batch:8:now@150']);
    expect(seen).toEqual(range(0, 8));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('uses the plain tokens there are, then a batch for what is left while it is at least 6', async () => {
    const { pool, sent, seen } = poolWith(10, 3);
    pool.submit(range(0, 10));
    await vi.advanceTimersByTimeAsync(150);
    expect(sent).toEqual([...repeat('plain:1:now@150', 3), 'batch:7:now@150']);
    expect(seen).toEqual(range(0, 10));
  });

  it(`fewer than ${MIN_WAITING_BATCH} left and no plain token: no batch, they wait for plain tokens`, async () => {
    const { pool, tokens, sent, onIdle } = poolWith(10, 0);
    pool.submit(range(0, MIN_WAITING_BATCH - 1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([]);
    expect(tokens.batch).toBe(10);

    tokens.plain = 2;
    await vi.advanceTimersByTimeAsync(25);
    expect(sent).toEqual(repeat('plain:1:now@1025', 2));
    expect(pool.size).toBe(MIN_WAITING_BATCH - 3);
    expect(onIdle).not.toHaveBeenCalled();

    tokens.plain = 10;
    await vi.advanceTimersByTimeAsync(25);
    expect(sent).toEqual([
      ...repeat('plain:1:now@1025', 2),
      ...repeat('plain:1:now@1050', 2),
      'plain:1:wait@1050',
    ]);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('one write left goes as a plain call without a token, even with none free', async () => {
    const { pool, tokens, sent, onIdle } = poolWith(0, 0);
    pool.submit([7]);
    await vi.advanceTimersByTimeAsync(150);
    expect(sent).toEqual(['plain:1:wait@150']);
    expect(tokens.probes).toBe(0);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('calls onIdle once everything is sent, and again after a later round', async () => {
    const { pool, sent, seen, onIdle } = poolWith(10, 10);
    pool.submit([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(onIdle).not.toHaveBeenCalled();

    pool.submit(range(0, 30));
    pool.submit(range(30, 2));
    await settle();
    // The 30 pooled when the drain probed went as a batch; the 2 after it wait for the quiet period.
    expect(sent).toEqual(['batch:30:now@500']);
    expect(onIdle).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(150);
    expect(sent).toEqual(['batch:30:now@500', 'plain:1:now@650', 'plain:1:wait@650']);
    expect(onIdle).toHaveBeenCalledTimes(1);

    pool.submit(range(32, 30));
    await settle();
    expect(onIdle).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(range(0, 62));
    await vi.advanceTimersByTimeAsync(1000);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });

  it('sends the writes another run waits for at once, ahead of the backlog (expedite)', async () => {
    const tokens: Tokens = { batch: 0, plain: 0, probes: 0 };
    const sent: string[] = [];
    const urgent: number[] = [];
    const pool = new WritePool<number>(
      probeOf(tokens),
      { batch: (group) => sent.push(`batch:${group.length}`), plain: () => sent.push('plain:1') },
      () => {},
      () => Date.now(),
      {
        tags: (item) => (item % 10 === 7 ? [`lease-${item}`] : undefined),
        send: (item) => urgent.push(item),
      },
    );
    pool.submit(range(0, 40));
    await settle();
    // No token in either lane: the backlog waits; the write under lease-17 is wanted and goes now.
    pool.expedite('lease-17');
    pool.expedite('lease-99');
    expect(urgent).toEqual([17]);
    expect(pool.size).toBe(39);
    expect(sent).toEqual([]);
    tokens.batch = 2;
    await vi.advanceTimersByTimeAsync(200);
    // The rest in their turn: a full batch, then (quiet for 150 ms) the 9 left as a batch.
    expect(sent).toEqual(['batch:30', 'batch:9']);
    expect(pool.size).toBe(0);
    expect(urgent).toEqual([17]);
  });
});
