// Fails when db/schema differs from the committed migrations (someone changed the schema and
// forgot `npm run db:generate`), or when the committed migration snapshots are inconsistent.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from './lib/paths';

// drizzle-kit takes `out` relative to the project, so the scratch copy lives under .data/.
const committed = join(PROJECT_ROOT, 'db', 'migrations');
mkdirSync(join(PROJECT_ROOT, '.data'), { recursive: true });
const scratch = mkdtempSync(join(PROJECT_ROOT, '.data', 'drift-check-'));
const drizzleKit = join(PROJECT_ROOT, 'node_modules', '.bin', 'drizzle-kit');
const run = (args: string[], out: string) =>
  spawnSync(drizzleKit, [...args, '--config', 'db/drizzle.config.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DRIZZLE_OUT: `./${relative(PROJECT_ROOT, out)}` },
    encoding: 'utf8',
  });

try {
  const check = run(['check'], committed);
  if (check.status !== 0) {
    console.error(`drizzle-kit check failed:\n${check.stdout}${check.stderr}`);
    process.exit(1);
  }
  cpSync(committed, scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const generate = run(['generate'], scratch);
  if (generate.status !== 0) {
    console.error(`drizzle-kit generate failed:\n${generate.stdout}${generate.stderr}`);
    process.exit(1);
  }
  const added = readdirSync(scratch).filter((f) => !before.has(f) && f.endsWith('.sql'));
  if (added.length > 0) {
    console.error(
      `Schema drift: db/schema changed but no migration was committed. Run \`npm run db:generate\`.`,
    );
    console.error(`drizzle-kit would add: ${added.join(', ')}`);
    process.exit(1);
  }
  console.log('Migrations match db/schema (no drift).');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
