// SIGTERM to the real entry points (issue 14): config/process.ts exits 0 once stopped (even with
// a handle left open) and hard-exits 1 when a stop hangs past the grace period plus its margin;
// `npm run api` stops at once; `npm start` (API + worker in one process) answers hooks 503 with
// Retry-After and /readyz 503 while its worker finishes the page it holds, then exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { temporal as temporalProto } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signHook } from '../../api/hook-signature';
import { HARD_EXIT_MARGIN_SECONDS } from '../../config/process';
import { launchStack, type Stack } from '../../scripts/lib/stack/launch';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { qboStackOf, testStackOptions, type QboStack } from './support/qbo-stack';
import { seedConnectedTenant } from './support/sync-harness';
import { connectTestTemporal, uniqueTaskQueue } from './support/temporal';

const onServer = inject('databaseUrl') !== '';
const entry = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const HOOK_SECRET = 'processes-test-hook-secret-0123456789';

type Child = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; ms: number }>;
};
const children: ChildProcess[] = [];

/** Runs `args` under node with tsx; its output is kept; `exited` times from the last SIGTERM. */
function start(args: string[], env: NodeJS.ProcessEnv): Child & { term: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let termAt = Date.now();
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, ms: Date.now() - termAt })),
  );
  return {
    child,
    output: () => output,
    exited,
    term: () => {
      termAt = Date.now();
      child.kill('SIGTERM');
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const started = (c: Child) =>
  until('the process to start', () => Promise.resolve(c.output().includes('started: ')));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('runProcess (config/process.ts)', () => {
  const script = (runForever: boolean) => `
    import { runProcess } from ${JSON.stringify(entry('../../config/process.ts'))};
    await runProcess('probe', async () => {
      let finish = () => {};
      const done = new Promise((resolve) => (finish = resolve));
      setInterval(() => {}, 1000); // a handle left open
      return {
        description: 'a test process', shutdownGraceSeconds: 0, run: () => done,
        stop: () => { if (!${runForever}) finish(); }, cleanup: async () => {},
      };
    });`;

  it('exits 0 once stopped, though a handle is still open', async () => {
    const p = start(['--input-type=module', '-e', script(false)], {});
    await started(p);
    p.term();
    expect(await p.exited).toMatchObject({ code: 0 });
    expect(p.output()).toContain('"msg":"stopped"');
  });

  it('exits 1 when the stop is still hanging after the grace period and its margin', async () => {
    const p = start(['--input-type=module', '-e', script(true)], {});
    await started(p);
    p.term();
    const exit = await p.exited;
    expect(exit.code).toBe(1);
    expect(exit.ms).toBeGreaterThanOrEqual(HARD_EXIT_MARGIN_SECONDS * 1000 - 100);
    expect(p.output()).toContain('still stopping after the grace period');
  }, 30_000);
});

describe.runIf(onServer)('the service processes on SIGTERM', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: Stack;
  let qbo: QboStack;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    stack = await launchStack({
      ...testStackOptions(
        { db: database.db, url: database.url, embedded: database.embedded },
        { client: temporal.client, address: temporal.address },
        { perMinute: null, perSecond: null, batchPerMinute: null },
        { env: { HOOK_SECRET, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_SECONDS: '20' } },
      ),
      taskQueue: uniqueTaskQueue('processes'),
    });
    qbo = qboStackOf(stack);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await temporal?.close();
    await database?.close();
  });

  it('`npm run api` answers its probes, then stops and exits 0 at once', async () => {
    const port = await freePort();
    const api = start([entry('../../api/main.ts')], { ...stack.env, PORT: String(port) });
    await started(api);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    api.term();
    const exit = await api.exited;
    expect(exit.code, api.output()).toBe(0);
    expect(exit.ms).toBeLessThan(5_000);
  });

  /** Whether a worker holds a syncPage activity of the tenant's workflows now. */
  async function pageInFlight(tenantId: string): Promise<boolean> {
    const query = `BproTenantId = ${JSON.stringify(tenantId)} AND ExecutionStatus = "Running"`;
    const started = temporalProto.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
    for await (const w of temporal.client.workflow.list({ query })) {
      const { raw } = await temporal.client.workflow.getHandle(w.workflowId).describe();
      if (raw.pendingActivities?.some((a) => a.activityType?.name === 'syncPage' && a.state === started))
        return true;
    }
    return false;
  }

  it('`npm start` refuses hooks and is not ready while its worker drains, then exits 0', async () => {
    const { tenantId, realmId } = await seedConnectedTenant(qbo, database, { size: 'tiny', seed: 11 });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const service = start([entry('../../scripts/start.ts')], { ...stack.env, PORT: String(port) });
    await started(service);
    // Slow QBO calls: the page its worker holds at SIGTERM takes a few seconds to finish.
    expect((await qbo.control('PUT', '/faults', { realmId, latencyMs: 300 })).ok).toBe(true);
    const sync = await qbo.api(`/api/v1/tenants/${tenantId}/qbo/initial-sync`, { method: 'POST' });
    expect(sync.status).toBe(202);
    await until('a page being synced', () => pageInFlight(tenantId));

    const raw = JSON.stringify({
      tenantId,
      entity: 'customer',
      id: 'c-1',
      event: 'updated',
      occurredAt: new Date().toISOString(),
    });
    const hook = () =>
      fetch(`${base}/api/v1/hooks/bpro`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bpro-signature': signHook(HOOK_SECRET, raw) },
        body: raw,
      });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    service.term();
    await until('/readyz to answer 503', async () => (await fetch(`${base}/readyz`)).status === 503);
    const refused = await hook();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(await refused.json()).toMatchObject({ error: { code: 'shutting_down' } });
    expect((await fetch(`${base}/livez`)).status).toBe(200);

    const exit = await service.exited;
    expect(exit.code, service.output()).toBe(0);
    expect(exit.ms).toBeLessThan(20_000);
  }, 120_000);
});
