// The demo tenant from scratch: its running workflows stopped, its sync state reset, then its
// BPro data generated anew (the seed and size asked for).
import { deleteBproTenant, generateBproDataset, writeBproDataset } from '../../../db/bpro-generator';
import { resetTenantSyncState } from '../../../db/queries/tenants';
import { tenants } from '../../../db/schema';
import type { PreparedStack } from '../stack/launch';
import { stopTenantWorkflows } from '../tenant-workflows';
import type { DemoArgs } from './args';
import type { DemoPlan } from './plan';

export async function seedDemoTenant(
  stack: PreparedStack,
  args: DemoArgs,
  size: DemoPlan['size'],
  step: (text: string) => void,
): Promise<void> {
  const { db } = stack.database;
  step(
    `Seeding ${args.country === 'CA' ? 'Canadian ' : ''}tenant "${args.tenant}" (generator seed ${args.seed}, size ${size}; its earlier demo state is reset) ...`,
  );
  await stopTenantWorkflows(stack.config.temporal, args.tenant);
  await resetTenantSyncState(db, args.tenant);
  await db
    .insert(tenants)
    .values({ id: args.tenant, name: 'Demo Rentals & Retail', qboEnabled: true })
    .onConflictDoUpdate({ target: tenants.id, set: { qboEnabled: true, updatedAt: new Date() } });
  const today = new Date().toISOString().slice(0, 10);
  const dataset = generateBproDataset({
    tenantId: args.tenant,
    seed: args.seed,
    size,
    today,
    country: args.country,
  });
  await deleteBproTenant(db, args.tenant);
  await writeBproDataset(db, dataset);
}
