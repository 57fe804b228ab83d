// A Canadian company's sales tax, checked through the QBO API (verify.ts): every BPro tax group
// with rates is mapped (qbo_sync.tax_code_mappings) to an active QuickBooks code that applies
// exactly its rates, by name and percent (or to the code the user chose); every invoice line
// carries its group's code when taxable, else the untaxed lines' code (the user's choice, else the
// company's "Exempt"); every refund receipt line the untaxed code; no document has a US
// TxnTaxCodeRef, and each says its amounts exclude tax. Worked out from BPro's tables and
// QuickBooks' lists, not by the sync's matching code.
import { eq } from 'drizzle-orm';
import { isCanada } from '../../../activities/qbo/company-kind';
import type { QboClient } from '../../../activities/qbo/client';
import type { QboEntity } from '../../../activities/qbo/schemas';
import type { Database } from '../../../db/client';
import { findConnection } from '../../../db/queries/qbo-connections';
import { listTaxCodeMappings, mappedTaxCodeId, UNTAXED_LINES } from '../../../db/queries/tax-mapping';
import { taxes, taxRates, type entityLinks } from '../../../db/schema';
import type { BproState, VerifiedEntity } from './expected';
import { str, type QboRecords } from './verify-records';

type Link = typeof entityLinks.$inferSelect;
type QboReader = Pick<QboClient, 'queryAll'>;

export type CaTaxCheck = {
  /** A link per mapped group (the sync keeps them in the tax mapping, not in entity_links). */
  links: Link[];
  problems: string[];
  /** What is wrong with a document's line codes (invoices and refund receipts). */
  checkLines: (entity: VerifiedEntity, bproId: string, record: QboEntity) => string[];
};

const refOf = (value: unknown) =>
  typeof value === 'object' && value !== null && 'value' in value ? String(value.value) : undefined;
const key = (name: string, percent: number) => `${name.trim().toLowerCase()}@${percent}`;
const salesLines = (record: QboEntity) =>
  ((Array.isArray(record.Line) ? record.Line : []) as Array<Record<string, unknown>>).filter(
    (l) => l.DetailType === 'SalesItemLineDetail',
  );
const lineCode = (line: Record<string, unknown>) =>
  refOf((line.SalesItemLineDetail as { TaxCodeRef?: unknown } | undefined)?.TaxCodeRef);

/** The sales rates of a QBO code as sorted "name@percent" keys. */
function codeRates(code: QboEntity, rates: Map<string, QboEntity>): string[] {
  const list = code.SalesTaxRateList as { TaxRateDetail?: Array<{ TaxRateRef?: unknown }> } | undefined;
  return (list?.TaxRateDetail ?? [])
    .map((d) => rates.get(refOf(d.TaxRateRef) ?? ''))
    .map((r) => (r ? key(str(r.Name), Number(r.RateValue)) : 'unknown rate'))
    .sort();
}

/** Null for a company outside Canada. */
export async function checkCanadianTax(input: {
  db: Database;
  tenantId: string;
  client: QboReader;
  qbo: QboRecords;
  bpro: BproState;
}): Promise<CaTaxCheck | null> {
  const { db, tenantId, qbo, bpro } = input;
  const connection = await findConnection(db, tenantId);
  if (!connection?.country || !isCanada(connection.country)) return null;
  const [groups, groupRates, mappings, qboRates] = await Promise.all([
    db.select().from(taxes).where(eq(taxes.tenantId, tenantId)),
    db.select().from(taxRates).where(eq(taxRates.tenantId, tenantId)),
    listTaxCodeMappings(db, tenantId),
    input.client.queryAll('TaxRate', [{ field: 'Active', op: 'IN', value: [true, false] }]),
  ]);
  const rateById = new Map(qboRates.map((r) => [r.Id, r]));
  const codes = qbo.TaxCode ?? new Map<string, QboEntity>();
  const mapping = new Map(mappings.map((m) => [m.bproTaxId, m]));
  const problems: string[] = [];
  const links: Link[] = [];
  const codeOf = new Map<string, string>();
  for (const group of groups) {
    const rates = groupRates.filter((r) => r.taxId === group.id);
    if (rates.length === 0) continue;
    const row = mapping.get(group.id) ?? null;
    const id = mappedTaxCodeId(row);
    const code = id === null ? undefined : codes.get(id);
    if (!id || !code || code.Active === false) {
      problems.push(
        `tax ${group.id} ("${group.name}"): no active QuickBooks code in the tax mapping (${id ?? 'none'})`,
      );
      continue;
    }
    codeOf.set(group.id, id);
    links.push({
      tenantId,
      entity: 'tax',
      bproId: group.id,
      qboId: id,
      qboSyncToken: null,
      qboFingerprint: null,
      sourceHash: null,
      state: 'active',
      syncedAt: new Date(),
    });
    const want = rates.map((r) => key(r.name, Number(r.rate))).sort();
    const got = codeRates(code, rateById);
    if (!row?.overrideTaxCodeId && want.join('|') !== got.join('|'))
      problems.push(
        `tax ${group.id} ("${group.name}"): QuickBooks code "${str(code.Name)}" applies ${got.join(', ')}, BPro ${want.join(', ')}`,
      );
  }
  const untaxed =
    mapping.get(UNTAXED_LINES)?.overrideTaxCodeId ??
    [...codes.values()].find((c) => c.Active !== false && str(c.Name) === 'Exempt')?.Id;
  if (!untaxed) problems.push('the company has no code for untaxed lines (no "Exempt" code, none chosen)');

  const checkLines = (entity: VerifiedEntity, bproId: string, record: QboEntity): string[] => {
    if (entity !== 'invoice' && entity !== 'refund') return [];
    const wrong: string[] = [];
    const txnCode = refOf((record.TxnTaxDetail as { TxnTaxCodeRef?: unknown } | undefined)?.TxnTaxCodeRef);
    if (txnCode) wrong.push(`a US TxnTaxCodeRef (${txnCode})`);
    if (record.GlobalTaxCalculation !== 'TaxExcluded')
      wrong.push(`GlobalTaxCalculation ${String(record.GlobalTaxCalculation)}, not TaxExcluded`);
    const want = entity === 'invoice' ? bpro.invoices.get(bproId) : undefined;
    salesLines(record).forEach((line, i) => {
      const taxed = want?.taxId && want.taxable?.[i] ? codeOf.get(want.taxId) : undefined;
      const expected = taxed ?? untaxed;
      const got = lineCode(line);
      if (got !== expected)
        wrong.push(`line ${i + 1} carries tax code ${got ?? 'none'}, not ${expected ?? '?'}`);
    });
    return wrong;
  };
  return { links, problems, checkLines };
}
