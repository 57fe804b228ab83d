// The held lookups of a batch queue merged into the statements that answer them (lookup-merge.ts):
// lookups differing only in one value share an `IN` statement, each answered with its own rows.
import type { QueuedOperation } from './batch-queue';
import { planLookups, type Lookup } from './lookup-merge';
import type { BatchResult, QboEntity } from './schemas';

/** A lookup's answer; `incomplete`: its rows could not be told apart, so it lists them itself. */
export type Answer = BatchResult & { incomplete?: true };

export type Pending = {
  operation: QueuedOperation;
  /** The record leases its run held when it was queued (write-pool.ts `expedite`). */
  leases?: readonly string[] | undefined;
  resolve: (result: Answer) => void;
  reject: (error: unknown) => void;
};

/**
 * The held lookups as the items that answer them: lookups differing only in one value share an
 * `IN` statement (one batch item), each answered with exactly its own rows (lookup-merge.ts).
 */
export function mergeLookups(items: Pending[]): Pending[] {
  const lookups = items.flatMap((item) =>
    item.operation.kind === 'query' && item.operation.lookup ? [item] : [],
  );
  const plans = planLookups(lookups.map((item) => (item.operation as { lookup: Lookup }).lookup));
  const merged = plans.map((plan): Pending => {
    const members = plan.members.map((i) => lookups[i] as Pending);
    const leases = [...new Set(members.flatMap((member) => member.leases ?? []))];
    return {
      operation: { kind: 'query', entity: plan.entity, statement: plan.statement },
      leases,
      reject: (error) => members.forEach((m) => m.reject(error)),
      resolve(result) {
        const split = plan.split((result.query?.[plan.entity] ?? []) as QboEntity[]);
        members.forEach((member, i) =>
          member.resolve(
            split
              ? { bId: result.bId, query: { [plan.entity]: split[i] ?? [] } }
              : { bId: result.bId, incomplete: true },
          ),
        );
      },
    };
  });
  return [...items.filter((item) => !lookups.includes(item)), ...merged];
}
