import { useEffect, useState } from 'react';
import { CAMERA_PROBLEM_TEXT } from './qr-scan.ts';
import { Loading } from './Status.tsx';
import { useQrScanner } from './useQrScanner.ts';

/** The camera view that reads a QR code: an invoice, an address or a payment link. Escape or Close ends it. */
export function QrScanner({ onText, onClose }: { onText: (text: string) => void; onClose: () => void }) {
  const [attempt, setAttempt] = useState(0);
  const { video, state } = useQrScanner(onText, attempt);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const problem = state.status === 'problem' ? CAMERA_PROBLEM_TEXT[state.problem] : undefined;
  return (
    <div className="scanner" role="group" aria-label="Scan a QR code" data-testid="scanner" data-scan-state={state.status}>
      <div className="scanner-view" hidden={state.status === 'problem'}>
        <video ref={video} className="scanner-video" muted playsInline aria-hidden="true" data-testid="scanner-video" />
        <div className="scanner-target" aria-hidden="true" />
      </div>
      {state.status === 'starting' && <Loading>Starting the camera…</Loading>}
      {state.status === 'scanning' && (
        <p className="field-hint" role="status">
          Point the camera at the QR code of an invoice, an address or a payment link.
        </p>
      )}
      {problem && state.status === 'problem' && (
        <div className="notice notice-error" role="alert" data-testid="scanner-problem" data-problem={state.problem}>
          <p className="notice-title">{problem.title}</p>
          <p>{problem.advice}</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)} data-testid="scanner-retry">
              Try again
            </button>
          </div>
        </div>
      )}
      <button type="button" className="button button-block" onClick={onClose} data-testid="scanner-close">
        Close camera
      </button>
    </div>
  );
}
