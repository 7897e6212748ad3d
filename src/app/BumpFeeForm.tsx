import { useCallback, useState, type FormEvent } from 'react';
import type { HistoryItem } from '../worker/wallet-api.ts';
import { Sats } from './Amount.tsx';
import { FeeChoiceField } from './FeeChoice.tsx';
import { effectiveFeeChoice, resolveFeeRate, type FeeChoice } from './fee-rate.ts';
import { useAction, useQuery } from './rpc-hooks.ts';
import { Busy, ErrorNotice } from './Status.tsx';
import { useWallet } from './wallet-context.ts';

/** Replaces one of our unconfirmed sends with a higher-fee version (RBF). */
export function BumpFeeForm({ item, onClose, onBumped }: { item: HistoryItem; onClose: () => void; onBumped: (txid: string) => void }) {
  const { call } = useWallet();
  const rates = useQuery(useCallback(() => call('feeRates'), [call]));
  const [choice, setChoice] = useState<FeeChoice>('fast');
  const [custom, setCustom] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const bump = useAction(useCallback((args: { txid: string; feeRate: number }) => call('bumpFee', args), [call]));
  const effectiveChoice = effectiveFeeChoice(choice, rates.data ? 'loaded' : rates.loading ? 'loading' : 'failed');
  const fee = resolveFeeRate(effectiveChoice, rates.data, custom);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!fee.ok) return;
    const result = await bump.run({ txid: item.txid, feeRate: fee.rate });
    if (result) onBumped(result.txid);
  };

  return (
    <form className="bump stack" onSubmit={submit} noValidate data-testid="bump-form">
      <p>
        Pay a higher fee so miners confirm this payment sooner. It is replaced by a new transaction to the same recipient; the extra fee comes out of
        your change or spare coins.
        {item.feeSat !== undefined && (
          <>
            {' '}
            Fee paid so far: <Sats value={item.feeSat} />.
          </>
        )}
      </p>
      <FeeChoiceField
        rates={rates}
        choice={effectiveChoice}
        onChoice={setChoice}
        custom={custom}
        onCustom={setCustom}
        problem={submitted && !fee.ok ? fee.problem : undefined}
        disabled={bump.pending}
      />
      {bump.error && <ErrorNotice error={bump.error} context="bump" />}
      <div className="actions">
        <button type="button" className="button" onClick={onClose} disabled={bump.pending}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={bump.pending} data-testid="bump-confirm">
          <Busy when={bump.pending} label="Raising fee…">Raise fee</Busy>
        </button>
      </div>
    </form>
  );
}
