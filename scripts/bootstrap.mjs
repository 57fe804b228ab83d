// First step of every npm entry point (demo, test, ...): makes a fresh clone runnable with no
// prior step. Plain Node with no dependencies, because it runs before node_modules exists.
// Installs the locked npm packages when node_modules is missing or older than package-lock.json.
// (The Temporal CLI and the database are brought up by the commands that need them.)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.qbo-sync-installed');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`qbo-sync needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
  process.exit(1);
}

const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
const installed = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '';
if (installed !== lockHash) {
  console.log('Installing npm packages from package-lock.json (npm ci) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`npm ci failed (exit ${result.status}). Fix the error above and run the command again.`);
    process.exit(result.status ?? 1);
  }
  writeFileSync(marker, `${lockHash}\n`);
}
