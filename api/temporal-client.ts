import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from '../config/temporal';
import { temporalConnectionOptions } from '../config/temporal-tls';

/** A client on `temporal.address`, over TLS / mTLS / API key as configured (config/temporal-tls.ts). */
export async function connectTemporalClient(temporal: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(temporal));
  return new Client({ connection, namespace: temporal.namespace });
}
