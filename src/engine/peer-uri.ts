import { isValidPublicKey } from '../protocol/crypto/index.ts';
import { fromHex } from '../protocol/codec/bytes.ts';
import { EngineError } from './engine-error.ts';

/** A Lightning peer reachable over WebSocket: `<node id>@ws(s)://host:port`. */
export interface PeerUri {
  /** 33-byte compressed public key, lower-case hex. */
  nodeId: string;
  /** ws:// or wss:// URL the peer (or its websockify front) listens on. */
  url: string;
}

/** A node id as typed (hex, any case), checked to be a compressed public key; lower-case hex. */
export function parseNodeId(text: string): string {
  const nodeId = text.trim().toLowerCase();
  if (!/^[0-9a-f]{66}$/.test(nodeId) || !isValidPublicKey(fromHex(nodeId))) {
    throw new EngineError('invalid_peer_uri', 'a peer must start with its 66-character node id (a compressed public key in hex)');
  }
  return nodeId;
}

export function parsePeerUri(text: string): PeerUri {
  const at = text.indexOf('@');
  const nodeId = parseNodeId(at < 0 ? text : text.slice(0, at));
  if (at < 0) throw new EngineError('invalid_peer_uri', 'the peer address is missing: expected <node id>@ws://host:port');
  let url: URL;
  try {
    url = new URL(text.slice(at + 1).trim());
  } catch {
    throw new EngineError('invalid_peer_uri', 'the peer address is not a URL: expected <node id>@ws://host:port');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new EngineError('invalid_peer_uri', `peers are reached over WebSocket (ws:// or wss://), not ${url.protocol}`);
  }
  return { nodeId, url: url.href.replace(/\/$/, '') };
}

export function formatPeerUri(peer: PeerUri): string {
  return `${peer.nodeId}@${peer.url}`;
}
