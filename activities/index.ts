import { createBproRecordActivities } from './bpro-records';
import { createChangeActivities } from './changes';
import type { ActivityDeps } from './deps';
import { createSyncActivities } from './sync';

/** Every activity the worker registers. Workflows import only the *type* of this. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createBproRecordActivities(deps),
    ...createSyncActivities(deps),
    ...createChangeActivities(deps),
  };
}

export type { ActivityDeps } from './deps';
