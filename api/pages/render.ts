// Renders the whole management page for a tenant: header, notices, and the sections that fit
// the tenant's state (feature off, not connected, connected or waiting for a reconnect).
import type { Request, Response } from 'express';
import { z } from 'zod';
import { findConnection } from '../../db/queries/qbo-connections';
import { findTenant } from '../../db/queries/tenants';
import { logActions } from '../../db/schema';
import { syncEntities } from '../../workflows/contracts';
import type { ApiDeps } from '../deps';
import { listAccounts, readSettings } from '../sync-settings';
import { initialSyncStatus } from '../tenant-actions';
import { edgeText } from '../validation';
import { csrfToken, pagePath, type PageKeys, type PageSession } from './access';
import type { PageContext } from './context';
import { html, sendMessagePage, sendPage, type Html } from './html';
import { loadLogView } from './log-view';
import { noticeFor } from './notices';
import {
  connectSection,
  disconnectSection,
  featureOffSection,
  pageHeader,
  reconnectBanner,
  unsupportedCompanyNotice,
} from './sections/connection';
import { initialSyncSection, progressScript } from './sections/initial-sync';
import { logSection } from './sections/log';
import { optionsSection } from './sections/options';
import { loadTaxMapping, taxMappingSection } from './sections/tax-mapping';

const LOG_PAGE_SIZE = 25;

const pageQuery = z.object({
  status: z.enum(logActions).optional().catch(undefined),
  entity: z.enum(syncEntities).optional().catch(undefined),
  cursor: edgeText(200).optional().catch(undefined),
  done: edgeText(40).optional(),
  n: z.coerce.number().int().min(0).max(1_000_000_000).optional().catch(undefined),
  confirm: edgeText(40).optional(),
  /** A connect refused for the company's country (see unsupportedCompanyPage). */
  unsupported: edgeText(60).trim().min(1).optional().catch(undefined),
});

export async function renderManagementPage(
  deps: ApiDeps,
  keys: PageKeys,
  req: Request,
  res: Response,
  tenantId: string,
  session: PageSession,
  problem?: { status: number; message: string },
) {
  const { db, log } = deps;
  // A refused action shows the plain page (its form fields are not page filters).
  const query = pageQuery.parse(problem ? {} : req.query);
  const tenant = await findTenant(db, tenantId);
  if (!tenant) return sendMessagePage(res, 404, 'No such account', `There is no BPro account "${tenantId}".`);
  const connection = await findConnection(db, tenantId);
  const ctx: PageContext = { tenant, connection, base: pagePath(tenantId), csrf: csrfToken(keys, session) };
  const notice = noticeFor(query.done, query.n);
  const parts: Html[] = [html`<h1>QuickBooks Management</h1>`];
  if (problem) parts.push(html`<p class="notice error" role="alert">${problem.message}</p>`);
  if (notice) parts.push(html`<p class="notice" role="status">${notice}</p>`);
  const refused = query.unsupported ? unsupportedCompanyNotice(query.unsupported) : null;
  if (refused) parts.push(refused);

  const linked = connection && connection.status !== 'disconnected';
  if (!tenant.qboEnabled) parts.push(featureOffSection());
  else if (!linked) parts.push(connectSection(ctx));
  else {
    const connected = connection.status === 'connected';
    if (!connected) parts.push(reconnectBanner(ctx));
    const [settings, accounts, sync, logPage, taxMapping] = await Promise.all([
      readSettings(deps, tenantId),
      connected
        ? listAccounts(deps, tenantId, 'cash').catch((error: unknown) => {
            log.warn('could not list QuickBooks accounts for the page', { tenantId, error: String(error) });
            return null;
          })
        : Promise.resolve(null),
      initialSyncStatus(deps, tenantId).catch((error: unknown) => {
        log.warn('could not read the initial sync for the page', { tenantId, error: String(error) });
        return null;
      }),
      loadLogView(
        deps,
        tenantId,
        { status: query.status, entity: query.entity, cursor: query.cursor, limit: LOG_PAGE_SIZE },
        connected,
      ),
      loadTaxMapping(deps, ctx),
    ]);
    parts.push(
      optionsSection(ctx, settings, accounts),
      taxMappingSection(ctx, taxMapping),
      initialSyncSection(ctx, sync, connected),
      logSection(ctx, logPage, query, connected),
      disconnectSection(ctx, query.confirm === 'disconnect'),
    );
  }
  sendPage(res, {
    status: problem?.status ?? 200,
    title: `QuickBooks Management · ${tenant.name}`,
    header: pageHeader(ctx, session),
    body: html`${parts}`,
    script: progressScript,
  });
}
