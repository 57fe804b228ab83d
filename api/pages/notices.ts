// The one-line notice the page shows after an action (post/redirect/get: `?done=…&n=…`).
const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

const notices: Record<string, (n: number | undefined) => string> = {
  connected: () => 'Connected to QuickBooks. Check the options below, then start the initial sync.',
  saved: (n) =>
    n
      ? `Options saved. ${plural(n, 'payment', 'payments')} with the newly checked payment methods ${n === 1 ? 'was' : 'were'} queued for sync.`
      : 'Options saved.',
  'tax-mapping': () => 'Tax mapping saved. Each order uses it the next time it syncs.',
  'sync-started': () => 'The initial sync has started. Its progress shows below.',
  rerun: () => 'Re-run requested. The log shows the result in a moment.',
  'rerun-failed': (n) =>
    `Re-run requested for ${plural(n ?? 0, 'failed record', 'failed records')}. The log shows the results in a moment.`,
  recreate: () => 'Re-create requested. The sync sends the record to QuickBooks as a new one in a moment.',
  unlink: () => 'Unlinked from QuickBooks. The sync leaves this record out from now on.',
  disconnected: () => 'QuickBooks is disconnected. BPro no longer sends changes to it.',
  'signed-in': () => 'Signed in.',
};

export function noticeFor(done: string | undefined, n: number | undefined): string | null {
  const notice = done !== undefined && Object.hasOwn(notices, done) ? notices[done] : undefined;
  return notice ? notice(n) : null;
}
