import type { z } from 'zod';
import type { temporalFragment } from './fragments';

export type TemporalConfig = {
  address: string;
  namespace: string;
  taskQueue: string;
  uiUrl: string;
};

export function resolveTemporal(env: z.infer<typeof temporalFragment>): TemporalConfig {
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    uiUrl: env.TEMPORAL_UI_URL.replace(/\/$/, ''),
  };
}
