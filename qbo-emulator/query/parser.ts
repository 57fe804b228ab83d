// Parser: SELECT * | count(*) | fields FROM Entity [WHERE c AND c …] [ORDERBY f [ASC|DESC], …]
// [STARTPOSITION n] [MAXRESULTS n]. AND-only, operators = < > <= >= IN LIKE. Pure.
import { faults } from '../errors';
import { parseError, tokenize, type Token } from './lexer';

export type Literal = string | number | boolean;

export type Condition =
  | { field: string; op: '=' | '<' | '>' | '<=' | '>='; value: Literal }
  | { field: string; op: 'IN'; values: Literal[] }
  | { field: string; op: 'LIKE'; value: string };

export interface Query {
  select: { kind: 'all' } | { kind: 'count' } | { kind: 'fields'; fields: string[] };
  entity: string;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  startPosition: number | undefined;
  maxResults: number | undefined;
}

const CLAUSES = ['"and"', '"orderby"', '"startposition"', '"maxresults"', '<EOF>'];

class Cursor {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(): Token {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)] as Token;
  }
  next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }
  isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }
  word(word: string, expecting = [`"${word}"`]): void {
    if (!this.isWord(word)) throw parseError(this.peek(), expecting);
    this.next();
  }
  punct(p: string): void {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) throw parseError(t, [`"${p}"`]);
    this.next();
  }
  ident(): string {
    const t = this.peek();
    if (t.kind !== 'ident') throw parseError(t, ['<IDENTIFIER>']);
    this.next();
    return t.text;
  }
  integer(): number {
    const t = this.peek();
    if (t.kind !== 'number' || !/^-?\d+$/.test(t.text)) throw parseError(t, ['<INTEGER>']);
    this.next();
    return Number(t.text);
  }
}

function literal(c: Cursor): Literal {
  const t = c.peek();
  if (t.kind === 'string') {
    c.next();
    return t.value;
  }
  if (t.kind === 'number') {
    c.next();
    return Number(t.text);
  }
  if (t.kind === 'ident' && (t.text.toLowerCase() === 'true' || t.text.toLowerCase() === 'false')) {
    c.next();
    return t.text.toLowerCase() === 'true';
  }
  throw parseError(t, ['<STRING>', '<INTEGER>', '"true"', '"false"']);
}

function condition(c: Cursor): Condition {
  const field = c.ident();
  const t = c.peek();
  if (t.kind === 'op') {
    if (t.text === '!=' || t.text === '<>')
      throw parseError(t, ['"="', '"<"', '">"', '"<="', '">="', '"in"', '"like"']);
    c.next();
    return { field, op: t.text as '=' | '<' | '>' | '<=' | '>=', value: literal(c) };
  }
  if (c.isWord('in')) {
    c.next();
    c.punct('(');
    const values = [literal(c)];
    while (c.peek().kind === 'punct' && c.peek().text === ',') {
      c.next();
      values.push(literal(c));
    }
    c.punct(')');
    return { field, op: 'IN', values };
  }
  if (c.isWord('like')) {
    c.next();
    const v = c.peek();
    if (v.kind !== 'string') throw parseError(v, ['<STRING>']);
    c.next();
    return { field, op: 'LIKE', value: v.value };
  }
  throw parseError(t, ['"="', '"<"', '">"', '"<="', '">="', '"in"', '"like"']);
}

export function parseQuery(src: string): Query {
  if (src.trim() === '')
    throw faults.queryParse(
      'QueryParserError: Encountered <EOF> at line 1, column 1. Was expecting: "select"',
    );
  const c = new Cursor(tokenize(src));
  c.word('select');
  let select: Query['select'];
  if (c.peek().kind === 'punct' && c.peek().text === '*') {
    c.next();
    select = { kind: 'all' };
  } else if (c.isWord('count')) {
    c.next();
    c.punct('(');
    c.punct('*');
    c.punct(')');
    select = { kind: 'count' };
  } else {
    const fields = [c.ident()];
    while (c.peek().kind === 'punct' && c.peek().text === ',') {
      c.next();
      fields.push(c.ident());
    }
    select = { kind: 'fields', fields };
  }
  c.word('from');
  const entity = c.ident();
  const where: Condition[] = [];
  if (c.isWord('where')) {
    c.next();
    where.push(condition(c));
    while (c.isWord('and')) {
      c.next();
      where.push(condition(c));
    }
    if (c.isWord('or')) throw parseError(c.peek(), CLAUSES);
  }
  const orderBy: Query['orderBy'] = [];
  if (c.isWord('orderby') || c.isWord('order')) {
    if (c.isWord('order')) {
      c.next();
      c.word('by');
    } else c.next();
    do {
      if (orderBy.length > 0) c.next();
      const field = c.ident();
      let desc = false;
      if (c.isWord('desc')) {
        c.next();
        desc = true;
      } else if (c.isWord('asc')) c.next();
      orderBy.push({ field, desc });
    } while (c.peek().kind === 'punct' && c.peek().text === ',');
  }
  let startPosition: number | undefined;
  let maxResults: number | undefined;
  for (let k = 0; k < 2; k++) {
    if (c.isWord('startposition') && startPosition === undefined) {
      c.next();
      startPosition = c.integer();
    } else if (c.isWord('maxresults') && maxResults === undefined) {
      c.next();
      maxResults = c.integer();
    }
  }
  if (c.peek().kind !== 'eof')
    throw parseError(c.peek(), where.length > 0 ? CLAUSES : ['"where"', ...CLAUSES.slice(1)]);
  return { select, entity, where, orderBy, startPosition, maxResults };
}
