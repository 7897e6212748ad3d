import { useCallback, useId, useState, type FormEvent } from 'react';
import type { Settings } from '../worker/wallet-api.ts';
import { checkEsploraUrl } from './esplora-url.ts';
import { VERBATIM } from './input-props.ts';
import { useAction } from './rpc-hooks.ts';
import { Busy, ErrorNotice, FieldError } from './Status.tsx';
import { useWallet } from './wallet-context.ts';

export function EsploraUrlForm({ current, onSaved }: { current: string; onSaved: (settings: Settings) => void }) {
  const id = useId();
  const { call } = useWallet();
  const [value, setValue] = useState(current);
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);
  const save = useAction(useCallback((esploraUrl: string) => call('updateSettings', { esploraUrl }), [call]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const check = checkEsploraUrl(value, window.location.protocol);
    if (!check.ok) {
      setProblem(check.problem);
      return;
    }
    setProblem(undefined);
    const settings = await save.run(check.url);
    if (settings) {
      onSaved(settings);
      setValue(settings.esploraUrl);
      setSaved(true);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-url`}>Esplora server</label>
        <input
          id={`${id}-url`}
          className="input mono-input"
          type="url"
          inputMode="url"
          autoComplete="off"
          {...VERBATIM}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
            setProblem(undefined);
          }}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
          data-testid="settings-esplora-url"
        />
        <p id={`${id}-hint`} className="field-hint">
          The wallet reads the chain and broadcasts through this server. It sees your addresses, so choose one you trust.
        </p>
        {problem && <FieldError id={`${id}-problem`}>{problem}</FieldError>}
      </div>
      {save.error && <ErrorNotice error={save.error} context="settings" />}
      <div className="actions">
        <button type="submit" className="button" disabled={save.pending || value.trim() === current} data-testid="settings-esplora-save">
          <Busy when={save.pending} label="Saving…">Save server</Busy>
        </button>
        <p className="inline-status" role="status" aria-live="polite">
          {saved ? 'Saved.' : ''}
        </p>
      </div>
    </form>
  );
}
