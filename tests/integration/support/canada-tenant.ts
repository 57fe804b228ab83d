// A generated Canadian BPro tenant connected to a Canadian emulator company (country CA), with a
// worker: the sync harness's company, its BPro data replaced by the generator's Canadian tenant
// (GST, HST ON, GST/PST BC, a GST + PST group no QuickBooks code has, and BC's former HST). Plus
// what the checks of canada-*.test.ts share: the documents the sync sent, the company's codes, and
// the code each invoice line must carry.
import { vi, type MockInstance } from 'vitest';
import {
  deleteBproTenant,
  generateBproDataset,
  writeBproDataset,
  type BproDataset,
} from '../../../db/bpro-generator';
import type { TestDatabase } from '../../support/database';
import { documentsIn, type Sent } from './sent-documents';
import { startSyncHarness, type SyncHarness } from './sync-harness';
import type { connectTestTemporal } from './temporal';

export type CanadianTenant = {
  h: SyncHarness;
  dataset: BproDataset;
  sent: Sent[];
  spy: MockInstance<typeof fetch>;
};

export async function startCanadianTenant(
  database: TestDatabase,
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>,
): Promise<CanadianTenant> {
  const h = await startSyncHarness(database, temporal, {
    size: 'tiny',
    realm: { country: 'CA' },
    // BPro's "Account" payment type has no QuickBooks method of that name.
    disabledMethods: ['Account'],
  });
  const dataset = generateBproDataset({ tenantId: h.tenantId, seed: 11, size: 'tiny', country: 'CA' });
  await deleteBproTenant(database.db, h.tenantId);
  await writeBproDataset(database.db, dataset);
  const sent: Sent[] = [];
  const realFetch = globalThis.fetch;
  // The in-process worker's QBO calls go through the global fetch: keep the documents it sends.
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes(`/v3/company/${h.realmId}/`) && typeof init?.body === 'string')
      sent.push(...documentsIn(url, init.body));
    return realFetch(input, init);
  });
  return { h, dataset, sent, spy };
}

export type Line = { DetailType?: string; SalesItemLineDetail?: { TaxCodeRef?: { value?: string } } };

/** The TaxCodeRef of each sales line of a QBO document (sent or read). */
export function lineCodes(doc: Record<string, unknown>): Array<string | undefined> {
  return ((doc.Line ?? []) as Line[])
    .filter((l) => l.DetailType === 'SalesItemLineDetail')
    .map((l) => l.SalesItemLineDetail?.TaxCodeRef?.value);
}

/** The code each line of a BPro order must carry: its group's code when taxable, else the untaxed one. */
export function expectedLineCodes(
  dataset: Pick<BproDataset, 'orderLines' | 'taxRates'>,
  order: { id: string; taxId: string | null },
  codeOfGroup: (taxId: string) => string | undefined,
  untaxed: string,
): Array<string | undefined> {
  const hasRates = order.taxId !== null && dataset.taxRates.some((r) => r.taxId === order.taxId);
  return dataset.orderLines
    .filter((l) => l.orderId === order.id)
    .sort((a, b) => a.lineNo - b.lineNo || (a.id < b.id ? -1 : 1))
    .map((l) => (hasRates && l.taxable && order.taxId ? codeOfGroup(order.taxId) : untaxed));
}
