// Simulated BPro activity for the demo: new customers, completed orders, payments, edits,
// cancellations and refunds written to the bpro tables, each followed by the signed hook BPro
// would send. Records flow to QuickBooks through the real API and workflows.
import { and, eq, sql } from 'drizzle-orm';
import { formatMoney, orderTotals } from '../../db/bpro-generator/money';
import type { Database } from '../../db/client';
import {
  customers,
  orderLines,
  orders,
  paymentMethods,
  payments,
  products,
  refunds,
  taxRates,
} from '../../db/schema';
import { signHook } from '../../api/hook-signature';
import type { HookEvent, SyncEntity } from '../../workflows/contracts';

export type ActivityEvent = {
  entity: SyncEntity;
  id: string;
  event: HookEvent;
  label: string;
  response: string;
};

const FIRST = ['Ana', 'Bo', 'Chloé', 'Dmitri', 'Efe', "Fionn O'Neil", 'Grace', 'Hiro', 'Ines', 'Jonas'];
const LAST = ['Rentals', 'Party Co', '& Sons', 'Events', 'Catering', 'Tents: North', 'Weddings'];

export class BproActivity {
  private n = 0;
  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
    private readonly apiUrl: string,
    private readonly hookSecret: string,
    /** Random source for the choices (default Math.random; the chaos run passes a seeded one). */
    private readonly random: () => number = Math.random,
  ) {}

  private id(prefix: string) {
    this.n += 1;
    return `live-${prefix}-${Date.now().toString(36)}-${this.n}`;
  }

  /** Sends BPro's signed hook for a record (also to resend one the API did not accept). */
  async hook(entity: SyncEntity, id: string, event: HookEvent, label: string): Promise<ActivityEvent> {
    const body = JSON.stringify({
      tenantId: this.tenantId,
      entity,
      id,
      event,
      occurredAt: new Date().toISOString(),
    });
    const res = await fetch(`${this.apiUrl}/api/v1/hooks/bpro`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bpro-signature': signHook(this.hookSecret, body) },
      body,
    });
    const json = (await res.json()) as { workflowId?: string; ignored?: string; error?: { code: string } };
    return {
      entity,
      id,
      event,
      label,
      response:
        json.workflowId ??
        (json.ignored ? `ignored: ${json.ignored}` : `error ${res.status} ${json.error?.code ?? ''}`),
    };
  }

  private pick<T>(rows: T[]): T | undefined {
    return rows[Math.floor(this.random() * rows.length)];
  }

  async newCustomer(): Promise<ActivityEvent> {
    const id = this.id('cus');
    const name = `${this.pick(FIRST)} ${this.pick(LAST)} ${this.n}`;
    await this.db.insert(customers).values({
      tenantId: this.tenantId,
      id,
      displayName: name,
      companyName: name,
      email: `live${this.n}@example.com`,
    });
    return this.hook('customer', id, 'created', `new customer "${name}"`);
  }

  /** A completed order the simulation made that has no payment yet. */
  private async liveOrderWithoutPayment() {
    const [order] = await this.db
      .select()
      .from(orders)
      .where(
        and(
          eq(orders.tenantId, this.tenantId),
          eq(orders.status, 'completed'),
          sql`${orders.id} like 'live-%'`,
          sql`not exists (select 1 from bpro.payments p where p.tenant_id = ${orders.tenantId} and p.order_id = ${orders.id})`,
        ),
      )
      .limit(1);
    return order;
  }

  async completedOrder(): Promise<ActivityEvent> {
    const [customer] = await this.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, this.tenantId), eq(customers.isActive, true)))
      .orderBy(sql`random()`)
      .limit(1);
    const items = await this.db
      .select()
      .from(products)
      .where(and(eq(products.tenantId, this.tenantId), eq(products.isActive, true)))
      .orderBy(sql`random()`)
      .limit(3);
    if (!customer || items.length === 0) return this.newCustomer();
    const id = this.id('ord');
    const today = new Date().toISOString().slice(0, 10);
    await this.db.transaction(async (tx) => {
      await tx.insert(orders).values({
        tenantId: this.tenantId,
        id,
        customerId: customer.id,
        number: `L${Date.now().toString().slice(-7)}`,
        status: 'completed',
        orderDate: today,
        completedAt: new Date(),
      });
      await tx.insert(orderLines).values(
        items.map((p, i) => ({
          tenantId: this.tenantId,
          id: `${id}-l${i + 1}`,
          orderId: id,
          lineNo: i + 1,
          productId: p.id,
          description: p.name,
          quantity: String(1 + (i % 3) + (i === 1 ? 0.5 : 0)),
          unitPrice: p.salePrice ?? p.rentalPrice ?? '10.00',
          taxable: false,
        })),
      );
    });
    return this.hook('invoice', id, 'completed', `order completed for "${customer.displayName}"`);
  }

  async payment(): Promise<ActivityEvent> {
    const order = await this.liveOrderWithoutPayment();
    if (!order) return this.completedOrder();
    const lines = await this.db
      .select()
      .from(orderLines)
      .where(and(eq(orderLines.tenantId, this.tenantId), eq(orderLines.orderId, order.id)));
    const rates = order.taxId
      ? (
          await this.db
            .select()
            .from(taxRates)
            .where(and(eq(taxRates.tenantId, this.tenantId), eq(taxRates.taxId, order.taxId)))
        ).map((r) => r.rate)
      : [];
    const [method] = await this.db
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.tenantId, this.tenantId), eq(paymentMethods.name, 'Visa')));
    if (!method) return this.completedOrder();
    const id = this.id('pay');
    const total = orderTotals(lines, rates).totalCents;
    await this.db.insert(payments).values({
      tenantId: this.tenantId,
      id,
      customerId: order.customerId,
      orderId: order.id,
      paymentMethodId: method.id,
      amount: formatMoney(total),
      receivedOn: new Date().toISOString().slice(0, 10),
      reference: `VISA-${this.n}`,
    });
    return this.hook('payment', id, 'created', `payment of ${formatMoney(total)} on order ${order.number}`);
  }

  async editCustomer(): Promise<ActivityEvent> {
    const [customer] = await this.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, this.tenantId), sql`${customers.id} like 'live-%'`))
      .limit(1);
    if (!customer) return this.newCustomer();
    await this.db
      .update(customers)
      .set({ phone: `555-01${String(this.n).padStart(2, '0')}`, updatedAt: new Date() })
      .where(and(eq(customers.tenantId, this.tenantId), eq(customers.id, customer.id)));
    return this.hook('customer', customer.id, 'updated', `phone of "${customer.displayName}" changed`);
  }

  async cancelOrder(): Promise<ActivityEvent> {
    const order = await this.liveOrderWithoutPayment();
    if (!order) return this.completedOrder();
    await this.db
      .update(orders)
      .set({ status: 'cancelled', updatedAt: new Date() })
      .where(and(eq(orders.tenantId, this.tenantId), eq(orders.id, order.id)));
    return this.hook('invoice', order.id, 'cancelled', `order ${order.number} cancelled`);
  }

  async refund(): Promise<ActivityEvent> {
    const [payment] = await this.db
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.tenantId, this.tenantId),
          sql`${payments.id} like 'live-%'`,
          eq(payments.status, 'posted'),
        ),
      )
      .limit(1);
    if (!payment) return this.payment();
    const id = this.id('ref');
    const amount = formatMoney(Math.max(1, Math.floor(Number(payment.amount) * 100 * 0.2)));
    await this.db.insert(refunds).values({
      tenantId: this.tenantId,
      id,
      customerId: payment.customerId,
      orderId: payment.orderId,
      paymentId: payment.id,
      paymentMethodId: payment.paymentMethodId,
      amount,
      refundedOn: new Date().toISOString().slice(0, 10),
      reason: 'Returned early',
    });
    return this.hook('refund', id, 'created', `refund of ${amount}`);
  }

  /** One random piece of BPro activity. */
  next(): Promise<ActivityEvent> {
    const actions = [
      () => this.newCustomer(),
      () => this.completedOrder(),
      () => this.completedOrder(),
      () => this.payment(),
      () => this.payment(),
      () => this.editCustomer(),
      () => this.cancelOrder(),
      () => this.refund(),
    ];
    return (actions[Math.floor(this.random() * actions.length)] ?? (() => this.newCustomer()))();
  }
}
