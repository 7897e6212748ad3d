import { describe, expect, it } from 'vitest';
import type { GraphStore } from '../gossip/graph-store.ts';
import { routingGraph } from '../routing/graph-index.ts';
import { graphView, REINDEX_AT_MOST_EVERY_MS } from './graph-view.ts';

/** Just what the view reads of a GraphStore: its version and (no) channels. */
function fakeGraph(): { graph: GraphStore; bump(): void } {
  const state = { version: 1 };
  const graph = { get version() { return state.version; }, channels: () => [], capacityMsat: () => null } as unknown as GraphStore;
  return { graph, bump: () => void state.version++ };
}

describe('graphView', () => {
  it('follows the graph at most every REINDEX_AT_MOST_EVERY_MS while gossip streams in, and at once after refresh()', () => {
    let now = 1_000_000;
    const { graph, bump } = fakeGraph();
    const view = graphView(graph, () => now);
    const first = routingGraph(view);
    expect(routingGraph(view)).toBe(first);

    bump();
    now += 1_000;
    expect(routingGraph(view), 'a new message a second later: the index is reused').toBe(first);

    now += REINDEX_AT_MOST_EVERY_MS;
    const second = routingGraph(view);
    expect(second, 'the interval passed: rebuilt').not.toBe(first);

    bump();
    now += 10;
    expect(routingGraph(view)).toBe(second);
    expect(view.stale).toBe(true);
    view.refresh();
    expect(view.stale).toBe(false);
    expect(routingGraph(view), 'a failure update applied: rebuilt at once').not.toBe(second);
  });
});
