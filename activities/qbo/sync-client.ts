// The QBO client the sync works with, chosen once when it is built: plain calls, or a batch queue
// that coalesces calls into QBO batch requests. Either reports its calls to an observer, so the
// sync's record scheduler knows which records wait on QuickBooks and when to send what is held.
import { BatchQueue } from './batch-queue';
import type { QboClient } from './client';

/** The part of the QBO client the sync uses; the batch queue offers the same. */
export type SyncClient = Pick<
  QboClient,
  'read' | 'create' | 'update' | 'delete' | 'queryAll' | 'void' | 'createTaxCode' | 'preferences' | 'accounts'
>;

/** Called when a call starts; the function it returns is called when that call's answer arrives. */
export type CallObserver = {
  /** A call held in the queue until it fills or is flushed. */
  held(): () => void;
  /** A call sent on its own at once. */
  sent(): () => void;
  /** The record leases the calling run holds now (tags its pooled writes: write-pool.ts `expedite`). */
  leases?(): readonly string[] | undefined;
};

export type ObservedClient = {
  client: SyncClient;
  /** Sends what the queue holds now (nothing is held by plain calls). */
  flush(): void;
  /** Whether records should run side by side so their calls can share batches. */
  sideBySide: boolean;
};

/** Plain calls, each reported as sent. */
function plainClient(client: QboClient, observer: CallObserver): SyncClient {
  const observed =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const done = observer.sent();
      try {
        return await call(...args);
      } finally {
        done();
      }
    };
  return {
    read: observed((...a: Parameters<QboClient['read']>) => client.read(...a)),
    create: observed((...a: Parameters<QboClient['create']>) => client.create(...a)),
    update: observed((...a: Parameters<QboClient['update']>) => client.update(...a)),
    delete: observed((...a: Parameters<QboClient['delete']>) => client.delete(...a)),
    queryAll: observed((...a: Parameters<QboClient['queryAll']>) => client.queryAll(...a)),
    void: observed((...a: Parameters<QboClient['void']>) => client.void(...a)),
    createTaxCode: observed((...a: Parameters<QboClient['createTaxCode']>) => client.createTaxCode(...a)),
    preferences: observed(() => client.preferences()),
    accounts: observed((...a: Parameters<QboClient['accounts']>) => client.accounts(...a)),
  };
}

/** The sync's client for one tenant: batched (calls coalesced into batch requests) or plain. */
export function observedClient(
  client: QboClient,
  options: { batching: boolean; poolKey?: string | undefined },
  observer: CallObserver,
): ObservedClient {
  if (!options.batching) return { client: plainClient(client, observer), flush: () => {}, sideBySide: false };
  const queue = new BatchQueue(client, observer, options.poolKey ? { poolKey: options.poolKey } : {});
  return { client: queue, flush: () => queue.flush(), sideBySide: true };
}
