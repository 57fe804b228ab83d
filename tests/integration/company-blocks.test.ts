// The company gate's bookkeeping (db/queries/company-blocks.ts) on a real database: a block, one
// probe per interval among many runs, and the unblock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockCompany, passCompanyGate, unblockCompany } from '../../db/queries/company-blocks';
import { qboConnections, tenants } from '../../db/schema';
import { openTestDatabase, uniqueTenantId, type TestDatabase } from '../support/database';

describe('company blocks', () => {
  let database: TestDatabase;
  const tenantId = uniqueTenantId('blocks');

  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.insert(tenants).values({ id: tenantId, name: 'Blocks' });
    await database.db
      .insert(qboConnections)
      .values({ tenantId, realmId: '1', environment: 'emulator', status: 'connected' });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is open until blocked; then one run per interval is the probe; unblocking opens it', async () => {
    expect(await passCompanyGate(database.db, tenantId, 1000)).toEqual({
      gate: 'open',
      epoch: '',
      lists: { connectedAt: 0, version: 0 },
    });
    await blockCompany(database.db, tenantId, { kind: 'subscription', reason: 'lapsed' });
    const waiting = await passCompanyGate(database.db, tenantId, 1000);
    expect(waiting).toMatchObject({ gate: 'wait', block: { kind: 'subscription', reason: 'lapsed' } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const gates = await Promise.all([1, 2, 3].map(() => passCompanyGate(database.db, tenantId, 1000)));
    expect(gates.filter((g) => g.gate === 'probe')).toHaveLength(1);
    expect(gates.filter((g) => g.gate === 'wait')).toHaveLength(2);
    // Request ids change once the block ends (QBO replays the first answer to an id: the refusal).
    const probe = gates.find((g) => g.gate === 'probe');
    expect(probe && 'epoch' in probe ? probe.epoch : '').toMatch(/^p\d+$/);
    await unblockCompany(database.db, tenantId);
    expect(await passCompanyGate(database.db, tenantId, 1000)).toEqual({
      gate: 'open',
      epoch: 'e1',
      lists: { connectedAt: 0, version: 0 },
    });
  });
});
