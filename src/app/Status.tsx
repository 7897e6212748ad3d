import type { ReactNode } from 'react';
import type { RpcErrorData } from '../worker/rpc.ts';
import { describeError, type ErrorContext } from './error-advice.ts';

export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}

/** A button's label; while the engine works on what it asked for, a spinner and what is happening instead. */
export function Busy({ when, label, children }: { when: boolean; label: string; children: ReactNode }) {
  return when ? (
    <>
      <Spinner /> {label}
    </>
  ) : (
    children
  );
}

/** Something is being loaded: announced politely, with a spinner. */
export function Loading({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite" data-testid={testId}>
      <Spinner />
      {children}
    </p>
  );
}

/** An error the person can act on: what happened, what to do, and the raw error behind a disclosure. */
export function ErrorNotice({
  error,
  context,
  onRetry,
  retryLabel = 'Try again',
  testId = 'error-notice',
}: {
  error: RpcErrorData;
  context?: ErrorContext;
  onRetry?: () => void;
  retryLabel?: string;
  testId?: string;
}) {
  const { title, detail, advice } = describeError(error, context);
  return (
    <div className="notice notice-error" role="alert" data-testid={testId} data-error-code={error.code}>
      <p className="notice-title">{title}</p>
      {detail && <p data-testid={`${testId}-detail`}>{detail}</p>}
      <p>{advice}</p>
      {onRetry && (
        <div className="actions">
          <button type="button" className="button" onClick={onRetry}>
            {retryLabel}
          </button>
        </div>
      )}
      <details>
        <summary>Technical details</summary>
        <code>
          {error.name} ({error.code}): {error.message}
        </code>
      </details>
    </div>
  );
}

/** A field's own problem, tied to the field with aria-describedby. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="field-error" role="alert">
      {children}
    </p>
  );
}
