// `npm run temporal`: the local Temporal dev server with the Web UI and our search attributes.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_DIR } from './lib/paths';
import { ensureTemporalCli, temporalVersion } from './lib/temporal-cli';
import { startTemporalDevServer } from './lib/temporal-dev-server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7233' },
    'ui-port': { type: 'string', default: '8233' },
    'db-filename': { type: 'string', default: join(DATA_DIR, 'temporal.sqlite') },
  },
});

const cli = ensureTemporalCli((line) => console.log(line));
console.log(
  `${temporalVersion(cli)} — ${cli.source === 'PATH' ? 'from PATH' : 'project-local'}: ${cli.path}`,
);
const server = await startTemporalDevServer({
  port: Number(values.port),
  uiPort: Number(values['ui-port']),
  dbFilename: values['db-filename'],
  output: 'inherit',
});
console.log(`Temporal frontend: ${server.address} (namespace ${server.namespace})`);
console.log(`Temporal Web UI:   ${server.uiUrl}`);
console.log(`History database:  ${values['db-filename']}`);
console.log(
  'Search attributes: BproTenantId, BproEntity, BproRecordId, QboSyncState (Keyword). Ctrl-C stops.',
);

const shutdown = () => {
  void server.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
server.process.once('exit', (code) => {
  console.error(`temporal server exited (${code})`);
  process.exit(code ?? 1);
});
