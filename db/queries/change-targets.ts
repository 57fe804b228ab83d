// A lookup the QuickBooks change poller needs: a synced document of a customer (to find where
// QuickBooks merged it).
import { sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';

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
