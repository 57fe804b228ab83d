/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// The query language (qbo-api.md §2.6): operators, LIKE, IN, ORDERBY, paging with the 1000 cap,
// count(*), backslash escapes, the active-only default of name lists, and 4000/4001 errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { q, unique } from './support/client';
import { useTarget } from './support/target';

describe('query', () => {
  const t = useTarget();
  const tag = unique('Q').replace(/\s/g, '');
  const names = [`${tag} Alpha`, `${tag} Beta`, `${tag} Gamma`, `${tag} O'Brien`];

  beforeAll(async () => {
    for (const n of names) {
      const r = await t.client.create('Customer', { DisplayName: n });
      expect(r.status).toBe(200);
    }
    const inactive = await t.client.create('Customer', { DisplayName: `${tag} Inactive` });
    await t.client.update('Customer', { ...inactive.json.Customer, Active: false });
  });

  const rows = async (stmt: string): Promise<Record<string, unknown>[]> => {
    const r = await t.client.query(stmt);
    expect(r.status, r.text).toBe(200);
    return (r.json.QueryResponse.Customer ?? []) as Record<string, unknown>[];
  };

  it('= and LIKE with % wildcards', async () => {
    expect(await rows(`select * from Customer where DisplayName = ${q(`${tag} Beta`)}`)).toHaveLength(1);
    expect(await rows(`select * from Customer where DisplayName LIKE '${tag}%'`)).toHaveLength(4);
    expect(await rows(`select * from Customer where DisplayName LIKE '%${tag} Gam%'`)).toHaveLength(1);
  });

  it('IN and AND', async () => {
    const r = await rows(
      `select * from Customer where DisplayName IN (${q(`${tag} Alpha`)}, ${q(`${tag} Gamma`)}) and Active = true`,
    );
    expect(r.map((c) => c['DisplayName']).sort()).toEqual([`${tag} Alpha`, `${tag} Gamma`]);
  });

  it('< > <= >= on Id and dates', async () => {
    const all = await rows(`select * from Customer where DisplayName LIKE '${tag}%' orderby Id`);
    const mid = String(all[1]?.['Id']);
    expect(
      (await rows(`select * from Customer where DisplayName LIKE '${tag}%' and Id > '${mid}'`)).length,
    ).toBe(2);
    expect(
      (await rows(`select * from Customer where DisplayName LIKE '${tag}%' and Id <= '${mid}'`)).length,
    ).toBe(2);
    expect(
      (
        await rows(
          `select * from Customer where DisplayName LIKE '${tag}%' and MetaData.CreateTime >= '2015-01-01'`,
        )
      ).length,
    ).toBe(4);
    expect(
      (
        await rows(
          `select * from Customer where DisplayName LIKE '${tag}%' and Metadata.LastUpdatedTime < '2015-01-01'`,
        )
      ).length,
    ).toBe(0);
  });

  it('a quote in a literal is escaped with a backslash', async () => {
    const r = await rows(`select * from Customer where DisplayName = ${q(`${tag} O'Brien`)}`);
    expect(r[0]?.['DisplayName']).toBe(`${tag} O'Brien`);
  });

  it('ORDERBY DESC, STARTPOSITION and MAXRESULTS', async () => {
    const desc = await rows(
      `select * from Customer where DisplayName LIKE '${tag}%' orderby DisplayName desc`,
    );
    expect(desc[0]?.['DisplayName']).toBe(`${tag} O'Brien`);
    const page = await t.client.query(
      `select * from Customer where DisplayName LIKE '${tag}%' orderby DisplayName startposition 2 maxresults 2`,
    );
    expect(page.json.QueryResponse.startPosition).toBe(2);
    expect(page.json.QueryResponse.maxResults).toBe(2);
    expect(page.json.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName)).toEqual([
      `${tag} Beta`,
      `${tag} Gamma`,
    ]);
  });

  it('past the last row the QueryResponse is empty', async () => {
    const r = await t.client.query(
      `select * from Customer where DisplayName LIKE '${tag}%' startposition 100`,
    );
    expect(r.json.QueryResponse).toEqual({});
  });

  it('count(*) returns totalCount', async () => {
    const r = await t.client.query(`select count(*) from Customer where DisplayName LIKE '${tag}%'`);
    expect(r.json.QueryResponse).toEqual({ totalCount: 4 });
  });

  it('name lists return active records unless Active is in the WHERE', async () => {
    expect(await rows(`select * from Customer where DisplayName = ${q(`${tag} Inactive`)}`)).toHaveLength(0);
    expect(
      await rows(`select * from Customer where DisplayName = ${q(`${tag} Inactive`)} and Active = false`),
    ).toHaveLength(1);
    expect(
      await rows(`select * from Customer where DisplayName LIKE '${tag}%' and Active IN (true, false)`),
    ).toHaveLength(5);
  });

  it('MAXRESULTS above 1000 → 4001', async () => {
    const r = await t.client.query('select * from Customer maxresults 1001');
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('4001');
  });

  it('a property that is not queryable → 4001', async () => {
    const r = await t.client.query("select * from Customer where Notes = 'x'");
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('4001');
  });

  it('a syntax error → 4000 (QueryParserError)', async () => {
    const r = await t.client.query("select * from Customer where DisplayName = 'Adam's'");
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('4000');
    expect(r.json.Fault.Error[0].Detail).toContain('QueryParserError');
  });

  it('OR is not supported → 4000', async () => {
    const r = await t.client.query("select * from Customer where DisplayName = 'a' or DisplayName = 'b'");
    expect(r.json.Fault.Error[0].code).toBe('4000');
  });

  it('projections: select Id, DisplayName returns those fields', async () => {
    const r = await t.client.query(
      `select Id, DisplayName from Customer where DisplayName = ${q(`${tag} Alpha`)}`,
    );
    expect(r.status).toBe(200);
    const row = r.json.QueryResponse.Customer[0];
    expect(row.DisplayName).toBe(`${tag} Alpha`);
    expect(row.Id).toBeTruthy();
  });

  it('string comparison ignores case', async () => {
    expect(
      await rows(`select * from Customer where DisplayName = ${q(`${tag} alpha`.toUpperCase())}`),
    ).toHaveLength(1);
  });

  it('POST /query with application/text', async () => {
    const r = await t.client.request('POST', 'query', {
      rawBody: `select * from Customer where DisplayName = ${q(`${tag} Alpha`)}`,
      contentType: 'application/text',
    });
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse.Customer).toHaveLength(1);
  });
});
