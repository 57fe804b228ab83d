// Support's tour of a tenant in the secret scan (./secret-scan-run.ts): the management page (signed
// in through a BPro link) with its log views a few pages back, every JSON route of the tenant, the
// API's description, and /metrics behind its token. Every answer must be 200; the fetch recorder
// keeps them all for the scan. Answers /metrics' text.
import { expect } from 'vitest';
import { signPageLink } from '../../../api/pages/access';
import type { QboStack } from './qbo-stack';
import type { RunSecrets } from './secret-scan-stack';

export async function browse(
  stack: QboStack,
  secrets: RunSecrets,
  tenantId: string,
  ids: { customer: string; order: string },
): Promise<string> {
  const { apiUrl } = stack;
  const page = `${apiUrl}/tenants/${tenantId}/quickbooks`;
  expect((await fetch(page, { redirect: 'manual' })).status).toBe(401);
  const link = await fetch(`${apiUrl}${signPageLink(secrets.apiToken, tenantId)}`, { redirect: 'manual' });
  expect(link.status).toBe(303);
  const cookie = (link.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const open = async (url: string) => {
    const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    expect(res.status, url).toBe(200);
    return res.text();
  };
  const views = [
    '',
    '?status=failed',
    '?status=warning',
    '?status=skipped',
    '?entity=customer',
    '?entity=invoice',
  ];
  for (const view of views) {
    // Older entries too, a few pages back.
    let html = await open(`${page}${view}`);
    for (let i = 0; i < 3; i++) {
      const older = /href="([^"]*cursor=[^"]*)#log">Older entries/.exec(html)?.[1];
      if (!older) break;
      html = await open(`${apiUrl}${older.replaceAll('&amp;', '&')}`);
    }
  }
  await open(`${page}/initial-sync.json`);

  const v1 = `/api/v1/tenants/${tenantId}/qbo`;
  const call = async (path: string) => {
    const res = await stack.api(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as { nextCursor?: string | null };
  };
  for (const path of ['/api/v1/health', '/api/v1/openapi.json', `${v1}/connection`, `${v1}/settings`])
    await call(path);
  for (const path of [`${v1}/initial-sync`, `${v1}/accounts?kind=cash`]) await call(path);
  await call(`${v1}/records/customer/${ids.customer}`);
  await call(`${v1}/records/invoice/${ids.order}`);
  let cursor: string | null | undefined = null;
  do
    cursor = (await call(`${v1}/log?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`))
      .nextCursor;
  while (cursor);
  expect((await fetch(`${apiUrl}/api/v1/reference`)).status).toBe(200);

  const metrics = await fetch(`${apiUrl}/metrics`, {
    headers: { authorization: `Bearer ${secrets.metricsToken}` },
  });
  expect(metrics.status).toBe(200);
  return metrics.text();
}
