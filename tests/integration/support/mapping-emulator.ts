// The in-process QBO emulator and the generated `small` BPro tenant the mapping-emulator.*.test.ts
// files push: call useMappingEmulator() in the file's describe; `base` (the emulator's URL) is a
// live binding, set once its beforeAll has run. No database or Temporal involved.
import { afterAll, beforeAll } from 'vitest';
import { generateBproDataset } from '../../../db/bpro-generator';
import { createQboEmulator, type QboEmulator } from '../../../qbo-emulator/server';
import { CLIENT, control } from './mapping-company';

let emulator: QboEmulator;
export let base: string;
export const dataset = generateBproDataset({
  tenantId: 'tenant-mapping',
  seed: 'mapping-acceptance',
  size: 'small',
});

/** Starts the emulator, registers the OAuth client and lifts its rate limits; closes it afterwards. */
export function useMappingEmulator() {
  beforeAll(async () => {
    emulator = createQboEmulator();
    base = (await emulator.listen(0)).url;
    await control(base, 'POST', '/clients', {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUris: [CLIENT.redirect],
    });
    await control(base, 'PUT', '/limits', { enabled: false });
  });

  afterAll(async () => {
    await emulator.close();
  });
}
