import { createBproRecordActivities } from './bpro-records';
import type { ActivityDeps } from './deps';
import { createSyncActivities } from './sync';

/** Every activity the worker registers. Workflows import only the *type* of this. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createBproRecordActivities(deps),
    ...createSyncActivities(deps),
  };
}

export type { ActivityDeps } from './deps';
