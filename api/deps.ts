import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import type { ApiConfig } from './config';
import type { Logger } from '../config/logger';
import type { QboServices } from '../activities/qbo/services';

/** What the HTTP layer needs; built by api/main.ts (or a test). */
export type ApiDeps = {
  config: ApiConfig;
  db: Database;
  temporal: Client;
  log: Logger;
  qbo: QboServices;
};
