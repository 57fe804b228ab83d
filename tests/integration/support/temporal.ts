import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';

/** Client and worker connections to the run's Temporal dev server. Close both in afterAll. */
export async function connectTestTemporal() {
  const address = inject('temporalAddress');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    address,
    client: new Client({ connection }),
    nativeConnection,
    close: async () => {
      await connection.close();
      await nativeConnection.close();
    },
  };
}

let queue = 0;
/** A task queue no other test uses, so tests never steal each other's tasks. */
export const uniqueTaskQueue = (name: string) =>
  `${name}-${process.pid}-${++queue}-${Date.now().toString(36)}`;

export const testFile = (relative: string, from: string) => fileURLToPath(new URL(relative, from));
