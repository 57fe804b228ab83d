// The chaos run's closing summary: faults injected, traffic, the per-entity verification counts,
// QuickBooks records by type, and every discrepancy found.
import type { ChaosReport } from './outcome';

const row = (cells: Array<string | number>, widths: number[]) =>
  cells
    .map((c, i) => (i === 0 ? String(c).padEnd(widths[i] ?? 0) : String(c).padStart(widths[i] ?? 0)))
    .join('  ');

/** What the accountant did in QuickBooks, what BPro did to those records since, and the outcomes. */
function accountantLines(report: ChaosReport): string[] {
  const entries = report.accountant;
  const count = (by: string, act: string) => entries.filter((e) => e.by === by && e.act === act).length;
  const outcomes = new Map((report.verification?.accountant ?? []).map((o) => [o.n, o]));
  const out = [
    '',
    `Accountant in QuickBooks: ${count('accountant', 'delete')} deleted, ${count('accountant', 'void')} voided, ${count('accountant', 'edit')} edited; ` +
      `BPro since: ${count('bpro', 'edit')} changed, ${count('bpro', 'retire')} cancelled/voided/deleted; change poller ${report.changePoller}`,
  ];
  for (const e of entries) {
    const what = `#${e.n} ${e.by === 'bpro' ? `BPro ${e.act}` : e.act}`.padEnd(16);
    const result =
      e.by === 'bpro'
        ? `hook ${e.hookAccepted ? 'accepted' : 'NOT accepted'}`
        : (outcomes.get(e.n)?.outcome ?? 'not verified');
    out.push(`  ${what} ${e.entity} ${e.bproId} (QBO ${e.qboId}): ${result}`);
  }
  return out;
}

export function formatReport(report: ChaosReport, maxProblems = 40): string {
  const out: string[] = [];
  const f = report.faults;
  out.push(
    '',
    'Faults injected',
    `  worker processes SIGKILLed         ${f['kill-worker']}  (worker starts ${report.workers.started}, crashed on their own ${report.workers.crashed})`,
    `  QBO fault windows                  ${f['emulator-faults']}  (with 5xx: ${f['emulator-5xx']}, with 429: ${f['emulator-429']}, with commit-then-drop: ${f['emulator-drop']})`,
    `  QBO calls faulted by the emulator  ${report.qbo.faultsInjected} (5xx + commit-then-drop), ${report.qbo.throttled} × 429, of ${report.qbo.requests} requests`,
    `  access tokens expired              ${f['expire-tokens']}`,
    `  Temporal dev server restarts       ${f['restart-temporal']}`,
    `  database connection drops          ${f['drop-db-connections']}`,
    '',
    `Live hooks: ${report.hooks.sent} sent, ${report.hooks.accepted} accepted, ${report.hooks.resent} resent after the API refused them`,
    ...accountantLines(report),
    `Initial sync: ${report.initialSync?.status ?? 'unknown'}; settled ${(report.settleMs / 1000).toFixed(1)} s after the faults stopped; whole run ${(report.elapsedMs / 1000).toFixed(1)} s`,
  );
  const v = report.verification;
  if (v) {
    const w = [16, 9, 7, 9, 14];
    out.push('', 'BPro records → QuickBooks (checked through the QBO API)');
    out.push(`  ${row(['entity', 'in scope', 'linked', 'verified', 'linked beyond'], w)}`);
    for (const e of v.entities)
      out.push(`  ${row([e.entity, e.inScope, e.linked, e.verified, e.linkedOutsideScope], w)}`);
    const total = (k: 'inScope' | 'linked' | 'verified' | 'linkedOutsideScope') =>
      v.entities.reduce((s, e) => s + e[k], 0);
    out.push(
      `  ${row(['total', total('inScope'), total('linked'), total('verified'), total('linkedOutsideScope')], w)}`,
    );
    const q = [16, 7, 7, 7, 9];
    out.push('', 'QuickBooks records by type');
    out.push(`  ${row(['type', 'before', 'now', 'linked', 'unlinked'], q)}`);
    for (const t of v.qbo) out.push(`  ${row([t.type, t.before, t.now, t.linked, t.unlinked], q)}`);
  }
  const problems = [...report.problems, ...(v?.problems ?? [])];
  if (problems.length > 0) {
    out.push('', `Discrepancies (${problems.length}):`);
    for (const p of problems.slice(0, maxProblems)) out.push(`  - ${p}`);
    if (problems.length > maxProblems) out.push(`  ... and ${problems.length - maxProblems} more`);
  }
  out.push(
    '',
    report.ok ? 'CHAOS RUN OK: every in-scope record is in QuickBooks exactly once.' : 'CHAOS RUN FAILED',
  );
  return out.join('\n');
}
