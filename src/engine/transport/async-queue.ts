/**
 * An unbounded single-consumer queue read with `for await`. Items pushed before anyone reads
 * are kept; after `end`, the reader drains what is left and then finishes (or throws `error`).
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  private ending: { error?: unknown } | undefined;

  push(item: T): void {
    if (this.ending) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting.resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** No more items; once the backlog is read, the reader finishes, or throws `error` if given. */
  end(error?: unknown): void {
    if (this.ending) return;
    this.ending = error === undefined ? {} : { error };
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    if (error === undefined) waiting.resolve({ value: undefined, done: true });
    else waiting.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head++]!;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ending) {
      return 'error' in this.ending ? Promise.reject(this.ending.error) : Promise.resolve({ value: undefined, done: true });
    }
    if (this.waiting) return Promise.reject(new Error('AsyncQueue has a single reader'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }
}
