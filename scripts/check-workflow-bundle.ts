// Bundles workflows/ the way a worker does (webpack + Temporal's sandbox checks). Fails when
// workflow code imports something the deterministic sandbox cannot load.
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../worker/create-worker';

const started = Date.now();
const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: undefined });
console.log(
  `Workflow bundle OK: ${(bundle.code.length / 1024).toFixed(0)} KiB in ${Date.now() - started} ms.`,
);
