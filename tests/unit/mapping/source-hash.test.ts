import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson, MAPPING_VERSION, sourceHash } from '../../../activities/mapping';
import { compareSourceHash } from '../../../activities/mapping/source-hash';

const row = {
  tenantId: 't1',
  id: 'cus-1',
  displayName: 'Acme',
  email: null,
  createdAt: new Date('2025-01-01T00:00:00Z'),
  updatedAt: new Date('2025-02-01T00:00:00Z'),
};

describe('sourceHash', () => {
  it('is stable, versioned and independent of key order', () => {
    const a = sourceHash('customer', { row, context: { parentQboId: '1' } });
    const b = sourceHash('customer', { context: { parentQboId: '1' }, row: { ...row } });
    expect(a).toBe(b);
    expect(a).toMatch(new RegExp(`^v${MAPPING_VERSION}:[0-9a-f]{64}$`));
  });
  it('ignores updatedAt and tenantId (an edit that changes nothing is a no-op)', () => {
    expect(sourceHash('customer', { row })).toBe(
      sourceHash('customer', { row: { ...row, tenantId: 't2', updatedAt: new Date() } }),
    );
  });
  it('changes with any mapped field, the context or the kind', () => {
    const base = sourceHash('customer', { row });
    expect(sourceHash('customer', { row: { ...row, displayName: 'Acme ' } })).not.toBe(base);
    expect(sourceHash('customer', { row: { ...row, email: 'a@b.co' } })).not.toBe(base);
    expect(sourceHash('customer', { row, context: { parentQboId: '2' } })).not.toBe(base);
    expect(sourceHash('job', { row })).not.toBe(base);
  });
  it('canonical JSON: dates as ISO, undefined dropped, null kept, maps as objects', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: null, d: new Date(0), m: new Map([['x', 1n]]) })).toBe(
      '{"b":1,"c":null,"d":"1970-01-01T00:00:00.000Z","m":{"x":"1"}}',
    );
  });
});

describe('compareSourceHash', () => {
  const body = { DisplayName: 'Acme', PrimaryEmailAddr: { Address: 'a@b.co' } };
  // What the code before versioned hashes stored: 32 hex of sha256 over JSON.stringify(body).
  const legacy = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);

  it('same for the versioned hash of the same inputs, changed for other inputs or kinds', () => {
    expect(compareSourceHash(sourceHash('customer', body), 'customer', body)).toBe('same');
    expect(compareSourceHash(sourceHash('customer', body), 'customer', { ...body, DisplayName: 'B' })).toBe(
      'changed',
    );
    expect(compareSourceHash(sourceHash('customer', body), 'product', body)).toBe('changed');
  });
  it('accepts an unversioned hash of the same inputs once (the caller re-saves the new one)', () => {
    expect(compareSourceHash(legacy, 'customer', body)).toBe('same-legacy');
    expect(compareSourceHash(legacy, 'customer', { ...body, DisplayName: 'B' })).toBe('changed');
  });
  it('changed when nothing is stored, or a hash of another mapping version', () => {
    expect(compareSourceHash(null, 'customer', body)).toBe('changed');
    expect(compareSourceHash(`v${MAPPING_VERSION + 1}:abc`, 'customer', body)).toBe('changed');
  });
});
