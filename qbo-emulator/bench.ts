// `npm run bench:emulator`: the emulator's own throughput over HTTP with limits disabled:
// creates/s while building a 10,000-customer company, then queries/s against it.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createQboEmulator } from './server';

const args = z
  .object({
    customers: z.coerce.number().int().positive().default(10_000),
    queries: z.coerce.number().int().positive().default(2_000),
    concurrency: z.coerce.number().int().positive().max(512).default(32),
  })
  .parse(
    parseArgs({
      options: {
        customers: { type: 'string' },
        queries: { type: 'string' },
        concurrency: { type: 'string' },
      },
    }).values,
  );

const CLIENT = { clientId: 'bench', clientSecret: 'bench-secret', redirectUri: 'http://localhost/bench' };

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

async function connect(url: string): Promise<{ realmId: string; token: string }> {
  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/__emulator/clients', {
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUris: [CLIENT.redirectUri],
  });
  const realmId = String(
    (await json(await post('/__emulator/realms', { companyName: 'Bench Co' })))['realmId'],
  );
  await fetch(`${url}/__emulator/limits`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled: false }),
  });
  const auth = `${url}/connect/oauth2?${new URLSearchParams({ client_id: CLIENT.clientId, redirect_uri: CLIENT.redirectUri, response_type: 'code', scope: 'com.intuit.quickbooks.accounting', state: 'b' }).toString()}`;
  const code =
    new URL((await fetch(auth, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get(
      'code',
    ) ?? '';
  const tok = await fetch(`${url}/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLIENT.redirectUri,
    }).toString(),
  });
  return { realmId, token: String((await json(tok))['access_token']) };
}

/** Runs `n` calls of `task` with at most `concurrency` in flight; returns calls per second. */
async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const emulator = createQboEmulator();
  const { url } = await emulator.listen(0);
  const { realmId, token } = await connect(url);
  const base = `${url}/v3/company/${realmId}`;
  const headers = {
    Authorization: `Bearer ${token}`,
    Accept: 'application/json',
    'Content-Type': 'application/json',
  };
  let failures = 0;
  const check = async (res: Response) => {
    if (res.status !== 200) failures++;
    await res.arrayBuffer();
  };

  console.log(
    `QBO emulator benchmark: ${args.customers} customers, ${args.queries} queries of each kind, concurrency ${args.concurrency}`,
  );
  const creates = await pool(args.customers, args.concurrency, async (i) => {
    const body = {
      DisplayName: `Bench Customer ${i}`,
      GivenName: 'Bench',
      FamilyName: `No ${i}`,
      PrimaryEmailAddr: { Address: `c${i}@example.com` },
    };
    await check(
      await fetch(`${base}/customer?minorversion=75`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      }),
    );
  });
  console.log(`  creates (Customer)                     ${creates.toFixed(0).padStart(8)} /s`);

  const query = (stmt: string) =>
    fetch(`${base}/query?${new URLSearchParams({ query: stmt, minorversion: '75' }).toString()}`, {
      headers,
    });
  const byName = await pool(args.queries, args.concurrency, async (i) => {
    await check(
      await query(
        `select * from Customer where DisplayName = 'Bench Customer ${(i * 7919) % args.customers}'`,
      ),
    );
  });
  console.log(`  queries (DisplayName = …)              ${byName.toFixed(0).padStart(8)} /s`);
  const byId = await pool(args.queries, args.concurrency, async (i) => {
    await check(
      await fetch(`${base}/customer/${1 + ((i * 7919) % args.customers)}?minorversion=75`, { headers }),
    );
  });
  console.log(`  reads (GET /customer/:id)              ${byId.toFixed(0).padStart(8)} /s`);
  const pages = Math.max(1, Math.floor(args.queries / 20));
  const paged = await pool(pages, Math.min(args.concurrency, 8), async (i) => {
    await check(
      await query(
        `select * from Customer startposition ${1 + ((i * 1000) % args.customers)} maxresults 1000`,
      ),
    );
  });
  console.log(`  queries (pages of 1000 customers)      ${paged.toFixed(1).padStart(8)} /s`);
  console.log(`  QBO's own limit per realm: 10 requests/s (500/min). Failures: ${failures}`);
  await emulator.close();
  if (failures > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
