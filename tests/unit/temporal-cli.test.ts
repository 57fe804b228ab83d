import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureTemporalCli, findOnPath } from '../../scripts/lib/temporal-cli';

const dirs: string[] = [];
const originalPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = originalPath;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fakeBinary(name: string, executable = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'qbo-sync-path-'));
  dirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, '#!/bin/sh\necho fake\n');
  chmodSync(file, executable ? 0o755 : 0o644);
  return dir;
}

describe('finding the Temporal CLI', () => {
  it('prefers a `temporal` already on PATH over the project-local install', () => {
    const dir = fakeBinary('temporal');
    process.env.PATH = `${dir}:${originalPath}`;
    expect(ensureTemporalCli()).toEqual({ path: join(dir, 'temporal'), source: 'PATH' });
  });

  it('skips non-executable files and empty PATH entries', () => {
    const notExecutable = fakeBinary('temporal', false);
    const executable = fakeBinary('temporal');
    expect(findOnPath('temporal', `::${notExecutable}:${executable}`)).toBe(join(executable, 'temporal'));
    expect(findOnPath('temporal', notExecutable)).toBeNull();
  });
});
