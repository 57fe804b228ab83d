// What a stack has started, undone last-first. Once closed, anything added later (a part that
// came up while the stack was being stopped) is undone at once.
export class Closers {
  private readonly list: Array<() => Promise<unknown>> = [];
  private closed = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  add(closer: () => Promise<unknown>): void {
    if (this.closed) void closer().catch(this.onError);
    else this.list.push(closer);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const closer of this.list.splice(0).reverse()) await closer().catch(this.onError);
  }
}
