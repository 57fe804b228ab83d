// A minimal QBO data-API client over fetch, used by the contract suite. It returns status,
// headers and the parsed body (JSON or text) and never throws on HTTP errors.
export interface QboResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions walk arbitrary QBO JSON
}

export interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  token?: string | null;
}

export class QboClient {
  constructor(
    readonly apiBase: string,
    readonly realmId: string,
    public accessToken: string,
    private readonly minIntervalMs = 0,
  ) {}

  private last = 0;

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<QboResponse> {
    if (this.minIntervalMs > 0) {
      const wait = this.last + this.minIntervalMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.last = Date.now();
    }
    const url = new URL(`${this.apiBase}/v3/company/${this.realmId}/${path}`);
    url.searchParams.set('minorversion', '75');
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    const token = opts.token === undefined ? this.accessToken : opts.token;
    if (token !== null) headers['Authorization'] = `Bearer ${token}`;
    let body: string | Uint8Array | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  create(entity: string, body: unknown, query?: Record<string, string>): Promise<QboResponse> {
    return this.request('POST', entity.toLowerCase(), { body, ...(query ? { query } : {}) });
  }

  read(entity: string, id: string): Promise<QboResponse> {
    return this.request('GET', `${entity.toLowerCase()}/${id}`);
  }

  update(entity: string, body: unknown, query: Record<string, string> = {}): Promise<QboResponse> {
    return this.request('POST', entity.toLowerCase(), { body, query: { operation: 'update', ...query } });
  }

  remove(entity: string, body: unknown): Promise<QboResponse> {
    return this.request('POST', entity.toLowerCase(), { body, query: { operation: 'delete' } });
  }

  query(statement: string): Promise<QboResponse> {
    return this.request('GET', 'query', { query: { query: statement } });
  }

  batch(items: unknown[], query?: Record<string, string>): Promise<QboResponse> {
    return this.request('POST', 'batch', { body: { BatchItemRequest: items }, ...(query ? { query } : {}) });
  }

  /** First row of a query, or undefined. */
  async findOne(entity: string, where: string): Promise<Record<string, unknown> | undefined> {
    const r = await this.query(`select * from ${entity} where ${where}`);
    const body = r.json as { QueryResponse?: Record<string, unknown> } | undefined;
    const rows = body?.QueryResponse?.[entity] as Record<string, unknown>[] | undefined;
    return rows?.[0];
  }
}

/** Escapes a value for a QBO query literal. */
export function q(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

let counter = 0;
/** A name that is unique per run, so the suite can run repeatedly against one sandbox company. */
export function unique(prefix: string): string {
  counter++;
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`;
}
