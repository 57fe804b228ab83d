import { describe, expect, it } from 'vitest';
import { QboFault } from '../../../qbo-emulator/errors';
import { compareValues, evaluateQuery, likeToRegExp } from '../../../qbo-emulator/query/evaluate';
import { tokenize } from '../../../qbo-emulator/query/lexer';
import { parseQuery } from '../../../qbo-emulator/query/parser';

const opts = {
  queryable: ['Id', 'DisplayName', 'Active', 'Balance', 'MetaData.CreateTime', 'CustomerRef'],
  nameList: true,
  caseInsensitive: true,
  projections: 'project' as const,
};

function faultCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof QboFault) return e.errors[0]?.code;
    throw e;
  }
  return undefined;
}

describe('query lexer', () => {
  it('unescapes backslash escapes inside string literals', () => {
    const t = tokenize("DisplayName = 'Adam\\'s \\\\ shop'");
    expect(t[2]).toMatchObject({ kind: 'string', value: "Adam's \\ shop" });
  });

  it('turns an unterminated string into an error token the parser reports as 4000', () => {
    expect(tokenize("'abc").at(-1)?.kind).toBe('error');
    expect(faultCode(() => parseQuery("select * from Customer where DisplayName = 'abc"))).toBe('4000');
  });
});

describe('query parser', () => {
  it('parses the full grammar', () => {
    const q = parseQuery(
      "SELECT * FROM Customer WHERE DisplayName LIKE 'A%' AND Balance >= 10 AND Id IN ('1', '2') ORDERBY DisplayName DESC, Id STARTPOSITION 5 MAXRESULTS 20",
    );
    expect(q).toEqual({
      select: { kind: 'all' },
      entity: 'Customer',
      where: [
        { field: 'DisplayName', op: 'LIKE', value: 'A%' },
        { field: 'Balance', op: '>=', value: 10 },
        { field: 'Id', op: 'IN', values: ['1', '2'] },
      ],
      orderBy: [
        { field: 'DisplayName', desc: true },
        { field: 'Id', desc: false },
      ],
      startPosition: 5,
      maxResults: 20,
    });
  });

  it('parses count(*) and projections', () => {
    expect(parseQuery('select count(*) from Invoice').select).toEqual({ kind: 'count' });
    expect(parseQuery('select Id, DisplayName from Customer').select).toEqual({
      kind: 'fields',
      fields: ['Id', 'DisplayName'],
    });
  });

  it('rejects OR, != and trailing garbage with 4000 and a QueryParserError detail', () => {
    expect(faultCode(() => parseQuery("select * from Customer where Id = '1' or Id = '2'"))).toBe('4000');
    expect(faultCode(() => parseQuery("select * from Customer where Id != '1'"))).toBe('4000');
    expect(faultCode(() => parseQuery("select * from Customer where DisplayName = 'Adam's'"))).toBe('4000');
    try {
      parseQuery("select * from Customer where DisplayName = 'Adam's'");
    } catch (e) {
      expect((e as QboFault).errors[0]?.Detail).toMatch(
        /^QueryParserError: Encountered .* at line 1, column \d+/,
      );
    }
  });
});

describe('query evaluator', () => {
  const rows = [
    {
      Id: '1',
      DisplayName: 'alpha',
      Active: true,
      Balance: 5,
      CustomerRef: { value: '9' },
      MetaData: { CreateTime: '2024-01-01T10:00:00-07:00' },
    },
    {
      Id: '2',
      DisplayName: 'Beta',
      Active: true,
      Balance: 50,
      MetaData: { CreateTime: '2025-01-01T10:00:00-07:00' },
    },
    { Id: '10', DisplayName: 'gamma', Active: false, Balance: 500 },
  ];
  const run = (s: string) => evaluateQuery(parseQuery(s), rows, opts);
  const ids = (s: string) => {
    const r = run(s);
    return r.kind === 'rows' ? r.rows.map((x) => x['Id']) : [];
  };

  it('filters inactive records of name lists unless Active is mentioned', () => {
    expect(ids('select * from Customer')).toEqual(['1', '2']);
    expect(ids('select * from Customer where Active IN (true, false)')).toEqual(['1', '2', '10']);
  });

  it('compares numbers numerically, strings case-insensitively and dates as dates', () => {
    expect(ids("select * from Customer where Balance > '10' and Active IN (true,false)")).toEqual([
      '2',
      '10',
    ]);
    expect(ids("select * from Customer where DisplayName = 'ALPHA'")).toEqual(['1']);
    expect(ids("select * from Customer where MetaData.CreateTime > '2024-06-01'")).toEqual(['2']);
    expect(ids("select * from Customer where Metadata.CreateTime < '2024-06-01'")).toEqual(['1']);
    expect(ids("select * from Customer where CustomerRef = '9'")).toEqual(['1']);
  });

  it('orders by Id numerically by default and honours ORDERBY', () => {
    expect(ids('select * from Customer where Active IN (true,false)')).toEqual(['1', '2', '10']);
    expect(ids('select * from Customer orderby DisplayName desc')).toEqual(['2', '1']);
  });

  it('pages with STARTPOSITION/MAXRESULTS and caps MAXRESULTS at 1000 (4001)', () => {
    expect(ids('select * from Customer where Active IN (true,false) startposition 2 maxresults 1')).toEqual([
      '2',
    ]);
    expect(faultCode(() => run('select * from Customer maxresults 1001'))).toBe('4001');
  });

  it('rejects non-queryable properties with 4001', () => {
    expect(faultCode(() => run("select * from Customer where Notes = 'x'"))).toBe('4001');
  });

  it('counts', () => {
    expect(run('select count(*) from Customer')).toEqual({ kind: 'count', totalCount: 2 });
  });

  it('LIKE uses % only and escapes regex characters', () => {
    expect(likeToRegExp('a.b%', false).test('a.bcd')).toBe(true);
    expect(likeToRegExp('a.b%', false).test('axbcd')).toBe(false);
    expect(likeToRegExp('%B_', true).test('ab_')).toBe(true);
  });

  it('numeric strings compare as numbers only for id-like properties', () => {
    expect(compareValues('0123', '123', true, false)).not.toBe(0);
    expect(compareValues('10', '9', true, true)).toBe(1);
  });

  it('compareValues handles booleans and missing values', () => {
    expect(compareValues(true, true, true)).toBe(0);
    expect(compareValues(undefined, 'x', true)).toBeUndefined();
  });
});
