// The API's description: an OpenAPI 3.1 document generated from the routes' zod schemas, and the
// reference page rendered from it. Both public; neither needs Temporal or a QuickBooks company.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../api/openapi/document';
import { operations } from '../../api/openapi/operations';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { startQboStack, type QboStack } from './support/qbo-stack';
import { connectTestTemporal } from './support/temporal';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters: Array<{ name: string; in: string; required: boolean }>;
        requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

describe('OpenAPI document and reference page', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let stack: QboStack;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([openTestDatabase(), connectTestTemporal()]);
    stack = await startQboStack(database.db, temporal.client);
  });
  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await database?.close();
  });

  it('serves an OpenAPI 3.1 document of every v1 operation without a token', async () => {
    const res = await fetch(`${stack.apiUrl}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(listed.sort()).toEqual(operations.map((o) => `${o.method} ${o.path}`).sort());
    for (const must of [
      'put /tenants/{tenantId}',
      'put /tenants/{tenantId}/qbo/settings',
      'post /hooks/bpro',
      'get /tenants/{tenantId}/qbo/log',
      'post /tenants/{tenantId}/qbo/records/{entity}/{id}/retry',
      'post /tenants/{tenantId}/qbo/records/retry-failed',
      'post /tenants/{tenantId}/qbo/records/{entity}/{id}/recreate',
      'post /tenants/{tenantId}/qbo/records/{entity}/{id}/unlink',
    ])
      expect(listed).toContain(must);
  });

  it('describes the shapes the routes parse, from the same zod schemas', () => {
    const doc = buildOpenApiDocument() as unknown as Doc;
    const settings = doc.components.schemas.SettingsInput;
    expect(Object.keys(settings?.properties ?? {}).sort()).toEqual([
      'paymentMethods',
      'refundAccountId',
      'startDate',
    ]);
    expect(doc.components.schemas.BproHook?.required?.sort()).toEqual([
      'entity',
      'event',
      'id',
      'occurredAt',
      'tenantId',
    ]);
    const log = doc.paths['/tenants/{tenantId}/qbo/log']?.get;
    expect(log?.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:tenantId:true',
      'query:status:false',
      'query:entity:false',
      'query:limit:false',
      'query:cursor:false',
    ]);
    const retryFailed = doc.paths['/tenants/{tenantId}/qbo/records/retry-failed']?.post;
    expect(retryFailed?.requestBody).toMatchObject({ required: false });
    expect(Object.keys(doc.components.schemas.RetryFailedInput?.properties ?? {})).toEqual(['entity']);
    expect(doc.components.schemas.SavedSettings?.required).toContain('queuedPayments');
    expect(JSON.stringify(doc.components.schemas.RecordStatus?.properties?.status ?? {})).toContain(
      'needs_attention',
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'Connection', 'Settings', 'InitialSync', 'LogEntry', 'RecordStatus']),
    );
  });

  it('renders the reference page from the document, with no scripts from elsewhere', async () => {
    const res = await fetch(`${stack.apiUrl}/api/v1/reference`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('<code>PUT /api/v1/tenants/{tenantId}/qbo/settings</code>');
    expect(page).toContain('id="schema-SettingsInput"');
    expect(page).toContain('refundAccountId');
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });
});
