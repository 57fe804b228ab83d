// Calls to a stack's API as its operator makes them: the bearer token, JSON bodies, redirects
// answered rather than followed.
import type { z } from 'zod';

export type ApiClient = {
  /** The raw response. */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  /** Status and body (parsed when JSON). */
  call: <T = unknown>(path: string, init?: RequestInit) => Promise<{ status: number; body: T }>;
  /** A 2xx answer, checked against the schema the route answers with; throws otherwise. */
  json: <S extends z.ZodType>(schema: S, path: string, init?: RequestInit) => Promise<z.infer<S>>;
};

export function createApiClient(baseUrl: string, apiToken: string): ApiClient {
  const request = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${apiToken}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
      redirect: 'manual',
    });
  const call = async <T>(path: string, init: RequestInit = {}) => {
    const res = await request(path, init);
    const text = await res.text();
    const json = text && res.headers.get('content-type')?.includes('json');
    return { status: res.status, body: (json ? JSON.parse(text) : text) as T };
  };
  return {
    fetch: request,
    call,
    json: async (schema, path, init = {}) => {
      const res = await call(path, init);
      if (res.status < 200 || res.status > 299)
        throw new Error(
          `${init.method ?? 'GET'} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`,
        );
      return schema.parse(res.body);
    },
  };
}
