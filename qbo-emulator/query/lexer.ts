// Tokenizer for QBO's SQL-like query language: identifiers (dotted), quoted strings with backslash
// escapes, numbers, punctuation and comparison operators. Pure.
import { faults } from '../errors';

/** `error` is a lexical error, reported only if the parser reaches it (as JavaCC does). */
export type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'punct' | 'eof' | 'error';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Unescaped value for strings; the raw text otherwise. */
  value: string;
  /** 1-based column, as QBO reports it. */
  column: number;
}

export function tokenKindLabel(t: Token): string {
  switch (t.kind) {
    case 'ident':
      return '<IDENTIFIER>';
    case 'string':
      return '<STRING>';
    case 'number':
      return '<INTEGER>';
    case 'eof':
      return '<EOF>';
    default:
      return `"${t.text}"`;
  }
}

export function parseError(t: Token, expecting: readonly string[]): Error {
  if (t.kind === 'error') return faults.queryParse(t.value);
  const found = t.kind === 'eof' ? '<EOF>' : `" ${tokenKindLabel(t)} "${t.text} ""`;
  const exp = expecting.length > 0 ? ` Was expecting one of: ${expecting.join(' ')}` : '';
  return faults.queryParse(`QueryParserError: Encountered ${found} at line 1, column ${t.column}.${exp}`);
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      let value = '';
      i++;
      let closed = false;
      while (i < src.length) {
        const ch = src.charAt(i);
        if (ch === '\\' && i + 1 < src.length) {
          value += src.charAt(i + 1);
          i += 2;
        } else if (ch === "'") {
          closed = true;
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      if (!closed) {
        const message = `QueryParserError: Lexical error at line 1, column ${src.length + 1}.  Encountered: <EOF> after : "${src.slice(start)}"`;
        tokens.push({ kind: 'error', text: src.slice(start), value: message, column: start + 1 });
        return tokens;
      }
      tokens.push({ kind: 'string', text: src.slice(start, i), value, column: start + 1 });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_.]/.test(src.charAt(i))) i++;
      const text = src.slice(start, i);
      tokens.push({ kind: 'ident', text, value: text, column: start + 1 });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src.charAt(i + 1)))) {
      i++;
      while (i < src.length && /[0-9.]/.test(src.charAt(i))) i++;
      const text = src.slice(start, i);
      tokens.push({ kind: 'number', text, value: text, column: start + 1 });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '!=' || two === '<>') {
      tokens.push({ kind: 'op', text: two, value: two, column: start + 1 });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, value: c, column: start + 1 });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === '*') {
      tokens.push({ kind: 'punct', text: c, value: c, column: start + 1 });
      i++;
      continue;
    }
    const message = `QueryParserError: Lexical error at line 1, column ${start + 1}.  Encountered: "${c}" (${c.charCodeAt(0)}), after : ""`;
    tokens.push({ kind: 'error', text: c, value: message, column: start + 1 });
    return tokens;
  }
  tokens.push({ kind: 'eof', text: '', value: '', column: src.length + 1 });
  return tokens;
}
