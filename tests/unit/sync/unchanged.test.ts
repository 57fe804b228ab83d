import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sourceHash } from '../../../activities/mapping/source-hash';
import type { EntityLink, SyncContext } from '../../../activities/sync/types';
import { unchangedStep } from '../../../activities/sync/unchanged';

const inputs = { payment: 2, customerId: 'c1', amount: '12.50', receivedOn: '2026-01-02' };
const link = (sourceHash: string | null): EntityLink => ({
  tenantId: 't1',
  entity: 'payment',
  bproId: 'p1',
  qboId: '77',
  qboSyncToken: '3',
  sourceHash,
  state: 'active',
  qboFingerprint: null,
  syncedAt: new Date(),
});

/** A context whose only used room, links, records what is saved. */
function recordingContext() {
  const saved: unknown[][] = [];
  const links = { save: (...args: unknown[]) => Promise.resolve(void saved.push(args)) };
  return { ctx: { links } as unknown as SyncContext, saved };
}

describe('unchangedStep', () => {
  it('a link whose hash matches is linked, unchanged, and nothing is written', async () => {
    const { ctx, saved } = recordingContext();
    const step = await unchangedStep(ctx, 'payment', link(sourceHash('payment', inputs)), inputs);
    expect(step).toMatchObject({ action: 'linked', qboId: '77' });
    expect(saved).toEqual([]);
  });
  it('an unversioned hash of the same inputs is accepted once: the versioned one is saved', async () => {
    const { ctx, saved } = recordingContext();
    const legacy = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 32);
    const step = await unchangedStep(ctx, 'payment', link(legacy), inputs);
    expect(step).toMatchObject({ action: 'linked', qboId: '77' });
    expect(saved).toEqual([
      ['payment', 'p1', { Id: '77', SyncToken: '3' }, sourceHash('payment', inputs), 'active', null],
    ]);
  });
  it('a changed source gives null (the record is written)', async () => {
    const { ctx, saved } = recordingContext();
    expect(
      await unchangedStep(ctx, 'payment', link(sourceHash('payment', inputs)), { ...inputs, amount: '1' }),
    ).toBe(null);
    expect(saved).toEqual([]);
  });
});
