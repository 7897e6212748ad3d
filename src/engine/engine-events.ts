export type Listener<E> = (event: E) => void;

/** A minimal synchronous event emitter: one listener's exception never stops the others. */
export class Emitter<E> {
  readonly #listeners = new Set<Listener<E>>();

  /** Subscribes; returns the unsubscribe function. */
  on(listener: Listener<E>): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: E): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (err) {
        // Surface the bug as an uncaught error without skipping the remaining listeners.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
