// Customers and jobs (sub-customers). Matched by DisplayName (active or not) before creating; a
// name another kind of record holds (6240) gets a deterministic disambiguated name.
import { getCustomer } from '../../../db/queries/bpro';
import { customerBody, customerDisplayName } from '../../mapping/customer';
import { disambiguatedName, QBO_LIMITS } from '../../mapping/names';
import { sparseUpdateBody } from '../../mapping/update';
import type { QboEntity } from '../../qbo/client';
import type { EntityHandler } from '../engine';
import { skipped } from '../outcome';
import { hashOf } from './hash';
import { upsertNamed } from './upsert';

export const customerHandler: EntityHandler = {
  async sync(engine, bproId) {
    const row = await getCustomer(engine.db, engine.tenantId, bproId);
    if (!row) return skipped('No longer in BPro');
    const parentQboId = row.parentId ? await engine.ensure('customer', row.parentId, `job ${bproId}`) : null;
    const body = customerBody(row, { parentQboId });
    return upsertNamed(engine, {
      entity: 'customer',
      bproId,
      qboEntity: 'Customer',
      label: row.parentId ? 'job' : 'customer',
      sourceHash: hashOf(body),
      body: () => body,
      match: () =>
        engine.findOne('Customer', [{ field: 'DisplayName', op: '=', value: customerDisplayName(row) }]),
      update: (current, b) =>
        sparseUpdateBody(current as QboEntity & { SyncToken: string }, b, ['DisplayName']),
      disambiguate: () =>
        customerBody(row, {
          parentQboId,
          displayName: disambiguatedName(customerDisplayName(row), bproId, QBO_LIMITS.displayName),
        }),
    });
  },
};
