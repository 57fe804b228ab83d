// The demo's timeline and its end: timed step lines, and one shutdown (Ctrl-C, SIGTERM, the end
// of a --check run, or a failure) that stops everything the demo started, then exits.
export type DemoLifecycle = {
  /** Prints a line stamped with the seconds since the demo began. */
  step: (text: string) => void;
  /** Registers what the shutdown stops (last registered, first stopped). */
  onShutdown: (cleanup: () => Promise<void>) => void;
  shutdown: (code: number) => Promise<void>;
  readonly stopping: boolean;
};

export function startLifecycle(): DemoLifecycle {
  const t0 = Date.now();
  const step = (text: string) =>
    console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);
  const cleanups: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    step('Stopping ...');
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(String(e)));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  return {
    step,
    onShutdown: (cleanup) => void cleanups.push(cleanup),
    shutdown,
    get stopping() {
      return stopping;
    },
  };
}
