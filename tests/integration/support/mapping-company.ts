// A QBO company in the emulator, spoken to over plain HTTP the way QuickBooks' API is: connected
// through the OAuth code flow, then create/read/query calls. For the mapping-emulator.*.test.ts
// files, which push mapper output straight into the emulator with no sync code in between.
import { expect } from 'vitest';

export type Json = Record<string, unknown>;
export type Reply = { status: number; body: Json };

export const CLIENT = {
  id: 'mapping-client',
  secret: 'mapping-secret',
  redirect: 'http://localhost:3998/callback',
};

export class Company {
  constructor(
    readonly base: string,
    readonly realmId: string,
    readonly token: string,
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string> = {},
  ): Promise<Reply> {
    const url = new URL(`${this.base}/v3/company/${this.realmId}/${path}`);
    url.searchParams.set('minorversion', '75');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** POST /{entity}; returns the created object or throws with QBO's fault. */
  async create(entity: string, body: unknown, query: Record<string, string> = {}): Promise<Json> {
    const reply = await this.call('POST', entity.toLowerCase(), body, query);
    const created = reply.body[entity] as Json | undefined;
    if (reply.status !== 200 || !created)
      throw new QboFault(entity, reply.status, reply.body, JSON.stringify(body));
    return created;
  }

  async read(entity: string, id: string): Promise<Json> {
    const reply = await this.call('GET', `${entity.toLowerCase()}/${id}`);
    return reply.body[entity] as Json;
  }

  async query<T = Json>(entity: string, where = ''): Promise<T[]> {
    const reply = await this.call('GET', 'query', undefined, {
      query: `select * from ${entity} ${where} maxresults 1000`,
    });
    const rows = (reply.body['QueryResponse'] as Json | undefined)?.[entity];
    return (rows ?? []) as T[];
  }
}

export class QboFault extends Error {
  readonly code: string | undefined;
  constructor(entity: string, status: number, body: Json, request: string) {
    const error = ((body['Fault'] as Json | undefined)?.['Error'] as Json[] | undefined)?.[0];
    super(`${entity} create failed (${status}): ${JSON.stringify(body)}\nrequest: ${request}`);
    this.code = error?.['code'] as string | undefined;
  }
}

export async function control(base: string, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${base}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as Json;
}

/** A company through the OAuth code flow: authorize (no redirect follow) → code → bearer token. */
export async function connect(base: string, realm: Json): Promise<Company> {
  const { realmId } = (await control(base, 'POST', '/realms', realm)) as { realmId: string };
  const authorize = new URL(`${base}/connect/oauth2`);
  authorize.search = new URLSearchParams({
    client_id: CLIENT.id,
    redirect_uri: CLIENT.redirect,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    state: 'mapping',
    realmId,
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const tokenRes = await fetch(`${base}/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirect }),
  });
  expect(tokenRes.status).toBe(200);
  const tokens = (await tokenRes.json()) as { access_token: string };
  return new Company(base, realmId, tokens.access_token);
}
