import { useCallback, useId, useState, type FormEvent } from 'react';
import { confirmWordMatches, pickConfirmPositions } from './confirm-positions.ts';
import { MnemonicGrid } from './MnemonicGrid.tsx';
import { PassphraseFields } from './PassphraseFields.tsx';
import { CODE_INPUT } from './input-props.ts';
import { checkNewPassphrase } from './passphrase-check.ts';
import { useAction, useQuery } from './rpc-hooks.ts';
import { ScreenHeader } from './ScreenHeading.tsx';
import { Busy, ErrorNotice, FieldError, Loading } from './Status.tsx';
import { useWallet } from './wallet-context.ts';
import { WarningIcon } from './icons.tsx';

const CONFIRM_COUNT = 3;

type Step = 'words' | 'confirm' | 'passphrase';

/** New wallet: show the words, have some typed back, choose a passphrase, then store. */
export function CreateWallet({ onCancel }: { onCancel: () => void }) {
  const { call } = useWallet();
  const mnemonic = useQuery(useCallback(() => call('generateMnemonic'), [call]));
  const [step, setStep] = useState<Step>('words');

  if (!mnemonic.data) {
    return (
      <section className="screen" aria-labelledby="create-heading">
        <ScreenHeader id="create-heading" title="Your recovery words" onBack={onCancel} />
        {mnemonic.error ? (
          <ErrorNotice error={mnemonic.error} context="create" onRetry={mnemonic.reload} />
        ) : (
          <Loading>Creating your recovery words…</Loading>
        )}
      </section>
    );
  }
  const words = mnemonic.data;
  switch (step) {
    case 'words':
      return <ShowWords words={words} onBack={onCancel} onNext={() => setStep('confirm')} />;
    case 'confirm':
      return <ConfirmWords words={words} onBack={() => setStep('words')} onNext={() => setStep('passphrase')} />;
    case 'passphrase':
      return <ChoosePassphrase words={words} onBack={() => setStep('words')} />;
  }
}

function ShowWords({ words, onBack, onNext }: { words: string[]; onBack: () => void; onNext: () => void }) {
  return (
    <section className="screen" aria-labelledby="words-heading" data-testid="create-words">
      <ScreenHeader id="words-heading" title="Your recovery words" onBack={onBack} />
      <div className="notice notice-warning">
        <WarningIcon />
        <div>
          <p className="notice-title">Write these {words.length} words on paper, in order</p>
          <p>
            They are the only way to get your bitcoin back if this device is lost or this browser’s data is cleared. Keep the paper offline and
            private: anyone who sees the words can take your money. Don’t take a screenshot or store them in a cloud service.
          </p>
        </div>
      </div>
      <MnemonicGrid words={words} />
      <button type="button" className="button button-primary button-block" onClick={onNext} data-testid="words-written">
        I’ve written them down
      </button>
    </section>
  );
}

function ConfirmWords({ words, onBack, onNext }: { words: string[]; onBack: () => void; onNext: () => void }) {
  const id = useId();
  const [positions] = useState(() => pickConfirmPositions(words.length, CONFIRM_COUNT));
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [checked, setChecked] = useState(false);
  const wrong = positions.filter((p) => !confirmWordMatches(words[p]!, typed[p] ?? ''));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (wrong.length === 0) onNext();
  };

  return (
    <section className="screen" aria-labelledby="confirm-heading" data-testid="create-confirm">
      <ScreenHeader id="confirm-heading" title="Check your words" onBack={onBack} />
      <p>To make sure your backup is complete, type these words from your paper.</p>
      <form className="stack" onSubmit={submit} noValidate>
        {positions.map((p) => {
          const isWrong = checked && wrong.includes(p);
          return (
            <div className="field" key={p}>
              <label htmlFor={`${id}-${p}`}>Word #{p + 1}</label>
              <input
                id={`${id}-${p}`}
                className="input input-word"
                value={typed[p] ?? ''}
                onChange={(e) => setTyped((t) => ({ ...t, [p]: e.target.value }))}
                {...CODE_INPUT}
                aria-invalid={isWrong || undefined}
                aria-describedby={isWrong ? `${id}-${p}-error` : undefined}
                data-testid="confirm-word-input"
                data-position={p + 1}
              />
              {isWrong && <FieldError id={`${id}-${p}-error`}>That is not word #{p + 1}. Check your paper.</FieldError>}
            </div>
          );
        })}
        <button type="submit" className="button button-primary button-block" data-testid="confirm-words">
          Continue
        </button>
        <button type="button" className="button button-block" onClick={onBack}>
          Show the words again
        </button>
      </form>
    </section>
  );
}

function ChoosePassphrase({ words, onBack }: { words: string[]; onBack: () => void }) {
  const { call, setWalletState } = useWallet();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const check = checkNewPassphrase(passphrase, repeat, submitted);
  const finish = useAction(useCallback((args: { words: string[]; passphrase: string }) => call('finishCreate', args), [call]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!check.ok) return;
    const state = await finish.run({ words, passphrase });
    if (state) setWalletState(state);
  };

  return (
    <section className="screen" aria-labelledby="passphrase-heading" data-testid="create-passphrase">
      <ScreenHeader id="passphrase-heading" title="Choose a passphrase" onBack={onBack} />
      <p>
        The passphrase encrypts your recovery words on this device, and you’ll type it to open the wallet. It can’t be reset or recovered: if you forget
        it, you’ll need your written words to restore the wallet.
      </p>
      <form className="stack" onSubmit={submit} noValidate>
        <PassphraseFields passphrase={passphrase} repeat={repeat} onPassphrase={setPassphrase} onRepeat={setRepeat} check={check} disabled={finish.pending} />
        {finish.error && <ErrorNotice error={finish.error} context="create" />}
        <button type="submit" className="button button-primary button-block" disabled={finish.pending} data-testid="create-finish">
          <Busy when={finish.pending} label="Encrypting…">Create wallet</Busy>
        </button>
        {finish.pending && (
          <p className="visually-hidden" role="status">
            Encrypting your words on this device…
          </p>
        )}
      </form>
    </section>
  );
}
