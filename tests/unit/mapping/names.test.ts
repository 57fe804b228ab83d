import { describe, expect, it } from 'vitest';
import {
  cleanLine,
  cleanName,
  cleanText,
  disambiguatedName,
  nameKey,
  nameOrFallback,
  QBO_LIMITS,
  truncate,
} from '../../../activities/mapping';

const LONG =
  'Greater Springfield Tent, Table & Chair Rental Company for Weddings, Corporate Events, Graduations, and Backyard Parties';

describe('cleanName', () => {
  it.each([
    ['Smith: Main St', 'Smith Main St'],
    ['Bride & Groom: Events, Inc.', 'Bride & Groom Events, Inc.'],
    ['Lake County:RTA', 'Lake County RTA'],
    ["O'Brien's Tent & Party Co.", "O'Brien's Tent & Party Co."],
    ['Crème Brûlée Rentals', 'Crème Brûlée Rentals'],
    ['  Lakeside Events', 'Lakeside Events'],
    ['Hilltop Catering ', 'Hilltop Catering'],
    ['Acme  Rentals', 'Acme Rentals'],
    ['Setup\tper crew\r\nhour', 'Setup per crew hour'],
    [' : ', ''],
  ])('%j → %j', (input, expected) => {
    expect(cleanName(input, 500)).toBe(expected);
  });

  it('cuts to the limit and never ends with a space', () => {
    expect(cleanName(LONG, 100)).toBe(LONG.slice(0, 100).trimEnd());
    expect(cleanName(LONG, 100).length).toBeLessThanOrEqual(100);
    expect(cleanName('ab cd', 3)).toBe('ab');
  });

  it('normalises accents to NFC (a decomposed é is one character)', () => {
    expect(cleanName('Cre\u0300me', 100)).toBe('Crème');
  });

  it('does not split a surrogate pair', () => {
    expect(truncate('ab😀', 3)).toBe('ab');
  });

  it('null and undefined are empty', () => {
    expect(cleanName(null, 10)).toBe('');
    expect(cleanLine(undefined, 10)).toBe('');
    expect(cleanText(null, 10)).toBe('');
  });
});

describe('cleanLine and cleanText', () => {
  it('cleanLine keeps colons and collapses whitespace', () => {
    expect(cleanLine('Setup:\t8am ', 100)).toBe('Setup: 8am');
  });
  it('cleanText keeps tabs and newlines inside', () => {
    expect(cleanText(' a\tb\nc ', 100)).toBe('a\tb\nc');
  });
});

describe('nameKey', () => {
  it('names differing only in case or spacing share a key (QBO would call them duplicates)', () => {
    expect(nameKey('Acme Rentals')).toBe(nameKey('ACME Rentals'));
    expect(nameKey('Acme  Rentals')).toBe(nameKey(' acme rentals '));
    expect(nameKey('Bounce House')).not.toBe(nameKey('Bounce Houses'));
  });
});

describe('disambiguatedName', () => {
  it('appends the BPro id', () => {
    expect(disambiguatedName('ACME Rentals', 'cus-00067', QBO_LIMITS.displayName)).toBe(
      'ACME Rentals (BPro #cus-00067)',
    );
  });
  it('is deterministic and fits the limit by shortening the name', () => {
    const name = disambiguatedName(LONG, 'prd-00005', QBO_LIMITS.itemName);
    expect(name).toBe(`${LONG.slice(0, 100 - ' (BPro #prd-00005)'.length).trimEnd()} (BPro #prd-00005)`);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(disambiguatedName(LONG, 'prd-00005', QBO_LIMITS.itemName)).toBe(name);
  });
  it('cleans the name first', () => {
    expect(disambiguatedName('Smith: Main St', 'cus-1', 500)).toBe('Smith Main St (BPro #cus-1)');
  });
  it('two records with the same name get different names', () => {
    expect(disambiguatedName('Extra Large', 'cat-0014', 100)).not.toBe(
      disambiguatedName('Extra Large', 'cat-0009', 100),
    );
  });
  it('a tiny limit still gives something within it', () => {
    expect(disambiguatedName('Net 30', 'term-01', 10).length).toBeLessThanOrEqual(10);
  });
});

describe('nameOrFallback', () => {
  it('falls back when nothing is left', () => {
    expect(nameOrFallback(' :: ', 100, 'BPro product prd-1')).toBe('BPro product prd-1');
    expect(nameOrFallback('Tent', 100, 'x')).toBe('Tent');
  });
});
