import type { Database } from '../db/client';
import type { QboServices } from './qbo/services';

/** What activities need from the outside world; built once by the worker (its composition root). */
export type ActivityDeps = {
  db: Database;
  qbo: QboServices;
  /** Initial-sync pages share QBO batch requests (default). Off: one record at a time, plain calls. */
  batching?: boolean;
  /** A tenant's record syncs running at once in this worker (RECORD_SYNCS_PER_TENANT; default 8). */
  recordSyncsPerTenant?: number;
};
