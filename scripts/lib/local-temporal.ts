import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { TemporalConfig } from '../../config/temporal';
import { DATA_DIR } from './paths';
import { ensureSearchAttributes, startTemporalDevServer } from './temporal-dev-server';

export type LocalTemporal = {
  address: string;
  uiUrl: string;
  startedHere: boolean;
  stop: () => Promise<void>;
};

async function answers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1500 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Uses the Temporal server at `temporal.address` when one answers there; otherwise starts the
 * local dev server on that port (Web UI on 8233, history in .data/temporal.sqlite).
 */
export async function ensureLocalTemporal(temporal: TemporalConfig): Promise<LocalTemporal> {
  if (await answers(temporal.address)) {
    await ensureSearchAttributes(temporal.address, temporal.namespace);
    return { address: temporal.address, uiUrl: temporal.uiUrl, startedHere: false, stop: async () => {} };
  }
  const [host = '', portText = ''] = temporal.address.split(':');
  if (!['127.0.0.1', 'localhost'].includes(host)) {
    throw new Error(
      `No Temporal server answers at TEMPORAL_ADDRESS=${temporal.address}; a local dev server is only started for 127.0.0.1 or localhost.`,
    );
  }
  const port = Number(portText || 7233);
  const uiPort = Number(new URL(temporal.uiUrl).port || 8233);
  const server = await startTemporalDevServer({
    port,
    uiPort,
    dbFilename: join(DATA_DIR, 'temporal.sqlite'),
    namespace: temporal.namespace,
  });
  return {
    address: server.address,
    uiUrl: server.uiUrl ?? temporal.uiUrl,
    startedHere: true,
    stop: server.stop,
  };
}
