import { useCallback, useId, useRef, useState, type FormEvent } from 'react';
import { VERBATIM } from './input-props.ts';
import { useAction } from './rpc-hooks.ts';
import { ScreenHeading } from './ScreenHeading.tsx';
import { Busy, ErrorNotice, FieldError } from './Status.tsx';
import { useWallet } from './wallet-context.ts';

export function LockScreen() {
  const id = useId();
  const { call, setWalletState } = useWallet();
  const [passphrase, setPassphrase] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const unlock = useAction(useCallback((args: { passphrase: string }) => call('unlock', args), [call]));
  const wrong = unlock.error?.code === 'wrong_passphrase';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') {
      input.current?.focus();
      return;
    }
    const state = await unlock.run({ passphrase });
    if (state) {
      setWalletState(state);
    } else {
      input.current?.select();
      input.current?.focus();
    }
  };

  return (
    <section className="screen" aria-labelledby="lock-heading" data-testid="lock-screen">
      <ScreenHeading id="lock-heading">Unlock your wallet</ScreenHeading>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-passphrase`}>Passphrase</label>
          <input
            ref={input}
            id={`${id}-passphrase`}
            className="input"
            type="password"
            autoComplete="current-password"
            {...VERBATIM}
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.target.value);
              if (unlock.error) unlock.clearError();
            }}
            readOnly={unlock.pending}
            aria-invalid={wrong || undefined}
            aria-describedby={wrong ? `${id}-error` : undefined}
            data-testid="passphrase"
          />
          {wrong && (
            <FieldError id={`${id}-error`}>
              <span data-testid="unlock-error">That passphrase isn’t right. Check Caps Lock and the keyboard language, then try again.</span>
            </FieldError>
          )}
        </div>
        {unlock.error && !wrong && <ErrorNotice error={unlock.error} context="unlock" />}
        <button type="submit" className="button button-primary button-block" disabled={unlock.pending} data-testid="unlock-button">
          <Busy when={unlock.pending} label="Unlocking…">Unlock</Busy>
        </button>
        <p className="visually-hidden" role="status" aria-live="polite">
          {unlock.pending ? 'Unlocking…' : ''}
        </p>
      </form>
      <details>
        <summary>Forgot your passphrase?</summary>
        <p>
          It can’t be reset or recovered. Your recovery words still give you your bitcoin: restore them in another browser or on another device, and
          choose a new passphrase there.
        </p>
      </details>
    </section>
  );
}
