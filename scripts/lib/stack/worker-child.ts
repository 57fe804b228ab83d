// A worker life as a child process (worker-process.ts): its environment is the stack's, its
// extra settings go in STACK_WORKER. Ready once it prints "ready".
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerExit, WorkerLife } from './worker-life';
import { STACK_WORKER_ENV, type StackWorkerSettings } from './worker-settings';

const ENTRY = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export function spawnWorkerProcess(options: {
  env: NodeJS.ProcessEnv;
  settings: StackWorkerSettings;
  /** `pipe` to read (and log) its error output; default: this process's. */
  stderr?: 'inherit' | 'pipe';
}): WorkerLife {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...options.env, [STACK_WORKER_ENV]: JSON.stringify(options.settings) },
    stdio: ['ignore', 'pipe', options.stderr ?? 'inherit'],
  });
  const ended = new Promise<WorkerExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    let tail = '';
    let seen = false;
    // Read all its output (a pipe nobody reads would block the worker once full).
    child.stdout?.on('data', (chunk: Buffer) => {
      if (seen) return;
      const text = tail + chunk.toString();
      seen = text.includes('ready\n');
      if (seen) resolve();
      else tail = text.slice(-16);
    });
    void ended.then(({ code }) => reject(new Error(`worker process exited early (code ${String(code)})`)));
  });
  ready.catch(() => {}); // the caller may not wait for it (a pool restarts such a worker)
  return {
    ready,
    ended,
    shutdown: () => void child.kill('SIGTERM'),
    kill: () => void child.kill('SIGKILL'),
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    worker: () => null,
  };
}
