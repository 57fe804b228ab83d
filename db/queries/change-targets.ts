// Lookups the QuickBooks change poller needs: records waiting for something to appear in QBO,
// and a synced document of a customer (to find where QuickBooks merged it).
import { sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import type { SyncEntity } from '../../workflows/contracts';

/** Records whose latest log entry is `failed` awaiting one of `keys` (e.g. `PaymentMethod:Venmo`). */
export async function failedAwaiting(
  db: DatabaseOrTransaction,
  tenantId: string,
  keys: readonly string[],
): Promise<Array<{ entity: SyncEntity; bproId: string }>> {
  if (keys.length === 0) return [];
  const list = sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  );
  const rows = await db.execute<{ entity: SyncEntity; bpro_id: string }>(sql`
    select entity, bpro_id from (
      select distinct on (entity, bpro_id) entity, bpro_id, action, awaiting
      from qbo_sync.sync_log
      where tenant_id = ${tenantId}
        and (entity, bpro_id) in (
          select entity, bpro_id from qbo_sync.sync_log where tenant_id = ${tenantId} and awaiting in (${list})
        )
      order by entity, bpro_id, at desc, id desc
    ) latest
    where action = 'failed' and awaiting in (${list})`);
  return rows.map((r) => ({ entity: r.entity, bproId: r.bpro_id }));
}

/** The QBO id of one live invoice the sync wrote for a BPro customer's orders, if any. */
export async function linkedInvoiceOfCustomer(
  db: DatabaseOrTransaction,
  tenantId: string,
  customerBproId: string,
): Promise<string | null> {
  const rows = await db.execute<{ qbo_id: string }>(sql`
    select l.qbo_id from qbo_sync.entity_links l
    join bpro.orders o on o.tenant_id = l.tenant_id and o.id = l.bpro_id
    where l.tenant_id = ${tenantId} and l.entity = 'invoice' and l.state = 'active'
      and o.customer_id = ${customerBproId}
    limit 1`);
  return rows[0]?.qbo_id ?? null;
}
