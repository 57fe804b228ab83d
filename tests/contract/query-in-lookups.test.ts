/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The merged lookups of the sync (activities/qbo/lookup-merge.ts) rely on `IN` over the fields it
// looks records up by. Intuit, "Query operations and syntax"
// (developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/data-queries):
// the WhereClause operators are `IN, =, <, >, <=, >=, LIKE`, `(Value [, Value])` being the value of
// an IN clause, and clauses combine with AND; the API reference marks Customer.DisplayName,
// Item.Name, Item.Sku, Invoice.DocNumber and every entity's Id filterable (qbo-api.md §2.6). Names
// compare case-insensitively, as with `=`; a batch query item answers like the query endpoint.
import { beforeAll, describe, expect, it } from 'vitest';
import { q, unique } from './support/client';
import { useBusinessRules, type Obj } from './support/business-rules';

describe('IN lookups on the fields the sync looks records up by', () => {
  const { t, seeded, invoice } = useBusinessRules();
  const tag = unique('IN').replace(/\s/g, '');
  const names = [`${tag} O'Brien`, `${tag} Back\\slash`, `${tag} Ünïcødé 日本`, `${tag} Dormant`];
  const customers: Obj[] = [];
  const items: Obj[] = [];
  const invoices: Obj[] = [];

  beforeAll(async () => {
    for (const n of names) {
      const r = await t.client.create('Customer', { DisplayName: n });
      expect(r.status, r.text).toBe(200);
      customers.push(r.json.Customer as Obj);
    }
    const dormant = customers[3] as Obj;
    const off = await t.client.update('Customer', { ...dormant, Active: false, sparse: true });
    expect(off.status, off.text).toBe(200);
    for (const [name, sku] of [
      [`${tag} Chair`, `${tag}-SKU`],
      [`${tag} Chair cover`, `${tag}-sku`],
      [`${tag} Table`, `${tag}-T`],
    ]) {
      const r = await t.client.create('Item', {
        Name: name,
        Sku: sku,
        Type: 'Service',
        IncomeAccountRef: seeded.item['IncomeAccountRef'],
      });
      expect(r.status, r.text).toBe(200);
      items.push(r.json.Item as Obj);
    }
    for (const n of [1, 2])
      invoices.push(
        await invoice(String(customers[0]?.['Id']), 10 * n, { DocNumber: `${tag.slice(-10)}-${n}` }),
      );
  });

  const rows = async (entity: string, where: string): Promise<Obj[]> => {
    const r = await t.client.query(`select * from ${entity} where ${where} orderby Id maxresults 1000`);
    expect(r.status, r.text).toBe(200);
    return (r.json.QueryResponse[entity] ?? []) as Obj[];
  };
  const ids = (list: Obj[]) => list.map((o) => o['Id'] as string);
  const list = (values: string[]) => `(${values.map(q).join(', ')})`;

  it('Customer.DisplayName IN: escaped quotes, backslashes and unicode, names in any case', async () => {
    const asked = [names[0], names[1], names[2]?.toUpperCase(), `${tag} nobody`] as string[];
    const found = await rows('Customer', `DisplayName IN ${list(asked)}`);
    expect(ids(found)).toEqual(ids(customers.slice(0, 3)));
  });

  it('Customer.DisplayName IN with Active IN (true, false) also finds inactive ones; without, not', async () => {
    const asked = list([names[0] as string, names[3] as string]);
    expect(ids(await rows('Customer', `DisplayName IN ${asked} and Active IN (true, false)`))).toEqual([
      customers[0]?.['Id'],
      customers[3]?.['Id'],
    ]);
    expect(ids(await rows('Customer', `DisplayName IN ${asked}`))).toEqual([customers[0]?.['Id']]);
  });

  it('Item.Sku IN and Item.Name IN', async () => {
    const bySku = await rows(
      'Item',
      `Sku IN ${list([`${tag}-SKU`, `${tag}-T`])} and Active IN (true, false)`,
    );
    // Sku compares like names: "-sku" is found for "-SKU".
    expect(ids(bySku)).toEqual(ids(items));
    const byName = await rows('Item', `Name IN ${list([`${tag} chair`, `${tag} Table`])}`);
    expect(ids(byName)).toEqual([items[0]?.['Id'], items[2]?.['Id']]);
  });

  it('Invoice.DocNumber IN and Id IN, also as one item of a batch', async () => {
    const docs = invoices.map((i) => i['DocNumber'] as string);
    expect(ids(await rows('Invoice', `DocNumber IN ${list([...docs, 'none'])}`))).toEqual(ids(invoices));
    const byId = `Id IN ${list([...ids(invoices), String(customers[0]?.['Id'])])}`;
    expect(ids(await rows('Invoice', byId))).toEqual(ids(invoices));
    const r = await t.client.batch([
      { bId: 'merged', Query: `select * from Customer where Id IN ${list(ids(customers))} orderby Id` },
    ]);
    expect(r.status, r.text).toBe(200);
    const answer = r.json.BatchItemResponse[0];
    expect(answer.bId).toBe('merged');
    // Without Active in the WHERE, the name list hides the inactive one.
    expect(ids(answer.QueryResponse.Customer as Obj[])).toEqual(ids(customers.slice(0, 3)));
  });

  it('count(*) over a name list with Active IN (true, false) counts inactive records too', async () => {
    const asked = `DisplayName IN ${list(names)}`;
    const all = await t.client.query(
      `select count(*) from Customer where ${asked} and Active IN (true, false)`,
    );
    expect(all.json.QueryResponse).toEqual({ totalCount: 4 });
    const active = await t.client.query(`select count(*) from Customer where ${asked}`);
    expect(active.json.QueryResponse).toEqual({ totalCount: 3 });
  });
});
