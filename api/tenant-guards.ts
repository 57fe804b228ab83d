// Preconditions shared by the tenant-scoped routes. Each throws the HttpError the contract names.
import type { Database } from '../db/client';
import { findConnection, type QboConnectionRow } from '../db/queries/qbo-connections';
import { findTenant, type Tenant } from '../db/queries/tenants';
import { HttpError } from './middleware/errors';

export { requireEnabledTenant } from './qbo-connect';

/** The tenant, which must exist (the feature flag may be off: reading history stays possible). */
export async function requireTenant(db: Database, tenantId: string): Promise<Tenant> {
  const tenant = await findTenant(db, tenantId);
  if (!tenant) throw new HttpError(404, 'tenant_not_found', `No tenant "${tenantId}"`);
  return tenant;
}

/** The tenant's connection, which must be `connected`; else 412 `not_connected` with the reason. */
export async function requireConnected(db: Database, tenantId: string): Promise<QboConnectionRow> {
  const connection = await findConnection(db, tenantId);
  if (connection?.status === 'connected') return connection;
  const why =
    connection?.status === 'reauth_required'
      ? 'Its QuickBooks connection needs to be renewed: reconnect from the QuickBooks page.'
      : 'Connect a QuickBooks company first.';
  throw new HttpError(412, 'not_connected', `This account is not connected to QuickBooks. ${why}`, {
    connectionStatus: connection?.status ?? 'disconnected',
  });
}
