import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { freePort, startTemporalDevServer } from '../../scripts/lib/temporal-dev-server';
import { allSearchAttributes } from '../../workflows/contracts';

const dir = mkdtempSync(join(tmpdir(), 'qbo-sync-temporal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function customAttributes(address: string): Promise<Record<string, unknown>> {
  const connection = await Connection.connect({ address });
  try {
    const response = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    return response.customAttributes ?? {};
  } finally {
    await connection.close();
  }
}

describe('the project’s Temporal dev-server launcher', () => {
  it('registers our search attributes also on a database file created without them', async () => {
    const dbFilename = join(dir, 'existing.sqlite');
    // 1. A plain dev server, as someone might have started by hand, creates the file.
    const cli = ensureTemporalCli();
    const port = await freePort();
    const plain = spawn(
      cli.path,
      [
        'server',
        'start-dev',
        '--headless',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--db-filename',
        dbFilename,
      ],
      {
        stdio: 'ignore',
      },
    );
    const plainExited = new Promise((resolve) => plain.once('exit', resolve));
    try {
      let attrs: Record<string, unknown> = {};
      for (let i = 0; i < 100; i += 1) {
        try {
          attrs = await customAttributes(`127.0.0.1:${port}`);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      expect(Object.keys(attrs)).not.toContain('BproTenantId');
    } finally {
      plain.kill('SIGTERM');
      await plainExited;
    }

    // 2. Our launcher on the same file adds them.
    const server = await startTemporalDevServer({ port: 0, uiPort: null, dbFilename });
    try {
      const attrs = await customAttributes(server.address);
      for (const key of allSearchAttributes) expect(attrs).toHaveProperty(key.name);
    } finally {
      await server.stop();
    }
  });

  it('serves the Web UI on the requested port', async () => {
    const uiPort = await freePort();
    const server = await startTemporalDevServer({ port: 0, uiPort, dbFilename: null });
    try {
      expect(server.uiUrl).toBe(`http://127.0.0.1:${uiPort}`);
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i += 1) {
        status = await fetch(server.uiUrl ?? '').then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
