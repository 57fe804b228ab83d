// Browser-project global setup: Debian's Chromium drives the page tests. Installs the package
// when /usr/bin/chromium is missing (needs root and the Debian archive), then checks it starts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

export default function ensureChromium() {
  if (!existsSync(CHROMIUM)) {
    console.warn(`${CHROMIUM} is missing: installing the Debian package "chromium"…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
        stdio: 'inherit',
        env,
      });
    } catch {
      // A stale package index: refresh it once and try again.
      execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
        stdio: 'inherit',
        env,
      });
    }
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is still missing after apt-get install chromium`);
}
