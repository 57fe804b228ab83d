// "Another app" connected to the same QuickBooks company: an OAuth app of its own (registered
// with the emulator, consented for the realm, its own access token) that queries the company's
// data API on a fixed timeline. QBO's limits are per company, so its calls use the budget our
// sync shares with it without our limiter seeing them (issue 13: a few calls/s of another app
// made a hook take 61 s).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BenchStack } from './stack';

export type ForeignAppResult = {
  ratePerSecond: number;
  calls: number;
  ok: number;
  /** Answered 429 (QBO's throttle): the company's budget was spent, partly by our sync. */
  throttled429: number;
  /** Any other answer, or no answer. */
  other: number;
};

const tokenResponse = z.object({ access_token: z.string() });

/** Registers an app of its own and returns an access token for `realmId`. */
async function foreignToken(stack: BenchStack, realmId: string): Promise<string> {
  const clientId = `bench-foreign-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(16).toString('hex');
  const redirectUri = 'http://127.0.0.1:9/foreign-app/callback';
  await stack.control('POST', '/clients', { clientId, clientSecret, redirectUris: [redirectUri] });
  const authorize = new URL(`${stack.emulator.url}/connect/oauth2`);
  const query = {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    state: 'foreign',
    realmId,
  };
  for (const [k, v] of Object.entries(query)) authorize.searchParams.set(k, v);
  const consent = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? 'http://x/').searchParams.get('code');
  if (!code) throw new Error(`the emulator's consent for the foreign app answered ${consent.status}`);
  const res = await fetch(`${stack.emulator.url}/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
  });
  if (!res.ok) throw new Error(`the foreign app's token exchange answered ${res.status}`);
  return tokenResponse.parse(await res.json()).access_token;
}

/**
 * Starts the foreign app's calls (queries of the company's customers and items, alternately) at
 * `ratePerSecond` on a fixed timeline, each call not waiting for the one before; `stop()` ends
 * them and waits for the calls in flight.
 */
export async function startForeignApp(
  stack: BenchStack,
  realmId: string,
  ratePerSecond: number,
): Promise<{ stop: () => Promise<ForeignAppResult> }> {
  const token = await foreignToken(stack, realmId);
  const result: ForeignAppResult = { ratePerSecond, calls: 0, ok: 0, throttled429: 0, other: 0 };
  const queries = ['select * from Customer maxresults 10', 'select * from Item maxresults 10'];
  const call = async (i: number) => {
    const query = encodeURIComponent(queries[i % queries.length] ?? '');
    try {
      const res = await fetch(`${stack.emulator.url}/v3/company/${realmId}/query?query=${query}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      await res.arrayBuffer();
      if (res.ok) result.ok += 1;
      else if (res.status === 429) result.throttled429 += 1;
      else result.other += 1;
    } catch {
      result.other += 1;
    }
  };
  const inFlight = new Set<Promise<void>>();
  const start = Date.now();
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped; i += 1) {
      const due = start + (i * 1000) / ratePerSecond;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      if (stopped) break;
      result.calls += 1;
      const p = call(i).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await Promise.all(inFlight);
      return result;
    },
  };
}
