import { fileURLToPath } from 'node:url';
import { createDb, type DbHandle } from './client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { runMigrations } from './migrate';

/** Where the embedded database keeps its files when DATABASE_URL is unset. */
export const EMBEDDED_DATA_DIR = fileURLToPath(new URL('../.data/pglite', import.meta.url));

export type ServiceDatabase = DbHandle & {
  /** The URL in use (for the embedded server: its local port). */
  url: string;
  /** Set when this process runs embedded PGlite. */
  embedded: EmbeddedPostgres | null;
};

/**
 * The database a service process uses: `databaseUrl` when given, else embedded PGlite with
 * data under .data/ (development only). Applies the committed migrations before returning.
 */
export async function openServiceDatabase(
  databaseUrl: string | undefined,
  options: { applicationName: string; poolSize?: number; embeddedDataDir?: string | null },
): Promise<ServiceDatabase> {
  const embedded = databaseUrl
    ? null
    : await startEmbeddedPostgres({
        dataDir: options.embeddedDataDir === undefined ? EMBEDDED_DATA_DIR : options.embeddedDataDir,
      });
  const url = databaseUrl ?? embedded?.url ?? '';
  const handle = createDb(url, {
    max: embedded ? 1 : (options.poolSize ?? 10),
    applicationName: options.applicationName,
  });
  try {
    await runMigrations(embedded ? handle.sql : url);
    return {
      ...handle,
      url,
      embedded,
      close: async () => {
        await handle.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await handle.close();
    await embedded?.stop();
    throw error;
  }
}
