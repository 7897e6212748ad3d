/**
 * Instruments our wallet node from the outside (src/ is not touched): every store commit (when it
 * started and ended, what it wrote), every message from the peer (when `peerMessage` was entered
 * and when it returned) and every channel effect (through the harness's `beforeEffect` hook).
 * From these a payment's latency is split into time our engine was busy (stepping, signing,
 * persisting) and time it was waiting for the lsp and the network.
 */
import type { Effect } from '../../src/engine/channel/state.ts';
import type { LightningNode } from '../../src/engine/lightning/node.ts';
import type { Store, Write } from '../../src/engine/storage/store.ts';
import { HEADER_BYTES } from '../../src/node/frames.ts';
import { toTaggedJson, type Json } from '../../src/node/tagged-json.ts';

/** Bytes the file store appends to its log for one commit: one frame of `{"w":[…]}` (file-store.ts `apply`). */
export function logRecordBytes(writes: readonly Write[]): number {
  const encoded = writes.map((w): Json => (w.op === 'put' ? ['p', w.collection, w.key, toTaggedJson(w.value)] : ['d', w.collection, w.key]));
  return HEADER_BYTES + Buffer.byteLength(JSON.stringify({ w: encoded }));
}

export interface CommitRecord {
  start: number;
  end: number;
  writes: readonly Write[];
}

interface Mark {
  t: number;
  label: string;
}

export interface PaymentBreakdown {
  /** Time our engine was handling something on this payment's path: the pay command, then each message from the lsp. */
  busyMs: number;
  /** Time spent in store commits (append + fdatasync), part of busyMs. */
  persistMs: number;
  commits: number;
  /** The rest: waiting for the lsp (same process, same thread) and the sockets. */
  waitingMs: number;
}

export class OursTrace {
  recording = false;
  readonly commits: CommitRecord[] = [];
  readonly marks: Mark[] = [];

  /** Wraps the store's commit and the node's message entry point; effects come in through `effect`. */
  attach(store: Store, node: LightningNode): void {
    const commit = store.commit.bind(store);
    store.commit = async (writes) => {
      const start = performance.now();
      try {
        await commit(writes);
      } finally {
        if (this.recording) this.commits.push({ start, end: performance.now(), writes });
      }
    };
    const peerMessage = node.peerMessage.bind(node);
    node.peerMessage = async (nodeId, message) => {
      this.mark(`recv ${message.type}`);
      try {
        await peerMessage(nodeId, message);
      } finally {
        this.mark(`done ${message.type}`);
      }
    };
  }

  /** For the harness's `beforeEffect` hook. */
  effect(effect: Effect): void {
    if (!this.recording) return;
    if (effect.kind === 'send') this.mark(`send ${effect.name}`);
    else if (effect.kind === 'notify') this.mark(`note ${effect.note.type}`);
    else this.mark(effect.kind);
  }

  mark(label: string): void {
    if (this.recording) this.marks.push({ t: performance.now(), label });
  }

  clear(): void {
    this.commits.length = 0;
    this.marks.length = 0;
  }

  /** Splits the window [t0, t1] of one payment. */
  breakdown(t0: number, t1: number): PaymentBreakdown {
    const inWindow = this.marks.filter((m) => m.t >= t0 && m.t <= t1);
    const intervals: [number, number][] = [];
    // The pay command itself: from the call to its last effect before the first message from the peer.
    const firstRecv = inWindow.findIndex((m) => m.label.startsWith('recv '));
    const commandMarks = (firstRecv < 0 ? inWindow : inWindow.slice(0, firstRecv)).filter((m) => !m.label.startsWith('done '));
    intervals.push([t0, commandMarks.at(-1)?.t ?? t0]);
    // Each message: peerMessage is entered for the next one only after the previous returned.
    let open: number | undefined;
    for (const m of this.marks) {
      if (m.label.startsWith('recv ')) open = m.t;
      else if (m.label.startsWith('done ') && open !== undefined) {
        if (m.t >= t0 && open <= t1) intervals.push([Math.max(open, t0), Math.min(m.t, t1)]);
        open = undefined;
      }
    }
    if (open !== undefined && open <= t1) intervals.push([Math.max(open, t0), t1]);
    const busyMs = unionLength(intervals);
    let persistMs = 0;
    let commits = 0;
    for (const c of this.commits) {
      const overlap = Math.min(c.end, t1) - Math.max(c.start, t0);
      if (overlap > 0) persistMs += overlap;
      if (c.start >= t0 && c.start <= t1) commits++;
    }
    return { busyMs, persistMs, commits, waitingMs: t1 - t0 - busyMs };
  }

  /** Offsets from t0 of the marks in [t0, t1], labelled with their occurrence (`send commitment_signed #2`). */
  timeline(t0: number, t1: number): Map<string, number> {
    const seen = new Map<string, number>();
    const out = new Map<string, number>();
    for (const m of this.marks) {
      if (m.t < t0 || m.t > t1) continue;
      const n = (seen.get(m.label) ?? 0) + 1;
      seen.set(m.label, n);
      out.set(n === 1 ? m.label : `${m.label} #${n}`, m.t - t0);
    }
    return out;
  }
}

function unionLength(intervals: [number, number][]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of sorted) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}
