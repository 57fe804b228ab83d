import { createHash } from 'node:crypto';

/** Stable hash of what a mapping produced: changes exactly when the QBO body would. */
export const hashOf = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
