import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.ts';

async function drain<T>(queue: AsyncQueue<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of queue) items.push(item);
  return items;
}

describe('AsyncQueue', () => {
  it('keeps items pushed before and while reading, in order, then ends', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.push(2);
    const read = drain(queue);
    queue.push(3);
    await Promise.resolve();
    queue.push(4);
    queue.end();
    queue.push(5);
    expect(await read).toEqual([1, 2, 3, 4]);
  });

  it('delivers the backlog before throwing the end error', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.end(new Error('broken'));
    const iterator = queue[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    await expect(iterator.next()).rejects.toThrow('broken');
  });

  it('wakes a waiting reader with the end error', async () => {
    const queue = new AsyncQueue<number>();
    const read = drain(queue);
    queue.end(new Error('gone'));
    await expect(read).rejects.toThrow('gone');
  });

  it('allows a single waiting reader', async () => {
    const queue = new AsyncQueue<number>();
    const first = queue[Symbol.asyncIterator]().next();
    await expect(queue[Symbol.asyncIterator]().next()).rejects.toThrow(/single reader/);
    queue.push(7);
    expect(await first).toEqual({ value: 7, done: false });
  });
});
