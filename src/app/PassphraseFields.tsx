import { useId, useState } from 'react';
import { VERBATIM } from './input-props.ts';
import { MIN_PASSPHRASE_LENGTH, STRENGTH_HINTS, type PassphraseCheck } from './passphrase-check.ts';
import { FieldError } from './Status.tsx';

const STRENGTH_LEVEL = { too_short: 0, weak: 1, fair: 2, strong: 3 } as const;

/** A new passphrase typed twice, with a strength hint; the parent owns the values and the check. */
export function PassphraseFields({
  passphrase,
  repeat,
  onPassphrase,
  onRepeat,
  check,
  disabled,
}: {
  passphrase: string;
  repeat: string;
  onPassphrase: (value: string) => void;
  onRepeat: (value: string) => void;
  check: PassphraseCheck;
  disabled?: boolean;
}) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  const type = visible ? 'text' : 'password';
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const repeatErrorId = `${id}-repeat-error`;
  const level = STRENGTH_LEVEL[check.strength];

  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-passphrase`}>New passphrase</label>
        <input
          id={`${id}-passphrase`}
          className="input"
          type={type}
          autoComplete="new-password"
          {...VERBATIM}
          minLength={MIN_PASSPHRASE_LENGTH}
          value={passphrase}
          onChange={(e) => onPassphrase(e.target.value)}
          disabled={disabled}
          aria-invalid={check.passphraseProblem ? true : undefined}
          aria-describedby={[hintId, check.passphraseProblem ? errorId : ''].join(' ').trim()}
          data-testid="passphrase"
        />
        <div className="strength" aria-hidden="true" data-level={level}>
          <span />
          <span />
          <span />
        </div>
        <p id={hintId} className="field-hint" aria-live="polite" data-testid="passphrase-strength">
          {passphrase.length === 0 ? `At least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words work well.` : STRENGTH_HINTS[check.strength]}
        </p>
        {check.passphraseProblem && passphrase.length > 0 && <FieldError id={errorId}>{check.passphraseProblem}</FieldError>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-repeat`}>Type it again</label>
        <input
          id={`${id}-repeat`}
          className="input"
          type={type}
          autoComplete="new-password"
          {...VERBATIM}
          value={repeat}
          onChange={(e) => onRepeat(e.target.value)}
          disabled={disabled}
          aria-invalid={check.repeatProblem ? true : undefined}
          aria-describedby={check.repeatProblem ? repeatErrorId : undefined}
          data-testid="passphrase-repeat"
        />
        {check.repeatProblem && <FieldError id={repeatErrorId}>{check.repeatProblem}</FieldError>}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={visible} onChange={(e) => setVisible(e.target.checked)} />
        Show passphrase
      </label>
    </>
  );
}
