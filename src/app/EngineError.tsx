import type { RpcErrorData } from '../worker/rpc.ts';

const HINTS: Record<string, string> = {
  worker_unsupported: 'This browser cannot run the wallet engine. Update it, or use a recent Chrome, Edge, Safari or Firefox.',
  timeout: 'The engine did not answer in time. Your device may be busy: close other tabs and try again.',
};
const DEFAULT_HINT =
  'Try again. If it keeps failing, reload the page; if that does not help, update your browser — the wallet needs module Web Workers.';

export function EngineError({ error, onRetry }: { error: RpcErrorData; onRetry: () => void }) {
  return (
    <section className="card card-error" role="alert" data-testid="engine-error">
      <h2>The wallet engine didn’t start</h2>
      <p>{HINTS[error.code] ?? DEFAULT_HINT}</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onRetry} data-testid="engine-retry">
          Try again
        </button>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload page
        </button>
      </div>
      <details>
        <summary>Technical details</summary>
        <code data-testid="engine-error-detail">
          {error.name} ({error.code}): {error.message}
        </code>
      </details>
    </section>
  );
}
