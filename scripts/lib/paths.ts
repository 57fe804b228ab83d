import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Local data of the embedded stack (ignored by git). */
export const DATA_DIR = join(PROJECT_ROOT, '.data');
