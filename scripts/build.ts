// `npm run build`: the production build. Compiles the entry points (API, worker, both in one
// process, migrations) with esbuild into dist/*.js (npm packages stay external: node_modules at
// run time, no TypeScript and no tsx), and prebuilds the workflow bundle into
// dist/workflow-bundle.js, which the compiled worker loads instead of bundling at every start.
// `npm run start:prod` then runs `node dist/start.js`. Each output sits one folder below the
// project root, as its sources do, so paths made from import.meta.url ('../db/migrations',
// '../.data') resolve the same from source and from dist/.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from './lib/paths';
import { WORKFLOWS_PATH } from '../worker/create-worker';
import { PREBUILT_BUNDLE_NAME } from '../worker/workflow-bundle';

const DIST = join(PROJECT_ROOT, 'dist');

/** dist/<name>.js ← source. */
export const ENTRY_POINTS = {
  api: 'api/main.ts',
  worker: 'worker/main.ts',
  start: 'scripts/start.ts',
  migrate: 'db/migrate-cli.ts',
};

const started = Date.now();
await rm(DIST, { recursive: true, force: true });
await mkdir(DIST, { recursive: true });
await build({
  absWorkingDir: PROJECT_ROOT,
  entryPoints: ENTRY_POINTS,
  outdir: DIST,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
const quiet = () => {};
const workflows = await bundleWorkflowCode({
  workflowsPath: WORKFLOWS_PATH,
  logger: { trace: quiet, debug: quiet, info: quiet, log: quiet, warn: console.warn, error: console.error },
});
await writeFile(join(DIST, PREBUILT_BUNDLE_NAME), workflows.code);
console.log(
  `Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.keys(ENTRY_POINTS)
    .map((name) => `${name}.js`)
    .join(', ')}, ${PREBUILT_BUNDLE_NAME}. Run it with \`npm run start:prod\` (node dist/start.js).`,
);
