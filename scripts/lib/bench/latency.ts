// Hook-to-QBO latency: at a steady rate, writes a new BPro record (alternately a customer and a
// completed order of an existing customer) and POSTs the signed hook BPro would send; a record
// has reached QuickBooks when its entity link exists (written right after QBO answered the
// create). Latency = the link's synced_at − the moment the hook was sent.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { signHook } from '../../../api/hook-signature';
import { customers, entityLinks, orderLines, orders, products } from '../../../db/schema';
import type { SyncEntity } from '../../../workflows/contracts';
import { summarizeLatency, type LatencySummary } from './metrics';
import type { BenchStack } from './stack';

export type LatencyRun = LatencySummary & {
  hooks: number;
  ratePerSecond: number;
  /** Records not in QuickBooks when the run gave up waiting. */
  missing: number;
  byEntity: Partial<Record<SyncEntity, LatencySummary>>;
};

type Sent = { entity: SyncEntity; id: string; sentAt: number; ms?: number };

/** POSTs the signed hook BPro would send for one record. */
export async function postHook(
  stack: BenchStack,
  tenantId: string,
  entity: SyncEntity,
  id: string,
  event: string,
) {
  const body = JSON.stringify({ tenantId, entity, id, event, occurredAt: new Date().toISOString() });
  const res = await fetch(`${stack.apiUrl}/api/v1/hooks/bpro`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-bpro-signature': signHook(stack.api.hookSecret, body) },
    body,
  });
  if (res.status >= 300) throw new Error(`hook ${entity}/${id} answered ${res.status}: ${await res.text()}`);
}

export async function measureHookLatency(
  stack: BenchStack,
  tenantId: string,
  options: { label: string; ratePerSecond: number; seconds: number; waitAfterMs?: number },
): Promise<LatencyRun> {
  const db = stack.db;
  const customerIds = (
    await db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.isActive, true)))
  ).map((c) => c.id);
  const items = await db
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.isActive, true)));
  const hooks = Math.max(1, Math.round(options.ratePerSecond * options.seconds));
  const sent: Sent[] = [];
  const errors: string[] = [];
  const prefix = `lat-${options.label}-${Date.now().toString(36)}`;

  const one = async (i: number): Promise<void> => {
    const asOrder = i % 2 === 1 && customerIds.length > 0 && items.length > 0;
    const id = `${prefix}-${i}`;
    if (!asOrder) {
      const name = `Latency ${options.label} ${i} (${prefix})`;
      await db.insert(customers).values({ tenantId, id, displayName: name, companyName: name });
      const s: Sent = { entity: 'customer', id, sentAt: Date.now() };
      sent.push(s);
      await postHook(stack, tenantId, 'customer', id, 'created');
      return;
    }
    const customerId = customerIds[(i * 7919) % customerIds.length] ?? '';
    const lineItems = [0, 1]
      .map((k) => items[(i * 31 + k * 17) % items.length])
      .filter((p) => p !== undefined);
    const today = new Date().toISOString().slice(0, 10);
    await db.transaction(async (tx) => {
      await tx.insert(orders).values({
        tenantId,
        id,
        customerId,
        number: `LAT${i}-${prefix.slice(-5)}`,
        status: 'completed',
        orderDate: today,
        completedAt: new Date(),
      });
      await tx.insert(orderLines).values(
        lineItems.map((p, k) => ({
          tenantId,
          id: `${id}-l${k + 1}`,
          orderId: id,
          lineNo: k + 1,
          productId: p.id,
          description: p.name,
          quantity: '1',
          unitPrice: p.salePrice ?? p.rentalPrice ?? '10.00',
          taxable: false,
        })),
      );
    });
    const s: Sent = { entity: 'invoice', id, sentAt: Date.now() };
    sent.push(s);
    await postHook(stack, tenantId, 'invoice', id, 'completed');
  };

  // Hooks on a fixed timeline (not after the previous one answered): a steady rate.
  const start = Date.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < hooks; i += 1) {
    const due = start + (i * 1000) / options.ratePerSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    inFlight.push(one(i).catch((e: unknown) => void errors.push(String(e))));
    await pollLinks(stack, tenantId, sent);
  }
  await Promise.all(inFlight);
  const deadline = Date.now() + (options.waitAfterMs ?? 180_000);
  while (sent.some((s) => s.ms === undefined) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    await pollLinks(stack, tenantId, sent);
  }
  if (errors.length > 0) console.warn(`    ${errors.length} hooks failed to send, e.g. ${errors[0]}`);

  const done = sent.filter((s): s is Sent & { ms: number } => s.ms !== undefined);
  const byEntity: Partial<Record<SyncEntity, LatencySummary>> = {};
  for (const entity of ['customer', 'invoice'] as const) {
    const ms = done.filter((s) => s.entity === entity).map((s) => s.ms);
    if (ms.length > 0) byEntity[entity] = summarizeLatency(ms);
  }
  return {
    ...summarizeLatency(done.map((s) => s.ms)),
    hooks,
    ratePerSecond: options.ratePerSecond,
    missing: hooks - done.length,
    byEntity,
  };
}

async function pollLinks(stack: BenchStack, tenantId: string, sent: Sent[]): Promise<void> {
  const pending = sent.filter((s) => s.ms === undefined);
  if (pending.length === 0) return;
  const rows = await stack.db
    .select({
      bproId: entityLinks.bproId,
      syncedAt: sql<number>`(extract(epoch from ${entityLinks.syncedAt}) * 1000)::float8`,
    })
    .from(entityLinks)
    .where(
      and(
        eq(entityLinks.tenantId, tenantId),
        inArray(
          entityLinks.bproId,
          pending.map((s) => s.id),
        ),
      ),
    );
  const at = new Map(rows.map((r) => [r.bproId, Number(r.syncedAt)]));
  const now = Date.now();
  for (const s of pending) {
    const t = at.get(s.id);
    if (t !== undefined) s.ms = Math.max(0, Math.min(t, now) - s.sentAt);
  }
}
