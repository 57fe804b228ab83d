// The TLS path really connects. The dev server speaks plain text only (`temporal server start-dev`
// has no TLS flags), so a TLS-terminating proxy (node:tls, ALPN h2, certificates made by openssl
// for this run) stands in front of it; the client and the worker reach Temporal only through it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createQboServices } from '../../activities/qbo/services';
import { loadApiConfig } from '../../api/config';
import { connectTemporalClient } from '../../api/temporal-client';
import type { TemporalConfig } from '../../config/temporal';
import { temporalConnectionOptions } from '../../config/temporal-tls';
import { loadWorkerConfig } from '../../worker/config';
import { createSyncWorker } from '../../worker/create-worker';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { createRoundTripActivities } from './support/roundtrip-activities';
import type { roundTrip } from './support/roundtrip-workflows';
import { testFile, uniqueTaskQueue } from './support/temporal';

const SERVER_NAME = 'temporal.test';
const dir = mkdtempSync(join(tmpdir(), 'qbo-sync-tls-'));
const file = (name: string) => join(dir, name);

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed CA: `<name>.crt` and `<name>.key`. */
function makeCa(name: string) {
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  );
}

/** A leaf certificate signed by `ca`, with the given extensions. */
function makeLeaf(name: string, ca: string, extensions: string) {
  writeFileSync(file(`${name}.ext`), extensions);
  openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-set_serial', String(Date.now()),
    '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`); // prettier-ignore
}

type Proxy = {
  address: string;
  seen: Array<{ servername: string; alpn: string; clientCert: boolean }>;
  close: () => Promise<void>;
};

/** TLS in front of the dev server's plain gRPC port; with `clientCa`, a client certificate is required. */
async function startTlsProxy(upstream: string, clientCa?: string): Promise<Proxy> {
  const [host = '127.0.0.1', port = '7233'] = upstream.split(':');
  const seen: Proxy['seen'] = [];
  const sockets = new Set<TLSSocket>();
  const server = createServer(
    {
      key: readPem('server.key'),
      cert: readPem('server.crt'),
      ALPNProtocols: ['h2'],
      ...(clientCa ? { requestCert: true, rejectUnauthorized: true, ca: readPem(`${clientCa}.crt`) } : {}),
    },
    (socket) => {
      sockets.add(socket);
      seen.push({
        servername: typeof socket.servername === 'string' ? socket.servername : '',
        alpn: String(socket.alpnProtocol),
        clientCert: socket.authorized,
      });
      const backend = netConnect(Number(port), host);
      socket.pipe(backend).pipe(socket);
      const end = () => {
        socket.destroy();
        backend.destroy();
        sockets.delete(socket);
      };
      socket.on('error', end).on('close', end);
      backend.on('error', end).on('close', end);
    },
  );
  server.on('tlsClientError', () => {}); // a refused handshake is what some tests want
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  return {
    address: `127.0.0.1:${listening}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const readPem = (name: string) => readFileSync(file(name), 'utf8');

const serverExtensions =
  `subjectAltName=DNS:${SERVER_NAME}\nbasicConstraints=CA:FALSE\n` +
  'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n';
const clientExtensions =
  'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n';

let tlsProxy: Proxy;
let mtlsProxy: Proxy;

beforeAll(async () => {
  makeCa('ca');
  makeCa('wrong-ca');
  makeCa('client-ca');
  makeLeaf('server', 'ca', serverExtensions);
  makeLeaf('client', 'client-ca', clientExtensions);
  makeLeaf('stranger', 'wrong-ca', clientExtensions);
  [tlsProxy, mtlsProxy] = await Promise.all([
    startTlsProxy(inject('temporalAddress')),
    startTlsProxy(inject('temporalAddress'), 'client-ca'),
  ]);
});
afterAll(async () => {
  await Promise.all([tlsProxy?.close(), mtlsProxy?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const tlsEnv = (proxy: Proxy, extra: Record<string, string> = {}) => ({
  TEMPORAL_ADDRESS: proxy.address,
  TEMPORAL_TLS_CA: file('ca.crt'),
  TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
  ...extra,
});

/**
 * Connecting with these options fails for both the client's and the worker's connection (the
 * worker's error names the TLS reason; the client's only says it found no server in time).
 */
async function expectRefused(env: Record<string, string>, workerReason: RegExp) {
  const options = temporalConnectionOptions(loadApiConfig(env).temporal);
  // The client's connection only says it could not connect (before its deadline, or at once).
  await expect(Connection.connect({ ...options, connectTimeout: 3000 })).rejects.toThrow();
  await expect(NativeConnection.connect(options)).rejects.toThrow(workerReason);
}

/** One real RPC through the API's client connection and one through the worker's. */
async function describeThroughBoth(temporal: TemporalConfig) {
  const client = await connectTemporalClient(temporal);
  try {
    const ns = await client.workflowService.describeNamespace({ namespace: 'default' });
    expect(ns.namespaceInfo?.name).toBe('default');
  } finally {
    await client.connection.close();
  }
  const native = await NativeConnection.connect(temporalConnectionOptions(temporal));
  try {
    const ns = await native.workflowService.describeNamespace({ namespace: 'default' });
    expect(ns.namespaceInfo?.name).toBe('default');
  } finally {
    await native.close();
  }
}

describe('Temporal over TLS', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('runs a workflow with the API client and the worker both connected through TLS (server CA + SNI override)', async () => {
    const before = tlsProxy.seen.length;
    const taskQueue = uniqueTaskQueue('tls');
    const env = { ...tlsEnv(tlsProxy), TEMPORAL_TASK_QUEUE: taskQueue };
    const apiConfig = loadApiConfig(env);
    const workerConfig = loadWorkerConfig(env);
    expect(apiConfig.temporal.tls).toMatchObject({ enabled: true, serverName: SERVER_NAME });

    const client = await connectTemporalClient(apiConfig.temporal);
    const { worker, connection } = await createSyncWorker(
      workerConfig.temporal,
      {
        db: database.db,
        qbo: createQboServices(database.db, workerConfig.qbo, workerConfig.tokenEncryptionKey),
      },
      {
        workflowsPath: testFile('./support/roundtrip-workflows.ts', import.meta.url),
        activities: createRoundTripActivities(database.sql),
      },
    );
    try {
      const workflowId = `tls-${taskQueue}`;
      const result = await worker.runUntil(
        client.workflow.execute<typeof roundTrip>('roundTrip', { taskQueue, workflowId, args: ['tls'] }),
      );
      expect(result).toEqual({ written: `tls:${workflowId}`, readBack: `tls:${workflowId}` });
    } finally {
      await client.connection.close();
      await connection.close();
    }
    // Both connections went through the proxy, over TLS with h2 and the overridden server name.
    const seen = tlsProxy.seen.slice(before);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const s of seen) expect(s).toMatchObject({ servername: SERVER_NAME, alpn: 'h2' });
  });

  it('connects with an API key (TLS implied, the key sent as apiKey with the namespace header)', async () => {
    const before = tlsProxy.seen.length;
    const config = loadApiConfig({
      ...tlsEnv(tlsProxy),
      TEMPORAL_API_KEY: 'test-api-key-not-checked-by-dev-server',
    });
    expect(config.temporal.tls?.enabled).toBe(true);
    await describeThroughBoth(config.temporal);
    expect(tlsProxy.seen.length - before).toBeGreaterThanOrEqual(2);
  });

  it('refuses a server whose certificate the configured CA did not sign', async () => {
    await expectRefused(tlsEnv(tlsProxy, { TEMPORAL_TLS_CA: file('wrong-ca.crt') }), /UnknownIssuer/);
  });

  it('refuses the server certificate without the server-name override (it names temporal.test, not 127.0.0.1)', async () => {
    const { TEMPORAL_TLS_SERVER_NAME: _unused, ...env } = tlsEnv(tlsProxy);
    await expectRefused(env, /NotValidForName/);
  });

  it('cannot talk plain text to a TLS endpoint', async () => {
    await expectRefused({ TEMPORAL_ADDRESS: tlsProxy.address }, /transport error/);
  });
});

describe('Temporal over mTLS', () => {
  it('connects the client and the worker with the configured client certificate pair', async () => {
    const before = mtlsProxy.seen.length;
    const config = loadApiConfig(
      tlsEnv(mtlsProxy, { TEMPORAL_TLS_CERT: file('client.crt'), TEMPORAL_TLS_KEY: file('client.key') }),
    );
    await describeThroughBoth(config.temporal);
    const seen = mtlsProxy.seen.slice(before);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const s of seen) expect(s).toMatchObject({ servername: SERVER_NAME, alpn: 'h2', clientCert: true });
  });

  it('is refused without a client certificate, or with one the server does not trust', async () => {
    // How the worker's native connection words the refusal varies with timing (TLS 1.3: the server
    // refuses the certificate after the client's side of the handshake is done), so any refusal
    // counts; the trusted pair connecting (the test above) shows the refusal is the certificate's.
    await expectRefused(tlsEnv(mtlsProxy), /./);
    await expectRefused(
      tlsEnv(mtlsProxy, { TEMPORAL_TLS_CERT: file('stranger.crt'), TEMPORAL_TLS_KEY: file('stranger.key') }),
      /./,
    );
  });
});
