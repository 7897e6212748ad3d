import type { ChainEvent } from './source.ts';

/**
 * Delivers chain events in order. Events raised while listeners run (a listener that mines, say) are
 * queued behind the current one, so every listener sees every event in chain order.
 */
export class ChainEvents {
  private readonly listeners = new Set<(event: ChainEvent) => void>();
  private readonly queue: ChainEvent[] = [];
  private dispatching = false;

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(listener: (event: ChainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: ChainEvent[]): void {
    this.queue.push(...events);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let event = this.queue.shift(); event; event = this.queue.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(event);
          } catch (error) {
            this.onListenerError(error);
          }
        }
      }
    } finally {
      this.dispatching = false;
    }
  }
}
