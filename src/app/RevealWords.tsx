import { useCallback, useId, useState, type FormEvent } from 'react';
import { MnemonicGrid } from './MnemonicGrid.tsx';
import { useAction } from './rpc-hooks.ts';
import { Busy, ErrorNotice, FieldError } from './Status.tsx';
import { useWallet } from './wallet-context.ts';

/** Shows the recovery words again, after the passphrase; they are forgotten when hidden or when leaving Settings. */
export function RevealWords() {
  const id = useId();
  const { call } = useWallet();
  const [passphrase, setPassphrase] = useState('');
  const [words, setWords] = useState<string[]>();
  const reveal = useAction(useCallback((args: { passphrase: string }) => call('revealMnemonic', args), [call]));
  const wrong = reveal.error?.code === 'wrong_passphrase';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') return;
    const result = await reveal.run({ passphrase });
    if (result) {
      setWords(result);
      setPassphrase('');
    }
  };

  if (words) {
    return (
      <div className="stack" data-testid="revealed-words">
        <p className="notice notice-warning">Make sure nobody can see your screen. Anyone with these words can take your bitcoin.</p>
        <MnemonicGrid words={words} />
        <button type="button" className="button button-block" onClick={() => setWords(undefined)} data-testid="hide-words">
          Hide words
        </button>
      </div>
    );
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p>Type your passphrase to see the words, e.g. to check your paper backup.</p>
      <div className="field">
        <label htmlFor={`${id}-passphrase`}>Passphrase</label>
        <input
          id={`${id}-passphrase`}
          className="input"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => {
            setPassphrase(e.target.value);
            if (reveal.error) reveal.clearError();
          }}
          aria-invalid={wrong || undefined}
          aria-describedby={wrong ? `${id}-error` : undefined}
          data-testid="reveal-passphrase"
        />
        {wrong && <FieldError id={`${id}-error`}>That passphrase isn’t right.</FieldError>}
      </div>
      {reveal.error && !wrong && <ErrorNotice error={reveal.error} context="reveal" />}
      <button type="submit" className="button button-block" disabled={reveal.pending || passphrase === ''} data-testid="reveal-button">
        <Busy when={reveal.pending} label="Checking…">Show recovery words</Busy>
      </button>
    </form>
  );
}
