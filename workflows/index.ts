// The workflow bundle's entry point: re-exports workflow functions only.
export { stackCheck } from './stack-check';
