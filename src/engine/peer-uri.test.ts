import { describe, expect, it } from 'vitest';
import { EngineError } from './engine-error.ts';
import { formatPeerUri, parseNodeId, parsePeerUri } from './peer-uri.ts';

const NODE_ID = '02341d6be217dc8fa7a32d8bd927928f8d6c7ef2a8e7039e3b52dfa681605e1ca3';

describe('peer URIs', () => {
  it('parses a node id at a WebSocket URL', () => {
    const peer = parsePeerUri(`${NODE_ID.toUpperCase()}@ws://127.0.0.1:9736`);
    expect(peer).toEqual({ nodeId: NODE_ID, url: 'ws://127.0.0.1:9736' });
    expect(formatPeerUri(peer)).toBe(`${NODE_ID}@ws://127.0.0.1:9736`);
    expect(parsePeerUri(`${NODE_ID}@wss://lsp.example.com/ln`).url).toBe('wss://lsp.example.com/ln');
  });

  it.each([
    ['not a node id', 'hello@ws://127.0.0.1:1', /66-character node id/],
    ['a node id that is not on the curve', `02${'00'.repeat(32)}@ws://127.0.0.1:1`, /node id/],
    ['no address', NODE_ID, /address is missing/],
    ['not a URL', `${NODE_ID}@127.0.0.1:9735`, /WebSocket|not a URL/],
    ['a TCP address', `${NODE_ID}@http://127.0.0.1:9735`, /ws:\/\/ or wss:\/\//],
  ])('rejects %s with a typed error', (_what, text, message) => {
    expect(() => parsePeerUri(text)).toThrow(EngineError);
    expect(() => parsePeerUri(text)).toThrow(message);
  });
});

describe('parseNodeId', () => {
  it('accepts a compressed public key in any case and refuses anything else with invalid_peer_uri', () => {
    const id = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
    expect(parseNodeId(` ${id.toUpperCase()} `)).toBe(id);
    expect(() => parseNodeId('02' + '00'.repeat(32))).toThrow(expect.objectContaining({ code: 'invalid_peer_uri' }));
    expect(() => parseNodeId('not a node')).toThrow(expect.objectContaining({ code: 'invalid_peer_uri' }));
  });
});
