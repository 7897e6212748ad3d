import { useCallback, useId, useState, type FormEvent } from 'react';
import { describeError, MNEMONIC_ERROR_CODES } from './error-advice.ts';
import { CODE_INPUT } from './input-props.ts';
import { countMnemonicWords, normaliseMnemonicInput } from './mnemonic-input.ts';
import { PassphraseFields } from './PassphraseFields.tsx';
import { checkNewPassphrase } from './passphrase-check.ts';
import { useAction } from './rpc-hooks.ts';
import { ScreenHeader } from './ScreenHeading.tsx';
import { Busy, ErrorNotice, FieldError } from './Status.tsx';
import { useWallet } from './wallet-context.ts';

/** Restore: the words as written down, and a new passphrase for this device. */
export function RestoreWallet({ onCancel }: { onCancel: () => void }) {
  const id = useId();
  const { call, setWalletState } = useWallet();
  const [words, setWords] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const check = checkNewPassphrase(passphrase, repeat, submitted);
  const restore = useAction(useCallback((args: { words: string; passphrase: string }) => call('restore', args), [call]));
  const count = countMnemonicWords(words);
  const mnemonicError = restore.error !== undefined && MNEMONIC_ERROR_CODES.includes(restore.error.code);
  const wordsProblem =
    restore.error && mnemonicError
      ? describeError(restore.error, 'restore').detail
      : submitted && count === 0
        ? 'Enter your recovery words.'
        : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (count === 0 || !check.ok) return;
    const state = await restore.run({ words: normaliseMnemonicInput(words), passphrase });
    if (state) setWalletState(state);
  };

  return (
    <section className="screen" aria-labelledby="restore-heading" data-testid="restore">
      <ScreenHeader id="restore-heading" title="Restore a wallet" onBack={onCancel} />
      <form className="stack" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-words`}>Recovery words</label>
          <textarea
            id={`${id}-words`}
            className="input textarea mono-input"
            rows={4}
            value={words}
            onChange={(e) => {
              setWords(e.target.value);
              if (restore.error) restore.clearError();
            }}
            {...CODE_INPUT}
            disabled={restore.pending}
            aria-invalid={wordsProblem ? true : undefined}
            aria-describedby={`${id}-words-hint${wordsProblem ? ` ${id}-words-error` : ''}`}
            data-testid="restore-words"
          />
          <p id={`${id}-words-hint`} className="field-hint" aria-live="polite">
            {count === 0 ? 'Type or paste the words in order, separated by spaces.' : `${count} ${count === 1 ? 'word' : 'words'}`}
          </p>
          {wordsProblem && (
            <FieldError id={`${id}-words-error`}>
              <span data-testid="restore-words-error">{wordsProblem}</span>
            </FieldError>
          )}
        </div>
        <p>
          Choose a passphrase for this device. It encrypts the words here and can’t be recovered; it doesn’t have to be the one you used before.
        </p>
        <PassphraseFields passphrase={passphrase} repeat={repeat} onPassphrase={setPassphrase} onRepeat={setRepeat} check={check} disabled={restore.pending} />
        {restore.error && !mnemonicError && <ErrorNotice error={restore.error} context="restore" />}
        <button type="submit" className="button button-primary button-block" disabled={restore.pending} data-testid="restore-submit">
          <Busy when={restore.pending} label="Restoring…">Restore wallet</Busy>
        </button>
      </form>
    </section>
  );
}
