import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../api/config';
import { ConfigError } from '../../config/load';
import { resolveTemporal } from '../../config/temporal';
import {
  addressHost,
  isLocalAddress,
  Redacted,
  resolveTemporalTls,
  temporalConnectionOptions,
  type TemporalTlsEnv,
} from '../../config/temporal-tls';
import { loadWorkerConfig } from '../../worker/config';

// Certificates and keys made fresh by openssl for this run (EC P-256: fast).
const dir = mkdtempSync(join(tmpdir(), 'qbo-sync-tls-unit-'));
const file = (name: string) => join(dir, name);
const API_KEY = 'tmprl-secret-api-key-0123456789';

function selfSigned(name: string) {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-days', '2', '-subj', `/CN=${name}`,
  ], { stdio: 'ignore' }); // prettier-ignore
}

beforeAll(() => {
  selfSigned('client');
  selfSigned('other');
  writeFileSync(file('not-pem.txt'), 'hello');
  mkdirSync(file('a-directory'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: TemporalTlsEnv = { TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_ALLOW_PLAINTEXT: 'false' };
const problems = (env: Partial<TemporalTlsEnv>) =>
  resolveTemporalTls({ ...base, ...env }).problems.map((p) => `${p.name}: ${p.message}`);

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Temporal TLS settings', () => {
  it('stay plain text with nothing set', () => {
    const { tls, problems: found } = resolveTemporalTls(base);
    expect(found).toEqual([]);
    expect(tls).toEqual({ enabled: false });
    expect(temporalConnectionOptions({ address: 'a:1', namespace: 'n', tls })).toEqual({ address: 'a:1' });
    expect(loadApiConfig({}).temporal.tls).toEqual({ enabled: false });
  });

  it('take TEMPORAL_TLS on/off (and true/false), and name a bad value', () => {
    expect(resolveTemporalTls({ ...base, TEMPORAL_TLS: 'on' }).tls.enabled).toBe(true);
    expect(resolveTemporalTls({ ...base, TEMPORAL_TLS: 'true' }).tls.enabled).toBe(true);
    expect(resolveTemporalTls({ ...base, TEMPORAL_TLS: 'off' }).tls.enabled).toBe(false);
    expect(configError(() => loadApiConfig({ TEMPORAL_TLS: 'yes' })).problems).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS: /),
    ]);
  });

  it('need the client certificate and key together', () => {
    expect(problems({ TEMPORAL_TLS_CERT: file('client.crt') })).toEqual([
      'TEMPORAL_TLS_KEY: is required with TEMPORAL_TLS_CERT (both or neither)',
    ]);
    expect(problems({ TEMPORAL_TLS_KEY: file('client.key') })).toEqual([
      'TEMPORAL_TLS_CERT: is required with TEMPORAL_TLS_KEY (both or neither)',
    ]);
    expect(problems({ TEMPORAL_TLS_CERT: file('client.crt'), TEMPORAL_TLS_KEY: file('client.key') })).toEqual(
      [],
    );
  });

  it('refuse missing, non-file and non-PEM files, naming the variable but not the path', () => {
    expect(problems({ TEMPORAL_TLS_CA: file('missing.pem') })).toEqual([
      'TEMPORAL_TLS_CA: file does not exist',
    ]);
    expect(problems({ TEMPORAL_TLS_CA: file('a-directory') })).toEqual(['TEMPORAL_TLS_CA: is not a file']);
    expect(problems({ TEMPORAL_TLS_CA: file('not-pem.txt') })).toEqual([
      'TEMPORAL_TLS_CA: is not a PEM certificate file',
    ]);
    expect(problems({ TEMPORAL_TLS_CERT: file('client.key'), TEMPORAL_TLS_KEY: file('client.crt') })).toEqual(
      [
        'TEMPORAL_TLS_CERT: is not a PEM certificate file',
        'TEMPORAL_TLS_KEY: is not an unencrypted PEM private key',
      ],
    );
    const error = configError(() =>
      loadWorkerConfig({ TEMPORAL_TLS_CERT: file('missing.crt'), TEMPORAL_TLS_KEY: file('client.key') }),
    );
    expect(error.problems).toEqual(['TEMPORAL_TLS_CERT: file does not exist']);
    expect(error.message).not.toContain(dir);
  });

  it('refuse a key that does not belong to the certificate, without quoting the key', () => {
    const error = configError(() =>
      loadApiConfig({ TEMPORAL_TLS_CERT: file('client.crt'), TEMPORAL_TLS_KEY: file('other.key') }),
    );
    expect(error.problems).toEqual(['TEMPORAL_TLS_KEY: does not match the certificate in TEMPORAL_TLS_CERT']);
    const keyBody = readFileSync(file('other.key'), 'utf8').split('\n')[1] ?? '';
    expect(keyBody.length).toBeGreaterThan(10);
    expect(error.message).not.toContain(keyBody);
  });

  it('turn TLS on for an API key, a client certificate, a CA or a server name, and refuse them with TLS off', () => {
    const needing = {
      TEMPORAL_API_KEY: API_KEY,
      TEMPORAL_TLS_CA: file('other.crt'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example',
    };
    for (const [name, value] of Object.entries(needing)) {
      expect(resolveTemporalTls({ ...base, [name]: value }).tls.enabled, name).toBe(true);
      expect(problems({ [name]: value, TEMPORAL_TLS: 'off' }), name).toEqual([
        `TEMPORAL_TLS: is off, but these need TLS: ${name}`,
      ]);
    }
    const pair = { TEMPORAL_TLS_CERT: file('client.crt'), TEMPORAL_TLS_KEY: file('client.key') };
    expect(resolveTemporalTls({ ...base, ...pair }).tls.enabled).toBe(true);
    expect(problems({ ...pair, TEMPORAL_TLS: 'off' })).toEqual([
      'TEMPORAL_TLS: is off, but these need TLS: TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY',
    ]);
  });

  it('refuse an API key or server name that cannot be right', () => {
    expect(problems({ TEMPORAL_API_KEY: `${API_KEY}\n` })).toEqual([]); // the zod fragment checks it:
    const error = configError(() => loadApiConfig({ TEMPORAL_API_KEY: `${API_KEY}\n` }));
    expect(error.problems).toEqual(['TEMPORAL_API_KEY: must not contain whitespace']);
    expect(error.message).not.toContain(API_KEY);
    expect(configError(() => loadApiConfig({ TEMPORAL_TLS_SERVER_NAME: 'https://x' })).problems).toEqual([
      'TEMPORAL_TLS_SERVER_NAME: must be a host name',
    ]);
  });
});

describe('plain text in production', () => {
  const production = { NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal.internal:7233' } as const;

  it('is refused to a non-local address', () => {
    expect(problems(production)).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS: NODE_ENV=production refuses/),
    ]);
    expect(problems({ ...production, TEMPORAL_TLS: 'off' })).toHaveLength(1);
    expect(problems({ ...production, TEMPORAL_ADDRESS: '[2001:db8::1]:7233' })).toHaveLength(1);
    expect(problems({ ...production, NODE_ENV: 'development' })).toEqual([]);
  });

  it('is allowed to a local address, or with TEMPORAL_ALLOW_PLAINTEXT=true', () => {
    for (const address of ['localhost:7233', '127.0.0.1:7233', '[::1]:7233', 'LOCALHOST', '::1'])
      expect(problems({ ...production, TEMPORAL_ADDRESS: address }), address).toEqual([]);
    expect(problems({ ...production, TEMPORAL_ALLOW_PLAINTEXT: 'true' })).toEqual([]);
    expect(problems({ ...production, TEMPORAL_TLS: 'on' })).toEqual([]);
    expect(problems({ ...production, TEMPORAL_API_KEY: API_KEY })).toEqual([]);
  });

  it('fails the process config, and TEMPORAL_ALLOW_PLAINTEXT must be exactly true/false', () => {
    const env = {
      NODE_ENV: 'production',
      TOKEN_ENCRYPTION_KEY: '0123456789abcdef'.repeat(4),
      DATABASE_URL: 'postgres://u@db.internal:5432/qbo',
      QBO_ENVIRONMENT: 'production',
      QBO_CLIENT_ID: 'abc',
      QBO_CLIENT_SECRET: 'def',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
    };
    expect(configError(() => loadWorkerConfig(env)).problems).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS: NODE_ENV=production refuses plain text/),
    ]);
    expect(loadWorkerConfig({ ...env, TEMPORAL_ALLOW_PLAINTEXT: 'true' }).temporal.tls).toEqual({
      enabled: false,
    });
    expect(configError(() => loadWorkerConfig({ ...env, TEMPORAL_ALLOW_PLAINTEXT: 'yes' })).problems).toEqual(
      [expect.stringMatching(/^TEMPORAL_ALLOW_PLAINTEXT: /)],
    );
  });

  it('finds the host of every address form', () => {
    expect(addressHost('temporal.internal:7233')).toBe('temporal.internal');
    expect(addressHost('[::1]:7233')).toBe('::1');
    expect(addressHost('::1')).toBe('::1');
    expect(addressHost('localhost')).toBe('localhost');
    expect(isLocalAddress('127.0.0.2:7233')).toBe(false);
    expect(isLocalAddress('localhost.evil.example:7233')).toBe(false);
  });
});

describe('connection options', () => {
  it('carry the CA, server name and client certificate pair, read from the files', () => {
    const { tls } = resolveTemporalTls({
      ...base,
      TEMPORAL_TLS_CA: file('other.crt'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example',
      TEMPORAL_TLS_CERT: file('client.crt'),
      TEMPORAL_TLS_KEY: file('client.key'),
    });
    expect(temporalConnectionOptions({ address: 'h:7233', namespace: 'ns', tls })).toEqual({
      address: 'h:7233',
      tls: {
        serverNameOverride: 'temporal.example',
        serverRootCACertificate: readFileSync(file('other.crt')),
        clientCertPair: { crt: readFileSync(file('client.crt')), key: readFileSync(file('client.key')) },
      },
    });
  });

  it('send the API key as apiKey, over TLS, with the namespace header', () => {
    const { tls } = resolveTemporalTls({ ...base, TEMPORAL_API_KEY: API_KEY });
    expect(temporalConnectionOptions({ address: 'h:7233', namespace: 'ns.acct', tls })).toEqual({
      address: 'h:7233',
      tls: {},
      apiKey: API_KEY,
      metadata: { 'temporal-namespace': 'ns.acct' },
    });
  });

  it('TEMPORAL_TLS=on alone gives TLS with the system roots', () => {
    const { tls } = resolveTemporalTls({ ...base, TEMPORAL_TLS: 'on' });
    expect(temporalConnectionOptions({ address: 'h:7233', namespace: 'ns', tls })).toEqual({
      address: 'h:7233',
      tls: {},
    });
  });
});

describe('secrets', () => {
  it('never show the API key in a config dump, inspect or string', () => {
    const config = loadApiConfig({ TEMPORAL_API_KEY: API_KEY });
    expect(config.temporal.tls?.apiKey?.reveal()).toBe(API_KEY);
    expect(JSON.stringify(config)).not.toContain(API_KEY);
    expect(inspect(config, { depth: 10 })).not.toContain(API_KEY);
    expect(`${String(config.temporal.tls?.apiKey)}`).toBe('[redacted]');
    expect(inspect(new Redacted('x'))).toBe('[redacted]');
  });

  it('report problems as one ConfigError when resolved outside a zod transform', () => {
    const env = { ...loadApiConfigEnvDefaults(), TEMPORAL_TLS_CERT: file('client.crt') };
    expect(configError(() => resolveTemporal(env)).problems).toEqual([
      'TEMPORAL_TLS_KEY: is required with TEMPORAL_TLS_CERT (both or neither)',
    ]);
  });
});

function loadApiConfigEnvDefaults() {
  return {
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'qbo-sync',
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    TEMPORAL_ACTIVITY_SLOTS: 100,
    TEMPORAL_WORKFLOW_TASK_SLOTS: 40,
    TEMPORAL_MAX_CACHED_WORKFLOWS: 500,
    RECORD_SYNCS_PER_TENANT: 8,
    WORKER_HEAP_GROWING_PERCENT: 40,
    TEMPORAL_ALLOW_PLAINTEXT: 'false' as const,
  };
}
