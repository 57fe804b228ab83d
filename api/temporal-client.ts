import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from '../config/temporal';

export async function connectTemporalClient(temporal: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect({ address: temporal.address });
  return new Client({ connection, namespace: temporal.namespace });
}
