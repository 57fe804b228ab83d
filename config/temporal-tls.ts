// How the API and the worker reach Temporal beyond localhost (README "Temporal beyond localhost /
// Temporal Cloud"): TLS, a server CA, an SNI override, an mTLS client certificate, a Temporal Cloud
// API key. Checked once at start-up (files exist, are readable and parse); the files are read and
// the key unwrapped only when a connection is made. No secret is ever put in a message.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { inspect } from 'node:util';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';

/** Holds a secret so that no log line, JSON dump, `inspect` or template string can show it. */
export class Redacted {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}

/** Merged into temporalFragment (config/fragments.ts). */
export const temporalTlsShape = {
  /** on/off; unset: on as soon as any setting below needs it, else off. */
  TEMPORAL_TLS: z.enum(['on', 'off', 'true', 'false']).optional(),
  /** mTLS client certificate (PEM file); with TEMPORAL_TLS_KEY, both or neither. */
  TEMPORAL_TLS_CERT: z.string().optional(),
  /** The client certificate's private key (PEM file, unencrypted). */
  TEMPORAL_TLS_KEY: z.string().optional(),
  /** CA that signed the server's certificate (PEM file); unset: the system's roots. */
  TEMPORAL_TLS_CA: z.string().optional(),
  /** Server name (SNI) checked against the server's certificate instead of the address's host. */
  TEMPORAL_TLS_SERVER_NAME: z
    .string()
    .regex(/^[^\s/:]+$/, 'must be a host name')
    .optional(),
  /** Temporal Cloud API key (sent as `Authorization: Bearer …`); implies TLS. */
  TEMPORAL_API_KEY: z.string().regex(/^\S+$/, 'must not contain whitespace').optional(),
  /** `true`: NODE_ENV=production may talk plain text to a non-local TEMPORAL_ADDRESS. */
  TEMPORAL_ALLOW_PLAINTEXT: z.enum(['true', 'false']).default('false'),
};

export type TemporalTlsEnv = z.infer<z.ZodObject<typeof temporalTlsShape>> & {
  TEMPORAL_ADDRESS: string;
  NODE_ENV?: 'development' | 'test' | 'production';
};

/** Resolved connection security; file paths only (read when connecting). */
export type TemporalTls = {
  enabled: boolean;
  serverName?: string;
  caFile?: string;
  clientCert?: { certFile: string; keyFile: string };
  apiKey?: Redacted;
};

export type TemporalTlsProblem = { name: keyof typeof temporalTlsShape; message: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** The host of `host:port`, `[v6]:port`, `host` or a bare IPv6 address. */
export function addressHost(address: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(address);
  if (bracketed) return bracketed[1] ?? '';
  if (address.split(':').length > 2) return address; // bare IPv6, no port
  return address.split(':')[0] ?? '';
}

export const isLocalAddress = (address: string) => LOCAL_HOSTS.has(addressHost(address).toLowerCase());

/** Why `file` cannot serve as `kind` (never quoting the file's contents), or null. */
function fileProblem(file: string, kind: 'certificate' | 'key'): string | null {
  try {
    if (!statSync(file).isFile()) return 'is not a file';
    accessSync(file, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'file does not exist' : 'file is not readable';
  }
  const text = readFileSync(file, 'latin1');
  if (kind === 'certificate') {
    if (!/-----BEGIN CERTIFICATE-----/.test(text)) return 'is not a PEM certificate file';
    try {
      new X509Certificate(text);
    } catch {
      return 'is not a valid PEM certificate';
    }
  } else if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(text) || !parseKey(text)) {
    return 'is not an unencrypted PEM private key';
  }
  return null;
}

function parseKey(pem: string): KeyObject | null {
  try {
    return createPrivateKey(pem);
  } catch {
    return null;
  }
}

/** Checks the TLS variables together; `problems` name the variable and never quote a value. */
export function resolveTemporalTls(env: TemporalTlsEnv): {
  tls: TemporalTls;
  problems: TemporalTlsProblem[];
} {
  const problems: TemporalTlsProblem[] = [];
  const cert = env.TEMPORAL_TLS_CERT;
  const key = env.TEMPORAL_TLS_KEY;
  if (cert !== undefined && key === undefined)
    problems.push({
      name: 'TEMPORAL_TLS_KEY',
      message: 'is required with TEMPORAL_TLS_CERT (both or neither)',
    });
  if (key !== undefined && cert === undefined)
    problems.push({
      name: 'TEMPORAL_TLS_CERT',
      message: 'is required with TEMPORAL_TLS_KEY (both or neither)',
    });
  const files = [
    ['TEMPORAL_TLS_CERT', cert, 'certificate'],
    ['TEMPORAL_TLS_KEY', key, 'key'],
    ['TEMPORAL_TLS_CA', env.TEMPORAL_TLS_CA, 'certificate'],
  ] as const;
  let filesOk = true;
  for (const [name, file, kind] of files) {
    const problem = file === undefined ? null : fileProblem(file, kind);
    if (problem) problems.push({ name, message: problem });
    filesOk &&= !problem;
  }
  if (cert !== undefined && key !== undefined && filesOk) {
    const pair = new X509Certificate(readFileSync(cert, 'latin1'));
    const privateKey = parseKey(readFileSync(key, 'latin1'));
    if (!privateKey || !pair.checkPrivateKey(privateKey))
      problems.push({
        name: 'TEMPORAL_TLS_KEY',
        message: 'does not match the certificate in TEMPORAL_TLS_CERT',
      });
  }

  const needing = (
    [
      ['TEMPORAL_API_KEY', env.TEMPORAL_API_KEY],
      ['TEMPORAL_TLS_CERT', cert],
      ['TEMPORAL_TLS_KEY', key],
      ['TEMPORAL_TLS_CA', env.TEMPORAL_TLS_CA],
      ['TEMPORAL_TLS_SERVER_NAME', env.TEMPORAL_TLS_SERVER_NAME],
    ] as const
  )
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
  const explicit = env.TEMPORAL_TLS === undefined ? undefined : ['on', 'true'].includes(env.TEMPORAL_TLS);
  const enabled = explicit ?? needing.length > 0;
  if (explicit === false && needing.length > 0)
    problems.push({ name: 'TEMPORAL_TLS', message: `is off, but these need TLS: ${needing.join(', ')}` });
  if (
    !enabled &&
    env.NODE_ENV === 'production' &&
    !isLocalAddress(env.TEMPORAL_ADDRESS) &&
    env.TEMPORAL_ALLOW_PLAINTEXT !== 'true'
  )
    problems.push({
      name: 'TEMPORAL_TLS',
      message:
        'NODE_ENV=production refuses plain text to a non-local TEMPORAL_ADDRESS: set TEMPORAL_TLS=on ' +
        '(or TEMPORAL_API_KEY, or TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY), or TEMPORAL_ALLOW_PLAINTEXT=true',
    });

  const tls: TemporalTls = { enabled };
  if (env.TEMPORAL_TLS_SERVER_NAME !== undefined) tls.serverName = env.TEMPORAL_TLS_SERVER_NAME;
  if (env.TEMPORAL_TLS_CA !== undefined) tls.caFile = env.TEMPORAL_TLS_CA;
  if (cert !== undefined && key !== undefined) tls.clientCert = { certFile: cert, keyFile: key };
  if (env.TEMPORAL_API_KEY !== undefined) tls.apiKey = new Redacted(env.TEMPORAL_API_KEY);
  return { tls, problems };
}

/**
 * Options shared by `Connection.connect` (client) and `NativeConnection.connect` (worker).
 * Reads the certificate files now; the result holds secrets: never log it.
 */
export type TemporalConnectionOptions = {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
  metadata?: Record<string, string>;
};

export function temporalConnectionOptions(temporal: {
  address: string;
  namespace: string;
  tls?: TemporalTls;
}): TemporalConnectionOptions {
  const settings = temporal.tls;
  if (!settings?.enabled) return { address: temporal.address };
  const tls: TLSConfig = {};
  if (settings.serverName !== undefined) tls.serverNameOverride = settings.serverName;
  if (settings.caFile !== undefined) tls.serverRootCACertificate = readFileSync(settings.caFile);
  if (settings.clientCert)
    tls.clientCertPair = {
      crt: readFileSync(settings.clientCert.certFile),
      key: readFileSync(settings.clientCert.keyFile),
    };
  if (!settings.apiKey) return { address: temporal.address, tls };
  return {
    address: temporal.address,
    tls,
    apiKey: settings.apiKey.reveal(),
    // Temporal Cloud routes API-key calls by this header on its regional endpoints.
    metadata: { 'temporal-namespace': temporal.namespace },
  };
}
