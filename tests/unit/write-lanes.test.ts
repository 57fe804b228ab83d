import { describe, expect, it } from 'vitest';
import { MIN_WAITING_BATCH, sendThroughLanes, type LaneProbe } from '../../activities/qbo/write-lanes';

/** A probe with so many tokens free in each lane. */
function probeWith(batchTokens: number, plainTokens: number): LaneProbe & { probes: number } {
  const probe = {
    probes: 0,
    batchNow: () => {
      probe.probes += 1;
      return Promise.resolve(batchTokens-- > 0);
    },
    plainNow: () => {
      probe.probes += 1;
      return Promise.resolve(plainTokens-- > 0);
    },
  };
  return probe;
}

async function route(count: number, batchTokens: number, plainTokens: number) {
  const sent: string[] = [];
  const items = Array.from({ length: count }, (_, i) => i);
  const seen: number[] = [];
  await sendThroughLanes(items, probeWith(batchTokens, plainTokens), {
    batch: (group, taken) => {
      sent.push(`batch:${group.length}:${taken ? 'now' : 'wait'}`);
      seen.push(...group);
    },
    plain: (item, taken) => {
      sent.push(`plain:${taken ? 'now' : 'wait'}`);
      seen.push(item);
    },
  });
  return { sent, seen };
}

describe('write lanes', () => {
  it('sends full batches while the batch bucket has tokens', async () => {
    const { sent, seen } = await route(65, 5, 5);
    expect(sent).toEqual(['batch:30:now', 'batch:30:now', 'batch:5:now']);
    expect(seen).toEqual(Array.from({ length: 65 }, (_, i) => i));
  });

  it('uses free plain tokens when the batch bucket is empty, then waits for a batch', async () => {
    const { sent, seen } = await route(40, 0, 4);
    expect(sent).toEqual([
      'plain:now',
      'plain:now',
      'plain:now',
      'plain:now',
      'batch:30:wait',
      'batch:6:wait',
    ]);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('a few writes left with no token anywhere wait as plain calls, not a batch token', async () => {
    const { sent } = await route(MIN_WAITING_BATCH - 1, 0, 0);
    expect(sent).toEqual(Array.from({ length: MIN_WAITING_BATCH - 1 }, () => 'plain:wait'));
  });

  it('one write is a plain call without probing', async () => {
    const probe = probeWith(1, 1);
    const sent: string[] = [];
    await sendThroughLanes([1], probe, {
      batch: () => sent.push('batch'),
      plain: (_, taken) => sent.push(`plain:${taken}`),
    });
    expect(sent).toEqual(['plain:false']);
    expect(probe.probes).toBe(0);
  });
});
