// Merging held lookups into IN statements (activities/qbo/lookup-merge.ts). The emulator's query
// engine is the oracle: every lookup's share of a merged answer must equal what its own statement
// returns from the same company, for awkward values too (quotes, backslashes, unicode, case,
// surrounding spaces, digits, duplicates).
import { describe, expect, it } from 'vitest';
import {
  LOOKUP_ROWS,
  MERGE_VALUES,
  planLookups,
  type Lookup,
  type LookupPlan,
} from '../../activities/qbo/lookup-merge';
import { buildQuery, type Condition } from '../../activities/qbo/query';
import type { QboEntity } from '../../activities/qbo/schemas';
import { evaluateQuery } from '../../qbo-emulator/query/evaluate';
import { parseQuery } from '../../qbo-emulator/query/parser';

const NAMES = [
  "O'Brien & Sons",
  'Back\\slash Supply',
  'Ünïcødé Café 日本',
  'ACME Rentals',
  'Spaced Out',
  '0123',
  '123',
  "It\\'s tricky",
  'Dormant Co',
];
const customers: QboEntity[] = NAMES.map((name, i) => ({
  Id: String(i + 1),
  DisplayName: name,
  Active: name !== 'Dormant Co',
}));
const items: QboEntity[] = [
  { Id: '20', Name: 'Chair', Sku: 'SKU-1', Type: 'Service', Active: true },
  { Id: '21', Name: 'Chair cover', Sku: 'sku-1', Type: 'Service', Active: true },
  { Id: '22', Name: 'Tables', Type: 'Category', Active: true },
  { Id: '23', Name: 'Table', Sku: 'SKU-2', Type: 'Inventory', Active: false },
  { Id: '24', Name: 'Tables', Sku: 'SKU-3', Type: 'Service', Active: true },
];
const invoices: QboEntity[] = Array.from({ length: 12 }, (_, i) => ({
  Id: String(100 + i),
  DocNumber: i === 11 ? '1001' : String(1000 + i),
  CustomerRef: { value: String((i % 3) + 1) },
  TxnDate: '2026-01-0' + String((i % 9) + 1),
}));
const company: Record<string, QboEntity[]> = { Customer: customers, Item: items, Invoice: invoices };
const queryable: Record<string, string[]> = {
  Customer: ['Id', 'DisplayName', 'Active'],
  Item: ['Id', 'Name', 'Sku', 'Type', 'Active'],
  Invoice: ['Id', 'DocNumber', 'CustomerRef', 'TxnDate'],
};

/** What QBO (the emulator's engine, names compared case-insensitively) answers to a statement. */
function run(statement: string, entity: string, rows = company[entity] ?? []): QboEntity[] {
  const result = evaluateQuery(parseQuery(statement), rows, {
    queryable: queryable[entity] ?? [],
    nameList: entity !== 'Invoice',
    caseInsensitive: true,
    projections: 'reject',
  });
  if (result.kind !== 'rows') throw new Error('not a row query');
  return result.rows as QboEntity[];
}

/** Each lookup's rows when asked alone. */
const alone = (l: Lookup) =>
  run(
    buildQuery(l.entity, { where: [...l.where], orderBy: l.orderBy, start: 1, max: LOOKUP_ROWS }),
    l.entity,
  );

/** Each lookup's rows through the merged plans (null: the plan asked them to look up alone). */
function viaPlans(lookups: Lookup[], plans = planLookups(lookups)): Array<QboEntity[] | null> {
  const out: Array<QboEntity[] | null> = lookups.map(() => undefined as never);
  for (const plan of plans) {
    const split = plan.split(run(plan.statement, plan.entity));
    plan.members.forEach((member, i) => (out[member] = split ? (split[i] ?? []) : null));
  }
  return out;
}

const all: Condition = { field: 'Active', op: 'IN', value: [true, false] };
const byName = (value: string): Lookup => ({
  entity: 'Customer',
  where: [{ field: 'DisplayName', op: '=', value }, all],
  orderBy: 'Id',
});
const inStatements = (plans: LookupPlan[]) =>
  plans.filter((p) => / IN \(/.test(p.statement.split(' and ')[0] ?? ''));

describe('planLookups', () => {
  it('answers a page of DisplayName lookups with one IN statement, each lookup getting its own rows', () => {
    const values = [
      ...NAMES,
      'acme rentals', // case differs: QBO matches names case-insensitively
      ' Spaced Out ', // surrounding spaces: not trimmed by the query, so no row
      'ünïcødé café 日本',
      'Nobody Here',
      "O'Brien & Sons", // twice
      "o'brien & sons", // case differs from a value already asked
    ];
    const lookups = values.map(byName);
    const plans = planLookups(lookups);
    expect(plans).toHaveLength(1);
    const [plan] = plans;
    expect(plan?.statement).toMatch(
      /^select \* from Customer where DisplayName IN \(.*\) and Active IN \(true, false\) orderby Id startposition 1 maxresults 1000$/,
    );
    // Each distinct value once.
    expect(plan?.statement.match(/'O\\'Brien & Sons'/g)).toHaveLength(1);
    expect(viaPlans(lookups, plans)).toEqual(lookups.map(alone));
    // The oracle is not trivially empty: case-folded and unicode names found their customer.
    expect(viaPlans(lookups, plans)[9]?.map((c) => c.Id)).toEqual(['4']);
    expect(viaPlans(lookups, plans)[10]).toEqual([]);
    expect(viaPlans(lookups, plans)[11]?.map((c) => c.Id)).toEqual(['3']);
  });

  it('keeps numeric-looking names apart (0123 is not 123) but reads ids as numbers', () => {
    const lookups: Lookup[] = [
      byName('0123'),
      byName('123'),
      { entity: 'Invoice', where: [{ field: 'Id', op: '=', value: '0105' }], orderBy: 'Id' },
      { entity: 'Invoice', where: [{ field: 'Id', op: '=', value: '107' }], orderBy: 'Id' },
    ];
    const got = viaPlans(lookups);
    expect(got).toEqual(lookups.map(alone));
    expect(got.map((rows) => rows?.map((r) => r.Id))).toEqual([['6'], ['7'], ['105'], ['107']]);
    expect(planLookups(lookups)).toHaveLength(2);
  });

  it('merges Sku, Name, DocNumber and Id lookups per kind; other conditions must be the same', () => {
    const lookups: Lookup[] = [
      { entity: 'Item', where: [{ field: 'Sku', op: '=', value: 'SKU-1' }, all], orderBy: 'Id' },
      { entity: 'Item', where: [{ field: 'Sku', op: '=', value: 'SKU-2' }, all], orderBy: 'Id' },
      { entity: 'Item', where: [{ field: 'Name', op: '=', value: 'tables' }, all], orderBy: 'Id' },
      { entity: 'Item', where: [{ field: 'Name', op: '=', value: 'Table' }, all], orderBy: 'Id' },
      // Active only (no Active condition): a different group from the ones above.
      { entity: 'Item', where: [{ field: 'Name', op: '=', value: 'Table' }], orderBy: 'Id' },
      { entity: 'Item', where: [{ field: 'Name', op: '=', value: 'Chair' }], orderBy: 'Id' },
      // Categories by name: Type is not the merged field, it is a shared condition.
      {
        entity: 'Item',
        where: [
          { field: 'Name', op: '=', value: 'Tables' },
          { field: 'Type', op: '=', value: 'Category' },
        ],
        orderBy: 'Id',
      },
      { entity: 'Invoice', where: [{ field: 'DocNumber', op: '=', value: '1001' }], orderBy: 'Id' },
      { entity: 'Invoice', where: [{ field: 'DocNumber', op: '=', value: '1003' }], orderBy: 'Id' },
      { entity: 'Invoice', where: [{ field: 'Id', op: '=', value: '100' }], orderBy: 'Id' },
      { entity: 'Invoice', where: [{ field: 'Id', op: '=', value: '101' }], orderBy: 'Id' },
    ];
    const plans = planLookups(lookups);
    const got = viaPlans(lookups, plans);
    expect(got).toEqual(lookups.map(alone));
    expect(got[0]?.map((i) => i.Id)).toEqual(['20', '21']); // Sku compared like names
    expect(got[2]?.map((i) => i.Id)).toEqual(['22', '24']);
    expect(got[7]?.map((i) => i.Id)).toEqual(['101', '111']); // a DocNumber used twice
    // Sku, Name (all), Name (active), category (alone), DocNumber, Id.
    expect(plans).toHaveLength(6);
    expect(inStatements(plans)).toHaveLength(5);
  });

  it('never merges on fields without documented IN lookups or with differing other conditions', () => {
    const lookups: Lookup[] = [1, 2, 3].map((c) => ({
      entity: 'Invoice',
      where: [
        { field: 'CustomerRef', op: '=', value: String(c) },
        { field: 'TxnDate', op: '=', value: `2026-01-0${c}` },
      ],
      orderBy: 'Id',
    }));
    // Pending-create look-ups: same DocNumber field, but their customers differ.
    lookups.push(
      ...[1, 2].map((c) => ({
        entity: 'Invoice',
        where: [
          { field: 'CustomerRef', op: '=' as const, value: String(c) },
          { field: 'DocNumber', op: '=' as const, value: String(1000 + c) },
        ],
        orderBy: 'Id',
      })),
      { entity: 'Customer', where: [{ field: 'DisplayName', op: 'LIKE', value: 'A%' }], orderBy: 'Id' },
    );
    const plans = planLookups(lookups);
    expect(plans).toHaveLength(lookups.length);
    expect(inStatements(plans)).toHaveLength(0);
    expect(viaPlans(lookups, plans)).toEqual(lookups.map(alone));
  });

  it('sends one value as the plain `=` statement, shared by lookups asking the same', () => {
    const lookups = [byName("O'Brien & Sons"), byName("O'Brien & Sons")];
    const plans = planLookups(lookups);
    expect(plans).toHaveLength(1);
    expect(plans[0]?.members).toEqual([0, 1]);
    expect(plans[0]?.statement).toBe(
      buildQuery('Customer', {
        where: [...(lookups[0]?.where ?? [])],
        orderBy: 'Id',
        start: 1,
        max: LOOKUP_ROWS,
      }),
    );
    expect(viaPlans(lookups, plans).map((r) => r?.map((c) => c.Id))).toEqual([['1'], ['1']]);
  });

  it('answers no rows as no rows for every member', () => {
    const lookups = ['Nobody', 'Nobody Else', 'Still Nobody'].map(byName);
    expect(viaPlans(lookups)).toEqual([[], [], []]);
  });

  it(`puts at most ${MERGE_VALUES} values in one statement`, () => {
    const lookups = Array.from({ length: 2 * MERGE_VALUES + 5 }, (_, i) =>
      byName(`Name ${i % (MERGE_VALUES + 10)}`),
    );
    const plans = planLookups(lookups);
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      const list = /DisplayName IN \(([^)]*)\)/.exec(plan.statement)?.[1] ?? '';
      expect(new Set(list.split(', ')).size).toBeLessThanOrEqual(MERGE_VALUES);
    }
    expect(plans.flatMap((p) => p.members).sort((a, b) => a - b)).toEqual(lookups.map((_, i) => i));
    expect(viaPlans(lookups, plans)).toEqual(lookups.map(alone));
  });

  it('falls back when the merged answer may be cut short at MAXRESULTS', () => {
    const many: QboEntity[] = Array.from({ length: 1000 }, (_, i) => ({
      Id: String(i + 1),
      DocNumber: i % 2 === 0 ? 'A' : 'B',
    }));
    const lookups: Lookup[] = ['A', 'B'].map((value) => ({
      entity: 'Invoice',
      where: [{ field: 'DocNumber', op: '=', value }],
      orderBy: 'Id',
    }));
    const [plan] = planLookups(lookups);
    expect(plan?.split(run(plan.statement, 'Invoice', many))).toBeNull();
    expect(plan?.split(run(plan.statement, 'Invoice', many.slice(1)))?.map((r) => r.length)).toEqual([
      499, 500,
    ]);
    // A lookup alone keeps the LOOKUP_ROWS rule: a full page of 100 is listed in full instead.
    const [single] = planLookups(lookups.slice(0, 1));
    expect(single?.split(run(single.statement, 'Invoice', many))).toBeNull();
    expect(single?.split(many.slice(0, LOOKUP_ROWS - 1))).toHaveLength(1);
  });

  it('falls back when QuickBooks returns a row no lookup asked for (it compares differently)', () => {
    const [plan] = planLookups([byName('Spaced Out'), byName('ACME Rentals')]);
    const trimmedByQbo = { Id: '99', DisplayName: ' Spaced Out' };
    expect(plan?.split([trimmedByQbo])).toBeNull();
    expect(plan?.split([{ Id: '4', DisplayName: 'acme RENTALS' }])).toEqual([
      [],
      [{ Id: '4', DisplayName: 'acme RENTALS' }],
    ]);
  });
});
