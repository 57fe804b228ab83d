// `npm run qbo-emulator [--port 8090]`: runs the emulator until interrupted. The port comes from
// --port, then QBO_EMULATOR_PORT, then 8090. Optional --client id:secret:redirectUri registers an app.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createQboEmulator } from './server';

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(8090),
  host: z.string().min(1).default('127.0.0.1'),
  clients: z
    .array(z.string().regex(/^[^:]+:[^:]+:.+$/, 'expected clientId:clientSecret:redirectUri'))
    .default([]),
  refreshGraceSeconds: z.coerce.number().int().min(0).optional(),
  rotateAfterSeconds: z.coerce.number().int().min(0).optional(),
});

function readArgs() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      client: { type: 'string', multiple: true },
      'refresh-grace-seconds': { type: 'string' },
      'rotate-after-seconds': { type: 'string' },
    },
  });
  return argsSchema.safeParse({
    port: values.port ?? process.env['QBO_EMULATOR_PORT'],
    host: values.host,
    clients: values.client,
    refreshGraceSeconds: values['refresh-grace-seconds'],
    rotateAfterSeconds: values['rotate-after-seconds'],
  });
}

async function main(): Promise<void> {
  const parsed = readArgs();
  if (!parsed.success) {
    console.error(`qbo-emulator: invalid arguments\n${z.prettifyError(parsed.error)}`);
    process.exit(2);
  }
  const a = parsed.data;
  const emulator = createQboEmulator({
    clients: a.clients.map((c) => {
      const [clientId = '', clientSecret = '', ...uri] = c.split(':');
      return { clientId, clientSecret, redirectUris: [uri.join(':')] };
    }),
    ...(a.refreshGraceSeconds === undefined ? {} : { refreshTokenGraceMs: a.refreshGraceSeconds * 1000 }),
    ...(a.rotateAfterSeconds === undefined ? {} : { refreshTokenRotateAfterMs: a.rotateAfterSeconds * 1000 }),
  });
  const { url } = await emulator.listen(a.port, a.host);
  console.log(`QBO emulator listening on ${url}`);
  console.log(
    `  OAuth:   ${url}/connect/oauth2  ${url}/oauth2/v1/tokens/bearer  ${url}/v2/oauth2/tokens/revoke`,
  );
  console.log(`  API:     ${url}/v3/company/<realmId>/...`);
  console.log(
    `  Control: ${url}/__emulator (POST /realms, POST /clients, PUT /faults, PUT /limits, POST /reset)`,
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('qbo-emulator failed to start:', err);
  process.exit(1);
});
