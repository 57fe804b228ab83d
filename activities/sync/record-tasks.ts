// Records of one run syncing side by side, each as a *task*. A task waiting for a held QBO call
// or for another task's work (a record it depends on, a shared lookup) is *parked*. When every
// task is parked, nothing else will join the batch queue, so what it holds is sent at once. When
// every task waits and no QBO call is out, nothing can ever finish (records needing each other):
// the waits are rejected.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallObserver } from '../qbo/sync-client';
import { noteNeeds } from '../qbo/wanted-records';

/**
 * `parked`: calls and waits of the task still pending; `ended`: its record's sync returned;
 * `leases`: the record leases it holds (its pooled writes carry them: write-pool.ts `expedite`).
 */
type TaskState = {
  tasks: RecordTasks;
  parked: number;
  ended: boolean;
  leases: string[];
  /** The task that needed this one (a dependency's task), if any. */
  parent?: TaskState | undefined;
};

/**
 * Which task the running code belongs to. One instance for the process: every live
 * AsyncLocalStorage costs every promise created anywhere.
 */
const currentTask = new AsyncLocalStorage<TaskState>();

/** The record leases the running task holds (none outside a task). */
export function heldLeases(): readonly string[] | undefined {
  const leases = currentTask.getStore()?.leases;
  return leases && leases.length > 0 ? [...leases] : undefined;
}

/** The leases the running task and the tasks that need it hold (the records waiting for it). */
export function leasesAbove(): string[] {
  const held: string[] = [];
  for (let task = currentTask.getStore(); task; task = task.parent) held.push(...task.leases);
  return held;
}

/**
 * Notes that the running task holds the lease `tag`, and that the records above it wait for it
 * (wanted-records.ts `noteNeeds`); the function returned un-notes both.
 */
export function noteLeaseHeld(tag: string): () => void {
  const task = currentTask.getStore();
  if (!task) return () => {};
  const endNeeds = noteNeeds(leasesAbove(), tag);
  task.leases.push(tag);
  return () => {
    endNeeds();
    const at = task.leases.indexOf(tag);
    if (at >= 0) task.leases.splice(at, 1);
  };
}

/**
 * Notes that the records above the running task wait for the record under `tag`, which this run
 * is already syncing elsewhere (a page's other task): while they are wanted, so is it. The
 * function returned ends the note.
 */
export function noteWaitingFor(tag: string): () => void {
  const above = leasesAbove();
  return above.length > 0 ? noteNeeds(above, tag) : () => {};
}

const once = (fn: () => void) => {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
};

export class RecordTasks implements CallObserver {
  private running = 0;
  private parkedTasks = 0;
  /** QBO calls started and not answered yet (held in the queue or sent). */
  private outstanding = 0;
  private settle: NodeJS.Immediate | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  /** Counts every change of the tasks' states, to tell a lasting standstill from a passing one. */
  private changes = 0;
  private readonly waiters = new Set<() => void>();
  private sendHeld: () => void = () => {};

  constructor(private readonly options: { stallMs?: number } = {}) {}

  /** What sends the calls the client holds (its batch queue's flush). */
  sendHeldWith(flush: () => void): void {
    this.sendHeld = flush;
  }

  /** Runs one record's sync as a task. */
  async task<T>(fn: () => Promise<T>): Promise<T> {
    const state: TaskState = { tasks: this, parked: 0, ended: false, leases: [], parent: this.ownTask() };
    this.running += 1;
    try {
      return await currentTask.run(state, fn);
    } finally {
      this.running -= 1;
      this.changes += 1;
      state.ended = true;
      // A call it left behind (a branch of a failed Promise.all) no longer counts it as parked.
      if (state.parked > 0) this.parkedTasks -= 1;
      this.poke();
    }
  }

  /** Waits for another task's work, parked meanwhile; rejected with `stalled()` at a standstill. */
  wait<T>(promise: Promise<T>, stalled: () => Error): Promise<T> {
    const owner = this.ownTask();
    if (!owner) return promise;
    let fail: (error: Error) => void = () => {};
    const onStall = () => fail(stalled());
    const stall = new Promise<never>((_, reject) => (fail = reject));
    this.waiters.add(onStall);
    this.park(owner);
    this.poke();
    return Promise.race([promise, stall]).finally(() => {
      this.waiters.delete(onStall);
      this.unpark(owner);
    });
  }

  held(): () => void {
    const owner = this.ownTask();
    this.outstanding += 1;
    if (owner) this.park(owner);
    this.poke();
    return once(() => {
      this.outstanding -= 1;
      if (owner) this.unpark(owner);
      this.poke();
    });
  }

  sent(): () => void {
    this.outstanding += 1;
    return once(() => {
      this.outstanding -= 1;
      this.poke();
    });
  }

  leases(): readonly string[] | undefined {
    return heldLeases();
  }

  private ownTask(): TaskState | undefined {
    const task = currentTask.getStore();
    return task?.tasks === this ? task : undefined;
  }

  private park(owner: TaskState): void {
    this.changes += 1;
    owner.parked += 1;
    if (owner.parked === 1 && !owner.ended) this.parkedTasks += 1;
  }

  private unpark(owner: TaskState): void {
    this.changes += 1;
    owner.parked -= 1;
    if (owner.parked === 0 && !owner.ended) this.parkedTasks -= 1;
  }

  /**
   * Called after every change; decides once pending callbacks have run (tasks started together
   * reach their first call one after another, and a wait that just ended may not have unparked yet).
   */
  private poke(): void {
    this.settle ??= setImmediate(() => {
      this.settle = undefined;
      this.decide();
    });
  }

  private decide(): void {
    if (this.parkedTasks >= this.running && this.outstanding > 0) {
      this.sendHeld();
    } else if (this.looksStuck()) {
      // Work not seen here (a database read a task left running) may still end a wait, so only
      // a state that lasts is taken for records needing each other.
      const seen = this.changes;
      this.stallTimer ??= setTimeout(() => {
        this.stallTimer = undefined;
        if (this.changes === seen && this.looksStuck()) for (const onStall of [...this.waiters]) onStall();
        else this.poke();
      }, this.options.stallMs ?? 2_000);
    }
  }

  private looksStuck(): boolean {
    return (
      this.parkedTasks >= this.running && this.running > 0 && this.outstanding === 0 && this.waiters.size > 0
    );
  }
}
