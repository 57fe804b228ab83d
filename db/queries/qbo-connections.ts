import { eq, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../client';
import { qboConnections } from '../schema';

export type QboConnectionRow = typeof qboConnections.$inferSelect;
export type ConnectionStatus = QboConnectionRow['status'];

export type EncryptedTokens = {
  accessTokenEnc: string;
  accessTokenExpiresIn: number;
  refreshTokenEnc: string;
  refreshTokenExpiresIn: number;
};

/** The company's kind as read at connect (see activities/qbo/company-kind.ts). */
export type CompanyKindColumns = Pick<
  QboConnectionRow,
  'country' | 'homeCurrency' | 'multicurrency' | 'subscriptionStatus'
>;

export async function findConnection(
  db: DatabaseOrTransaction,
  tenantId: string,
): Promise<QboConnectionRow | null> {
  const [row] = await db.select().from(qboConnections).where(eq(qboConnections.tenantId, tenantId));
  return row ?? null;
}

/** The row, locked until the surrounding transaction ends (one refresher per tenant/realm). */
export async function lockConnection(
  tx: DatabaseOrTransaction,
  tenantId: string,
): Promise<QboConnectionRow | null> {
  const [row] = await tx
    .select()
    .from(qboConnections)
    .where(eq(qboConnections.tenantId, tenantId))
    .for('update');
  return row ?? null;
}

export async function saveConnectedCompany(
  db: DatabaseOrTransaction,
  input: {
    tenantId: string;
    realmId: string;
    companyName: string | null;
    environment: QboConnectionRow['environment'];
  } & EncryptedTokens &
    CompanyKindColumns,
): Promise<void> {
  const values = {
    ...input,
    accessTokenIssuedAt: sql`now()`,
    refreshTokenIssuedAt: sql`now()`,
    status: 'connected' as const,
    lastError: null,
    connectedAt: sql`now()`,
    updatedAt: sql`now()`,
  };
  await db
    .insert(qboConnections)
    .values(values)
    .onConflictDoUpdate({ target: qboConnections.tenantId, set: values });
}

export async function storeRefreshedTokens(
  db: DatabaseOrTransaction,
  tenantId: string,
  tokens: EncryptedTokens,
): Promise<void> {
  await db
    .update(qboConnections)
    .set({
      ...tokens,
      accessTokenIssuedAt: sql`now()`,
      refreshTokenIssuedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(qboConnections.tenantId, tenantId));
}

export async function setConnectionStatus(
  db: DatabaseOrTransaction,
  tenantId: string,
  status: ConnectionStatus,
  lastError: string | null,
): Promise<void> {
  const clearTokens = status === 'disconnected' ? { accessTokenEnc: null, refreshTokenEnc: null } : {};
  await db
    .update(qboConnections)
    .set({ status, lastError, updatedAt: sql`now()`, ...clearTokens })
    .where(eq(qboConnections.tenantId, tenantId));
}
