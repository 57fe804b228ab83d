// `npm run demo` with Intuit sandbox keys, end to end: the real script in a child process, with
// QBO_CLIENT_ID/SECRET set (so QBO_ENVIRONMENT resolves to sandbox) and QBO_TEST_INTUIT_BASE_URL
// pointing every Intuit URL at an emulator that plays Intuit. The demo must start no emulator,
// print the management-page link, and wait; Chromium opens the link and presses "Connect to
// QuickBooks" like a user (the emulator's consent page redirects straight back); the demo then
// applies settings read from the company, runs the initial sync and simulates BPro activity
// until Ctrl-C (SIGINT), which must stop it cleanly.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { accountsSchema, connectionSchema, settingsViewSchema } from '../../api/schemas';
import { DEV_API_TOKEN } from '../../config/fragments';
import { createQboEmulator } from '../../qbo-emulator/server';
import { openEmptyDatabase, uniqueTenantId } from '../support/database';
import { uniqueTaskQueue } from '../integration/support/temporal';
import { launchChromium } from './support/browser';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLIENT = { clientId: 'intuit-dev-keys-stand-in', clientSecret: 'intuit-dev-secret-stand-in' };
const COMPANY = 'Sandbox Company_US_1';
const TIME_SCALE = 20;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The demo as `npm run demo` runs it (tsx), with its output collected. */
function startDemo(env: NodeJS.ProcessEnv, args: string[]) {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo.ts', ...args],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    /** Resolves with the first match of `pattern` in the output; fails early if the demo exits. */
    async waitFor(pattern: RegExp, timeoutMs: number, times = 1): Promise<RegExpMatchArray> {
      const deadline = Date.now() + timeoutMs;
      const all = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
      for (;;) {
        const match = output.match(pattern);
        if (match && (output.match(all)?.length ?? 0) >= times) return match;
        if (child.exitCode !== null)
          throw new Error(`demo exited (${child.exitCode}) before ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

// The demo child opens its own pool on the database: embedded PGlite (no server reachable) is a
// single session inside this process and cannot be shared, so this runs against a server only.
const onServer = inject('databaseUrl') !== '';
if (!onServer) console.warn('demo-sandbox.test.ts skipped: it needs a PostgreSQL server (DATABASE_URL).');

describe.runIf(onServer)('npm run demo with Intuit sandbox keys', () => {
  const emulator = createQboEmulator();
  let emulatorUrl: string;
  let database: Awaited<ReturnType<typeof openEmptyDatabase>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let port: number;
  let realmId: string;
  let demo: ReturnType<typeof startDemo>;
  const tenantId = uniqueTenantId('demo-sbx');
  const api = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/tenants/${tenantId}${path}`, {
      headers: { authorization: `Bearer ${DEV_API_TOKEN}` },
    });
    expect(res.status).toBe(200);
    return await res.json();
  };

  /** The environment of a developer with Intuit Development keys (and, here, a stand-in for Intuit). */
  const demoEnv = (apiPort: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    QBO_CLIENT_ID: CLIENT.clientId,
    QBO_CLIENT_SECRET: CLIENT.clientSecret,
    QBO_TEST_INTUIT_BASE_URL: emulatorUrl,
    PORT: String(apiPort),
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('demo-sandbox'),
  });

  beforeAll(async () => {
    [{ url: emulatorUrl }, database, chromium, port] = await Promise.all([
      emulator.listen(0),
      openEmptyDatabase(),
      launchChromium(),
      freePort(),
    ]);
    const control = (path: string, body: unknown) =>
      fetch(`${emulatorUrl}/__emulator${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // What the developer registers at Intuit: the app's keys and the redirect URI the demo uses
    // by default (QBO_REDIRECT_URI unset: http://localhost:$PORT/api/v1/qbo/callback).
    await control('/clients', {
      ...CLIENT,
      redirectUris: [`http://localhost:${port}/api/v1/qbo/callback`],
    });
    // The sandbox company the user picks on Intuit's consent page (the emulator consents to it).
    realmId = ((await (await control('/realms', { companyName: COMPANY })).json()) as { realmId: string })
      .realmId;
    // QBO's limits, on a clock 20× faster; the demo's own rate limiter is told the same below
    // (--time-scale, honoured only with QBO_TEST_INTUIT_BASE_URL), so the run stays short.
    await fetch(`${emulatorUrl}/__emulator/limits`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeScale: TIME_SCALE }),
    });

    demo = startDemo(demoEnv(port), [
      '--tenant',
      tenantId,
      '--hook-interval',
      '0.3',
      '--connect-timeout',
      '90',
      '--time-scale',
      String(TIME_SCALE),
      '--no-browser',
    ]);
  });

  afterAll(async () => {
    if (demo && demo.child.exitCode === null) {
      demo.child.kill('SIGKILL');
      await demo.exited;
    }
    await chromium?.close();
    await database?.close();
    await emulator.close();
  });

  it('starts no emulator, keeps the tenant tiny and prints the page to connect from', async () => {
    const [, link] = await demo.waitFor(
      /(http:\/\/localhost:\d+\/tenants\/[^/\s]+\/quickbooks\?t=\d+&sig=[\w-]+)/,
      45_000,
    );
    await demo.waitFor(/Waiting for the QuickBooks consent in the browser/, 10_000);
    const out = demo.output();
    expect(out).toContain('an Intuit sandbox company');
    expect(out).toContain('No emulator.');
    expect(out).not.toMatch(/QBO emulator (started|found)/);
    expect(out).toContain(`size tiny`);
    expect(out).toMatch(/Records are\s+created in that company/);
    expect(out).toContain(`QBO_REDIRECT_URI = http://localhost:${port}/api/v1/qbo/callback`);
    expect(out).toContain('no browser was opened from here');
    expect(out).not.toContain(CLIENT.clientSecret);
    // Nothing connected before the user consents.
    expect(connectionSchema.parse(await api('/qbo/connection')).status).toBe('disconnected');

    // The user: opens the link, presses Connect, consents at "Intuit", comes back connected.
    const page = await chromium.context.newPage();
    await page.goto(link ?? '');
    await page.getByRole('button', { name: 'Connect to QuickBooks' }).click();
    await page.waitForURL(/done=connected/);
    expect((await page.locator('#company-name').textContent())?.trim()).toBe(COMPANY);

    await demo.waitFor(/Connected to the QuickBooks company "Sandbox Company_US_1"/, 15_000);
    const connection = connectionSchema.parse(await api('/qbo/connection'));
    expect(connection).toMatchObject({ status: 'connected', realmId, environment: 'sandbox' });
  });

  it('applies settings from the company: its Checking account, and only the methods it has by name', async () => {
    const [, missing] = await demo.waitFor(
      /Not in QuickBooks, so not synced: (.+?)(?: \(create|\.\n)/,
      15_000,
    );
    expect(demo.output()).toMatch(/refund account "Checking" \(Bank\)/);
    const settings = settingsViewSchema.parse(await api('/qbo/settings'));
    const { accounts } = accountsSchema.parse(await api('/qbo/accounts?kind=cash'));
    expect(settings.refundAccount?.id).toBe(accounts.find((a) => a.name === 'Checking')?.id);
    expect(settings.paymentMethods.length).toBeGreaterThan(1);
    for (const m of settings.paymentMethods) expect(m.enabled).toBe(m.qboMatch === true);
    const absent = settings.paymentMethods.filter((m) => m.qboMatch === false).map((m) => m.name);
    expect(absent.length).toBeGreaterThan(0); // the generator's "Debit"/"Amex"/"Account"
    expect(missing?.split(', ')).toEqual(absent);
  });

  it('runs the initial sync into that company, then simulates BPro activity until Ctrl-C', async () => {
    await demo.waitFor(/Initial sync completed:/, 40_000);
    expect(demo.output()).toMatch(/\[#+\] \d+\/\d+/); // the progress bar
    expect(demo.output()).toContain(`sandbox company, realm ${realmId}: records are created there`);
    await demo.waitFor(/\] hook \w+\/\w+: .+ → record-sync:/, 20_000, 3);

    const stats = (await (await fetch(`${emulatorUrl}/__emulator/realms/${realmId}/stats`)).json()) as {
      requests: number;
      entities: Record<string, number>;
    };
    expect(stats.entities['Invoice']).toBeGreaterThan(0);
    expect(stats.entities['Payment']).toBeGreaterThan(0);

    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    const [, stopping = ''] = demo.output().split('Stopping ...');
    expect(stopping).not.toMatch(/error/i); // every part stopped without complaint
  });

  it('refuses a QBO_REDIRECT_URI the API would not answer, before starting anything', async () => {
    const wrong = startDemo(
      { ...demoEnv(port), QBO_REDIRECT_URI: `http://localhost:${port + 1}/api/v1/qbo/callback` },
      ['--tenant', uniqueTenantId('demo-sbx'), '--no-browser'],
    );
    expect(await wrong.exited).toBe(1);
    expect(wrong.output()).toContain(`points at port ${port + 1} but the API listens on PORT=${port}`);
    expect(wrong.output()).not.toContain('Temporal:');
  });

  it('stops after --connect-timeout when the callback never arrives, saying what to register at Intuit', async () => {
    const otherPort = await freePort();
    const waiting = startDemo(demoEnv(otherPort), [
      '--tenant',
      uniqueTenantId('demo-sbx'),
      '--connect-timeout',
      '10',
      '--no-browser',
    ]);
    await waiting.waitFor(/Waiting for the QuickBooks consent/, 30_000);
    expect(await waiting.exited).toBe(1);
    const out = waiting.output();
    expect(out).toContain('no QuickBooks connection arrived within 10 s (--connect-timeout)');
    expect(out).toMatch(/Redirect URIs[^\n]*\n\s+http:\/\/localhost:\d+\/api\/v1\/qbo\/callback/);
    expect(out).toContain(`        http://localhost:${otherPort}/api/v1/qbo/callback`);
    expect(out).toContain('Stopping ...');
  });
});
