// The workflow bundle's entry point: re-exports workflow functions only.
export { stackCheck } from './stack-check';
export { initialSync } from './initial-sync';
export { syncEntitySet } from './entity-set';
export { recordSync } from './record-sync';
export { qboChangePoller } from './change-poller';
