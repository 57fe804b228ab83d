// The workflow code bundled once into a file, for worker processes that start again and again
// (the chaos run's): each loads the file instead of bundling for itself.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../../worker/create-worker';

const quietBundleLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => {},
};

/** Writes the bundle to `dir`/workflow-bundle.js; returns its path. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const path = join(dir, 'workflow-bundle.js');
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundleLogger });
  await writeFile(path, bundle.code);
  return path;
}
