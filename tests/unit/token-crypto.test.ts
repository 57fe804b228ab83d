import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenCrypto } from '../../activities/qbo/token-crypto';

describe('token encryption at rest', () => {
  const crypto = new TokenCrypto(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const token = 'AB11-refresh-token-value';
    const sealed = crypto.encrypt(token, 'tenant-a');
    expect(sealed).not.toContain(token);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(crypto.decrypt(sealed, 'tenant-a')).toBe(token);
  });

  it('uses a fresh IV each time', () => {
    expect(crypto.encrypt('same', 't')).not.toBe(crypto.encrypt('same', 't'));
  });

  it('refuses another tenant, another key and a tampered value', () => {
    const sealed = crypto.encrypt('secret', 'tenant-a');
    expect(() => crypto.decrypt(sealed, 'tenant-b')).toThrow();
    expect(() => new TokenCrypto(randomBytes(32)).decrypt(sealed, 'tenant-a')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() =>
      crypto.decrypt([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'tenant-a'),
    ).toThrow();
    expect(() => crypto.decrypt('plain-text-token', 'tenant-a')).toThrow(/format/);
  });

  it('needs a 32-byte key', () => {
    expect(() => new TokenCrypto(randomBytes(16))).toThrow(/32 bytes/);
  });
});
