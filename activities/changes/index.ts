// The change poller's activity: one ChangeDataCapture poll of a company, applied.
import type { ActivityDeps } from '../deps';
import { withQboFailures } from '../qbo/failures';
import { pollChanges } from './poll';
import type { PollChangesInput, PollChangesResult } from './types';

export function createChangeActivities(deps: ActivityDeps) {
  return {
    pollChanges: (input: PollChangesInput): Promise<PollChangesResult> =>
      withQboFailures(() => pollChanges(deps, input)),
  };
}
