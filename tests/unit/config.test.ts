import { describe, expect, it } from 'vitest';
import { qboEndpoints } from '../../activities/qbo/endpoints';
import { loadApiConfig } from '../../api/config';
import { ConfigError } from '../../config/load';
import { DEV_TOKEN_ENCRYPTION_KEY } from '../../config/fragments';
import { loadWorkerConfig } from '../../worker/config';

const secrets = {
  API_TOKEN: 'a'.repeat(32),
  HOOK_SECRET: 'h'.repeat(32),
  TOKEN_ENCRYPTION_KEY: '0123456789abcdef'.repeat(4),
  DATABASE_URL: 'postgres://u@db.internal:5432/qbo',
};

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('API config', () => {
  it('runs on documented defaults with nothing set (emulator, embedded database)', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      databaseUrl: undefined,
      port: 3000,
      temporal: {
        address: '127.0.0.1:7233',
        namespace: 'default',
        taskQueue: 'qbo-sync',
        uiUrl: 'http://127.0.0.1:8233',
      },
      qbo: {
        environment: 'emulator',
        emulatorUrl: 'http://127.0.0.1:8090',
        redirectUri: 'http://localhost:3000/api/v1/qbo/callback',
      },
      logLevel: 'info',
    });
    expect(config.tokenEncryptionKey).toHaveLength(32);
  });

  it('names every missing or invalid variable at once, without echoing values', () => {
    const error = configError(() =>
      loadApiConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://secret-host/x',
        LOG_LEVEL: 'loud',
        TOKEN_ENCRYPTION_KEY: 'short',
      }),
    );
    const names = error.problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'TOKEN_ENCRYPTION_KEY']);
    expect(error.message).not.toContain('secret-host');
  });

  it('refuses to start in production without its secrets and database', () => {
    const error = configError(() =>
      loadApiConfig({ NODE_ENV: 'production', QBO_CLIENT_ID: 'id', QBO_CLIENT_SECRET: 's' }),
    );
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'API_TOKEN',
      'DATABASE_URL',
      'HOOK_SECRET',
      'TOKEN_ENCRYPTION_KEY',
    ]);
    expect(error.message).toMatch(/required when NODE_ENV=production/);
  });

  it('refuses the development key and the emulator in production', () => {
    const error = configError(() =>
      loadApiConfig({ NODE_ENV: 'production', ...secrets, TOKEN_ENCRYPTION_KEY: DEV_TOKEN_ENCRYPTION_KEY }),
    );
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'QBO_ENVIRONMENT',
      'TOKEN_ENCRYPTION_KEY',
    ]);
  });

  it('accepts a complete production environment, with Intuit keys selecting the sandbox', () => {
    const config = loadApiConfig({
      NODE_ENV: 'production',
      ...secrets,
      QBO_CLIENT_ID: 'abc',
      QBO_CLIENT_SECRET: 'def',
    });
    expect(config.qbo.environment).toBe('sandbox');
    expect(config.apiToken).toBe(secrets.API_TOKEN);
    expect(config.tokenEncryptionKey.toString('hex')).toBe(secrets.TOKEN_ENCRYPTION_KEY);
  });

  it('needs the Intuit keys when a real QuickBooks environment is chosen', () => {
    const error = configError(() => loadApiConfig({ QBO_ENVIRONMENT: 'production' }));
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['QBO_CLIENT_ID', 'QBO_CLIENT_SECRET']);
  });

  it('takes QBO_TEST_INTUIT_BASE_URL only for a non-production sandbox, and routes every Intuit URL to it', () => {
    const keys = { QBO_CLIENT_ID: 'abc', QBO_CLIENT_SECRET: 'def' };
    const config = loadApiConfig({ ...keys, QBO_TEST_INTUIT_BASE_URL: 'http://127.0.0.1:9999/' });
    expect(config.qbo).toMatchObject({ environment: 'sandbox', testIntuitBaseUrl: 'http://127.0.0.1:9999/' });
    expect(qboEndpoints(config.qbo)).toEqual({
      authorize: 'http://127.0.0.1:9999/connect/oauth2',
      token: 'http://127.0.0.1:9999/oauth2/v1/tokens/bearer',
      revoke: 'http://127.0.0.1:9999/v2/oauth2/tokens/revoke',
      userInfo: 'http://127.0.0.1:9999/v1/openid_connect/userinfo',
      apiBase: 'http://127.0.0.1:9999',
    });
    // Without it, the sandbox is Intuit's.
    const real = loadApiConfig(keys);
    expect(real.qbo).not.toHaveProperty('testIntuitBaseUrl');
    expect(qboEndpoints(real.qbo)).toMatchObject({
      authorize: 'https://appcenter.intuit.com/connect/oauth2',
      token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      apiBase: 'https://sandbox-quickbooks.api.intuit.com',
    });

    const problems = (env: Record<string, string>) =>
      configError(() => loadApiConfig(env)).problems.filter((p) => p.startsWith('QBO_TEST_INTUIT_BASE_URL'));
    const url = { QBO_TEST_INTUIT_BASE_URL: 'http://127.0.0.1:9999' };
    expect(problems({ NODE_ENV: 'production', ...secrets, ...keys, ...url })).toEqual([
      expect.stringMatching(/tests only/),
    ]);
    expect(problems({ ...keys, QBO_ENVIRONMENT: 'production', ...url })).toEqual([
      expect.stringMatching(/only applies to QBO_ENVIRONMENT=sandbox/),
    ]);
    expect(problems({ ...url })).toEqual([expect.stringMatching(/only applies to QBO_ENVIRONMENT=sandbox/)]);
    expect(problems({ ...keys, QBO_TEST_INTUIT_BASE_URL: 'ftp://127.0.0.1/' })).toHaveLength(1);
  });

  it('treats empty variables as unset', () => {
    expect(loadApiConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });
});

describe('worker config', () => {
  it('uses the same Temporal settings and does not need API secrets in production', () => {
    const config = loadWorkerConfig({
      NODE_ENV: 'production',
      TOKEN_ENCRYPTION_KEY: secrets.TOKEN_ENCRYPTION_KEY,
      DATABASE_URL: secrets.DATABASE_URL,
      QBO_ENVIRONMENT: 'production',
      QBO_CLIENT_ID: 'abc',
      QBO_CLIENT_SECRET: 'def',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_ALLOW_PLAINTEXT: 'true',
      TEMPORAL_TASK_QUEUE: 'qbo-sync-eu',
    });
    expect(config.temporal).toMatchObject({ address: 'temporal.internal:7233', taskQueue: 'qbo-sync-eu' });
  });

  it('still refuses production without the token key and database', () => {
    const error = configError(() =>
      loadWorkerConfig({ NODE_ENV: 'production', QBO_CLIENT_ID: 'a', QBO_CLIENT_SECRET: 'b' }),
    );
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'TOKEN_ENCRYPTION_KEY',
    ]);
  });

  it('batches initial-sync pages unless SYNC_BATCHING=off, and names a bad value', () => {
    expect(loadWorkerConfig({}).batching).toBe(true);
    expect(loadWorkerConfig({ SYNC_BATCHING: 'off' }).batching).toBe(false);
    expect(configError(() => loadWorkerConfig({ SYNC_BATCHING: 'maybe' })).problems[0]).toMatch(
      /^SYNC_BATCHING/,
    );
  });
});
