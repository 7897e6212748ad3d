/**
 * Binary min-heap of (key, item) pairs on typed arrays, for Dijkstra with lazy deletion (an item
 * may be pushed again with a lower key; the caller skips stale pops). Equal keys pop in ascending
 * item order, so searches are deterministic.
 */
export class MinHeap {
  #keys: Float64Array;
  #items: Int32Array;
  #size = 0;

  constructor(capacity = 64) {
    this.#keys = new Float64Array(Math.max(capacity, 4));
    this.#items = new Int32Array(Math.max(capacity, 4));
  }

  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#size = 0;
  }

  push(key: number, item: number): void {
    if (this.#size === this.#keys.length) this.#grow();
    const keys = this.#keys;
    const items = this.#items;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent]!;
      if (parentKey < key || (parentKey === key && items[parent]! <= item)) break;
      keys[i] = parentKey;
      items[i] = items[parent]!;
      i = parent;
    }
    keys[i] = key;
    items[i] = item;
  }

  /** Key of the top entry; undefined when empty. */
  peekKey(): number | undefined {
    return this.#size === 0 ? undefined : this.#keys[0];
  }

  /** Removes the top entry and returns its item; -1 when empty. Read its key with peekKey() first. */
  pop(): number {
    if (this.#size === 0) return -1;
    const keys = this.#keys;
    const items = this.#items;
    const top = items[0]!;
    const size = --this.#size;
    if (size === 0) return top;
    const key = keys[size]!;
    const item = items[size]!;
    let i = 0;
    while (true) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (keys[right]! < keys[child]! || (keys[right] === keys[child] && items[right]! < items[child]!))) child = right;
      const childKey = keys[child]!;
      if (key < childKey || (key === childKey && item <= items[child]!)) break;
      keys[i] = childKey;
      items[i] = items[child]!;
      i = child;
    }
    keys[i] = key;
    items[i] = item;
    return top;
  }

  #grow(): void {
    const keys = new Float64Array(this.#keys.length * 2);
    const items = new Int32Array(this.#items.length * 2);
    keys.set(this.#keys);
    items.set(this.#items);
    this.#keys = keys;
    this.#items = items;
  }
}
