/**
 * Runs one channel: events go through `step` one at a time, and each step's effects run in
 * order, each awaited, before the next event is taken. A `persist` effect completes (a durable
 * store commit) before any later `send`, so nothing the peer sees depends on a state we could lose.
 */
import { step } from '../channel/step.ts';
import type { ChannelEnv, ChannelEvent, ChannelState, Effect, StepResult } from '../channel/state.ts';

export interface EffectRunner {
  run(state: ChannelState, effect: Effect, index: number): Promise<void>;
}

/** Thrown by a crash hook: the executor stops dead, as if the process had been killed. */
export class ExecutorHalted extends Error {
  override readonly name = 'ExecutorHalted';
}

export class ChannelExecutor {
  #state: ChannelState;
  #queue: Promise<unknown> = Promise.resolve();
  #halted = false;

  constructor(
    state: ChannelState,
    private readonly env: () => ChannelEnv,
    private readonly runner: EffectRunner,
  ) {
    this.#state = state;
  }

  get state(): ChannelState {
    return this.#state;
  }

  get halted(): boolean {
    return this.#halted;
  }

  /** Queues an event; resolves with the step's result once all its effects have run. Commands may reject (CommandRefused). */
  handle(event: ChannelEvent): Promise<StepResult> {
    const run = this.#queue.then(() => this.#process(event));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Runs effects produced outside a step (the first state's, e.g. open_channel). */
  start(result: StepResult): Promise<StepResult> {
    const run = this.#queue.then(async () => {
      this.#state = result.state;
      await this.#runEffects(result);
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #process(event: ChannelEvent): Promise<StepResult> {
    if (this.#halted) throw new ExecutorHalted('the channel executor has stopped');
    const result = step(this.#state, event, this.env());
    this.#state = result.state;
    await this.#runEffects(result);
    return result;
  }

  async #runEffects(result: StepResult): Promise<void> {
    for (const [index, effect] of result.effects.entries()) {
      if (this.#halted) throw new ExecutorHalted('the channel executor has stopped');
      try {
        await this.runner.run(result.state, effect, index);
      } catch (e) {
        if (e instanceof ExecutorHalted) this.#halted = true;
        throw e;
      }
    }
  }
}
