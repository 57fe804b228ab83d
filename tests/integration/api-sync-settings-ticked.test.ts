// Checking a payment method that was unchecked brings its payments back: the ones it kept out of
// QuickBooks (posted, on or after the start date, not linked, last logged skipped) are queued as a
// Re-run would, and the answer says how many (set-up: support/api-sync-stack.ts; no worker polls).
import { describe, expect, it } from 'vitest';
import { saveLink } from '../../db/queries/entity-links';
import { markInitialSyncStarted } from '../../db/queries/settings';
import { appendLog, type SyncLogEntry } from '../../db/queries/sync-log';
import { customers, payments } from '../../db/schema';
import { workflowIds } from '../../workflows/contracts';
import { jsonInit, pmId, useApiSyncStack } from './support/api-sync-stack';
import { history, signals, workflowExists } from './support/workflow-history';

describe('sync API', () => {
  const env = useApiSyncStack();
  const { call, connectedTenant, seedPaymentMethods } = env;
  const db = () => env.database.db;
  const exists = (tenantId: string, id: string) =>
    workflowExists(env.temporal.client, workflowIds.recordSync(tenantId, 'payment', id));

  /** A tenant with Amex and Debit unchecked, a start date, and payments in every situation. */
  async function tenantWithPayments(options: { initialSyncStarted: boolean }) {
    const { tenantId } = await connectedTenant('tick');
    await seedPaymentMethods(tenantId);
    const settings = `/api/v1/tenants/${tenantId}/qbo/settings`;
    const unchecked = await call(
      settings,
      jsonInit('PUT', {
        startDate: '2026-01-01',
        paymentMethods: [
          { bproId: pmId('Amex'), enabled: false },
          { bproId: pmId('Debit'), enabled: false },
        ],
      }),
    );
    expect(unchecked.body).toMatchObject({ queuedPayments: 0 });
    if (options.initialSyncStarted) await markInitialSyncStarted(db(), tenantId);
    await db().insert(customers).values({ tenantId, id: 'cus-1', displayName: 'Ann' });
    const pay = (id: string, method: string, receivedOn: string, status: 'posted' | 'voided' = 'posted') =>
      db()
        .insert(payments)
        .values({
          tenantId,
          id,
          customerId: 'cus-1',
          paymentMethodId: pmId(method),
          amount: '10.00',
          receivedOn,
          status,
        });
    const log = (bproId: string, action: SyncLogEntry['action']) =>
      appendLog(db(), { tenantId, entity: 'payment', bproId, action, message: `${action} ${bproId}` });
    await pay('amex-in', 'Amex', '2026-02-01');
    await log('amex-in', 'skipped');
    await pay('amex-early', 'Amex', '2025-12-01'); // before the start date
    await log('amex-early', 'skipped');
    await pay('amex-linked', 'Amex', '2026-02-02');
    await log('amex-linked', 'skipped');
    await saveLink(db(), { tenantId, entity: 'payment', bproId: 'amex-linked', qboId: '501' });
    await pay('amex-failed', 'Amex', '2026-02-03'); // latest entry failed, not skipped
    await log('amex-failed', 'skipped');
    await log('amex-failed', 'failed');
    await pay('amex-voided', 'Amex', '2026-02-04', 'voided');
    await log('amex-voided', 'skipped');
    await pay('amex-quiet', 'Amex', '2026-02-05'); // never logged
    await pay('debit-in', 'Debit', '2026-02-06'); // its method stays unchecked
    await log('debit-in', 'skipped');
    return { tenantId, settings };
  }

  describe('ticking a payment method', () => {
    it("queues the method's skipped, unlinked payments in scope, once, and says how many", async () => {
      const { tenantId, settings } = await tenantWithPayments({ initialSyncStarted: true });
      const ticked = await call(
        settings,
        jsonInit('PUT', { paymentMethods: [{ bproId: pmId('Amex'), enabled: true }] }),
      );
      expect(ticked.status).toBe(200);
      expect(ticked.body).toMatchObject({ queuedPayments: 1, startDate: '2026-01-01' });
      const handle = env.temporal.client.workflow.getHandle(
        workflowIds.recordSync(tenantId, 'payment', 'amex-in'),
      );
      expect(signals(await history(handle))).toEqual([
        { name: 'recordChanged', args: [expect.objectContaining({ event: 'retry' })] },
      ]);
      for (const id of ['amex-early', 'amex-linked', 'amex-failed', 'amex-voided', 'amex-quiet', 'debit-in'])
        expect(await exists(tenantId, id), id).toBe(false);

      // Already checked, or checked by default (never saved): nothing more.
      const again = await call(
        settings,
        jsonInit('PUT', {
          paymentMethods: [
            { bproId: pmId('Amex'), enabled: true },
            { bproId: pmId('Cash'), enabled: true },
          ],
        }),
      );
      expect(again.body).toMatchObject({ queuedPayments: 0 });
      expect(signals(await history(handle))).toHaveLength(1);
      await handle.terminate('test done');
    });

    it('queues nothing before the initial sync started (it will send them)', async () => {
      const { tenantId, settings } = await tenantWithPayments({ initialSyncStarted: false });
      const ticked = await call(
        settings,
        jsonInit('PUT', { paymentMethods: [{ bproId: pmId('Amex'), enabled: true }] }),
      );
      expect(ticked.body).toMatchObject({ queuedPayments: 0 });
      expect(await exists(tenantId, 'amex-in')).toBe(false);
    });
  });
});
