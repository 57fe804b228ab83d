// No secret in anything a run leaves behind (issue 16, item 4). After a tenant's whole life in
// one run (./support/secret-scan-run.ts: OAuth connect, an initial sync meeting 429s, 5xx, lost
// answers and an expired access token, live hooks, a revoked grant and a reconnect, support on the
// page and the API, a disconnect), none of the credentials it involved (every access and refresh
// token and authorization code the emulator issued, the OAuth client secret, the API token, the
// hook secret, the metrics token, the token-encryption key, the hooks' signatures) may appear in
// the API's or the worker's logs (both at `trace`), the page or any API answer, /metrics, any
// workflow history, or the database (where the tokens are stored encrypted only).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger, REDACTED } from '../../config/logger';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { describeFindings, needlesOf, SecretScanner, type Secret } from './support/secret-scan';
import { runScan, type ScanRun } from './support/secret-scan-run';
import { startScanStack, type ScanStack } from './support/secret-scan-stack';
import { readableProto } from './support/secret-scan-sources';
import { connectTestTemporal } from './support/temporal';

/** A pino line as the services write it, through the service's own logger (redaction included). */
function logLine(message: string, fields: Record<string, unknown>): string {
  const lines: string[] = [];
  createLogger('worker', 'trace', (line) => lines.push(line)).warn(message, fields);
  return lines.join('\n');
}

describe('the secret scanner', () => {
  // Two access tokens with one fixed header (the emulator's, like Intuit's): only the rest is theirs.
  const header = 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..';
  const token = `${header}${'k3Jq9ZxQ2wLm8NvB'.repeat(12)}`;
  const hookSecret = 'planted-hook-secret-6f1c2a9e';
  const clientSecret = 'planted/client+secret=42abc';
  const secrets: Secret[] = [
    { name: 'access token', value: token },
    { name: 'access token #2', value: `${header}${'Hh7TfR0pYc4sWe1U'.repeat(12)}` },
    { name: 'hook secret', value: hookSecret },
    { name: 'client secret', value: clientSecret },
  ];
  const scanner = new SecretScanner(secrets);
  const found = (text: string) => scanner.scan('log', text).map((f) => `${f.secret} (${f.form})`);

  it('finds a secret planted in a log line, in every form it leaks in', () => {
    expect(found(logLine(`refresh failed for ${hookSecret}`, {}))).toEqual(['hook secret (verbatim)']);
    expect(found(logLine('QBO call', { headers: { Authorization: `Bearer ${token}` } }))).toEqual([]);
    expect(found(logLine('QBO call', { request: { auth: `Bearer ${token}` } }))).toContain(
      'access token (verbatim)',
    );
    // Cut short, the way a careless "first 100 characters" would log it.
    expect(found(logLine('token', { prefix: token.slice(0, 100) }))).toContain('access token (piece at 48)');
    expect(found(`GET /cb?secret=${encodeURIComponent(clientSecret)}`)).toEqual([
      'client secret (percent-encoded)',
    ]);
    const basic = Buffer.from(clientSecret).toString('base64');
    expect(found(`authorization: Basic ${basic}`)).toContain('client secret (base64)');
  });

  it('finds nothing where there is no secret, and masks the secrets it shows', () => {
    expect(
      found(logLine('sync finished', { tenantId: 't-1', synced: 12, header: token.slice(0, 48) })),
    ).toEqual([]);
    const [finding] = scanner.scan('page', `<p>${token}</p>`);
    expect(finding?.context).toBe('<p>«access token»</p>');
  });

  it('refuses a secret too short to be looked for without false alarms', () => {
    expect(() => needlesOf({ name: 'short', value: 'abc123' })).toThrow(/too short/);
  });

  it('reads the bytes of a history payload as text', () => {
    const data = new TextEncoder().encode(JSON.stringify({ token: 'inside-a-payload-0123456789' }));
    const history = { events: [{ input: { payloads: [{ metadata: {}, data }] } }] };
    expect(JSON.stringify(readableProto(history))).toContain('inside-a-payload-0123456789');
  });
});

// The worker runs as a process of its own (its whole output is scanned): that needs PostgreSQL.
const onServer = inject('databaseUrl') !== '';

describe.runIf(onServer)('no secret in what a synced tenant leaves behind', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: ScanStack | undefined;
  let run: ScanRun;
  let scanner: SecretScanner;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    stack = await startScanStack(database, temporal);
    run = await runScan(database, temporal, stack);
    scanner = new SecretScanner(run.secrets);
    // The whole run (sync with faults, expiry, revoke, reconnect): ~45 s alone, over 120 s once
    // in a CI run beside the other files on 2 cores.
  }, 360_000);
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  const clean = (findings: ReturnType<SecretScanner['scan']>) =>
    expect(describeFindings(findings)).toEqual([]);

  it('looks for every credential of the run, the real values the emulator issued', () => {
    const { accessTokens, refreshTokens, codes } = run.issued;
    // Access tokens from the connect, the refresh after the 401 and the reconnect; a refresh token
    // and an authorization code from each consent.
    expect(accessTokens.length).toBeGreaterThanOrEqual(3);
    expect(refreshTokens.length).toBeGreaterThanOrEqual(2);
    expect(codes.length).toBeGreaterThanOrEqual(2);
    expect(scanner.names).toEqual(
      expect.arrayContaining(['OAuth client secret', 'API token', 'hook secret']),
    );
    expect(scanner.names).toEqual(expect.arrayContaining(['metrics token', 'token-encryption key']));
    // The stored tokens are ones the emulator issued: the scan looks for what the service really held.
    expect(accessTokens).toContain(run.tokenColumns.decrypted[0]);
    expect(refreshTokens).toContain(run.tokenColumns.decrypted[1]);
  });

  it('finds a real token planted in a worker log line (the scan can fail)', () => {
    const refreshToken = run.tokenColumns.decrypted[1] ?? '';
    const planted = `${run.workerLog}\n${logLine('refresh refused', { error: `invalid_grant for ${refreshToken}` })}`;
    expect(scanner.scan('worker log', planted).map((f) => f.form)).toContain('verbatim');
    // The logger's redaction still hides the same value under a listed key.
    const redacted = logLine('refresh refused', { refreshToken });
    expect(redacted).toContain(REDACTED);
    clean(scanner.scan('redacted line', redacted));
  });

  it('no log line of the API or the worker holds one', () => {
    expect(run.apiLog.length).toBeGreaterThan(5);
    expect(run.apiLog.join('\n')).toContain(run.tenantId);
    // The worker logged at trace, from its start to its drained stop.
    expect(run.workerLog.split('\n').length).toBeGreaterThan(20);
    expect(run.workerLog).toContain('"level":"trace","time"');
    expect(run.workerLog).toMatch(/"process":"worker".*"msg":"stopped"/);
    clean([...scanner.scan('API log', run.apiLog.join('\n')), ...scanner.scan('worker log', run.workerLog)]);
  });

  it('no page, API answer or /metrics holds one', () => {
    const labels = run.responses.map((r) => r.label).join('\n');
    expect(labels).toMatch(/GET \/tenants\/[^ ]+\/quickbooks\?status=failed → 200/);
    expect(labels).toMatch(/GET \/api\/v1\/qbo\/callback\?.* → 200/);
    expect(labels).toMatch(/GET \/api\/v1\/tenants\/[^ ]+\/qbo\/log\?limit=100 → 200/);
    expect(labels).toContain('GET /api/v1/openapi.json → 200');
    expect(run.metrics).toContain('qbo_sync_records_total');
    clean([...scanner.scanAll('API answer', run.responses), ...scanner.scan('/metrics', run.metrics)]);
  });

  it('no workflow history holds one, payloads included', () => {
    const types = new Set(run.histories.map((h) => h.label.split(' ')[0]));
    expect([...types]).toEqual(expect.arrayContaining(['initialSync', 'syncEntitySet', 'recordSync']));
    const ids = run.histories.map((h) => h.label.split(' ')[1]);
    expect(ids).toEqual(expect.arrayContaining(run.hookWorkflows));
    expect(run.histories.some((h) => h.text.includes(run.tenantId))).toBe(true);
    clean(scanner.scanAll('workflow history', run.histories));
  });

  it('the database holds the tokens only encrypted, and no other secret', () => {
    for (const stored of run.tokenColumns.stored) expect(stored).toMatch(/^v1\./);
    clean(scanner.scan('token columns', run.tokenColumns.stored.join('\n')));
    expect(run.rows.length).toBeGreaterThan(5);
    clean(scanner.scanAll('database', run.rows));
  });
});
