import { useEffect, useId, useRef, type ReactNode, type SyntheticEvent } from 'react';
import type { RpcErrorData } from '../worker/rpc.ts';
import type { ErrorContext } from './error-advice.ts';
import { Busy, ErrorNotice } from './Status.tsx';

/**
 * A modal question before something that can't be undone. It opens as a native modal <dialog>
 * (focus stays inside, Escape cancels), with Cancel focused so a stray Enter does nothing harmful.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  pendingLabel,
  danger = false,
  pending,
  error,
  errorContext,
  onConfirm,
  onCancel,
  testId = 'confirm-dialog',
  confirmTestId = 'confirm-dialog-confirm',
  cancelTestId = 'confirm-dialog-cancel',
}: {
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  danger?: boolean;
  pending: boolean;
  error?: RpcErrorData;
  errorContext?: ErrorContext;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
  confirmTestId?: string;
  cancelTestId?: string;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    cancel.current?.focus();
    return () => {
      if (element.open) element.close();
    };
  }, []);

  // Escape asks to cancel; the parent decides (nothing happens while the engine is working on it).
  const onEscape = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!pending) onCancel();
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onCancel={onEscape} data-testid={testId}>
      <h3 id={`${id}-title`} className="dialog-title">
        {title}
      </h3>
      <div id={`${id}-body`} className="dialog-body">
        {children}
      </div>
      {error && <ErrorNotice error={error} context={errorContext} testId={`${testId}-error`} />}
      <div className="actions dialog-actions">
        <button ref={cancel} type="button" className="button" onClick={onCancel} disabled={pending} data-testid={cancelTestId}>
          Cancel
        </button>
        <button type="button" className={danger ? 'button button-danger' : 'button button-primary'} onClick={onConfirm} disabled={pending} data-testid={confirmTestId}>
          <Busy when={pending} label={pendingLabel}>
            {confirmLabel}
          </Busy>
        </button>
      </div>
    </dialog>
  );
}
