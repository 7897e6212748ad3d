/** Errors the engine reports to its host, with a code the UI can act on. */
export type EngineErrorCode = 'invalid_config' | 'invalid_peer_uri' | 'not_running';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}
