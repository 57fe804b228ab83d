// `npm run build` then `npm run start:prod`: the compiled API and worker run under plain `node`
// (no tsx, no TypeScript at run time) with the workflow bundle the build made, and answer the
// probes; SIGTERM stops them with exit code 0.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../scripts/lib/paths';
import { freePort } from '../../scripts/lib/temporal-dev-server';
import { openEmptyDatabase } from '../support/database';

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const DIST = join(PROJECT_ROOT, 'dist');

let database: Awaited<ReturnType<typeof openEmptyDatabase>>;
let server: ChildProcess | undefined;
let base = '';
let output = '';

/** The command lines of a process and all its descendants (Linux /proc). */
function commandLines(pid: number): string[] {
  const lines = [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')];
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  for (const child of children.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter(Boolean))
    lines.push(...commandLines(child));
  return lines;
}

async function waitFor(path: string, status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await fetch(`${base}${path}`).then(
      (r) => r.status,
      () => 0,
    );
    if (answer === status) return;
    if (Date.now() > deadline) throw new Error(`${path} never answered ${status}; output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the production build', () => {
  beforeAll(async () => {
    const built = spawnSync(TSX, ['scripts/build.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    database = await openEmptyDatabase();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      // Its own task queue: the shared dev server's other workers must not take its tasks.
      TEMPORAL_TASK_QUEUE: `prod-build-${process.pid}`,
      LOG_LEVEL: 'warn',
    };
    const migrated = spawnSync(process.execPath, ['dist/migrate.js'], {
      cwd: PROJECT_ROOT,
      env,
      encoding: 'utf8',
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/start.js'], {
      cwd: PROJECT_ROOT,
      env: { ...env, PORT: String(port), SHUTDOWN_GRACE_SECONDS: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await waitFor('/readyz', 200, 60_000);
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await database?.close();
  });

  it('compiles the entry points and prebuilds the workflow bundle', () => {
    for (const file of ['api.js', 'worker.js', 'start.js', 'migrate.js', 'workflow-bundle.js'])
      expect(existsSync(join(DIST, file)), file).toBe(true);
  });

  it('runs under plain node: no tsx, no TypeScript, no bundling at start', async () => {
    const pid = server?.pid ?? 0;
    const lines = commandLines(pid);
    expect(lines[0]).toContain('dist/start.js');
    expect(lines.join('\n')).not.toMatch(/tsx|\.ts\b/);
    // The prebuilt bundle is used: no child process bundles the workflows.
    expect(lines).toHaveLength(1);
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    const health = await fetch(`${base}/api/v1/health`);
    expect(health.status).toBe(401);
  });

  it("serves our metrics and the Temporal SDK's at the API's /metrics (API and worker in one process)", async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^# TYPE qbo_sync_qbo_requests_total counter$/m);
    expect(text).toMatch(/^# TYPE qbo_sync_hooks_received_total counter$/m);
    expect(text).toMatch(/^temporal_\w+/m);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
    server?.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
