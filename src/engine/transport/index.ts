export { accept, connect, DEFAULT_HANDSHAKE_TIMEOUT_MS, type AcceptOptions, type ConnectOptions } from './websocket.ts';
export { TransportError, type CloseReason, type NoiseConnection, type SocketEvents, type WebSocketLike } from './connection.ts';
