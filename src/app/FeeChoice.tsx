import { useId } from 'react';
import type { FeeRates } from '../worker/wallet-api.ts';
import { FEE_CHOICES, formatFeeRate, type FeeChoice } from './fee-rate.ts';
import type { Query } from './rpc-hooks.ts';
import { ErrorNotice, FieldError, Loading } from './Status.tsx';

const NAMES: Record<FeeChoice, string> = { slow: 'Slow', normal: 'Normal', fast: 'Fast', custom: 'Custom' };

/** Slow / normal / fast from the engine's estimates, or a custom sat/vB rate. */
export function FeeChoiceField({
  rates,
  choice,
  onChoice,
  custom,
  onCustom,
  problem,
  disabled,
}: {
  rates: Query<FeeRates>;
  choice: FeeChoice;
  onChoice: (choice: FeeChoice) => void;
  custom: string;
  onCustom: (value: string) => void;
  problem?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const estimates = rates.data;
  const options = estimates ? [...FEE_CHOICES, 'custom' as const] : rates.loading ? [] : (['custom'] as const);
  return (
    <fieldset className="field fee-choice" disabled={disabled}>
      <legend>Fee rate</legend>
      {!estimates && rates.loading && <Loading>Loading fee estimates…</Loading>}
      {!estimates && !rates.loading && rates.error && (
        <ErrorNotice error={rates.error} context="preview" onRetry={rates.reload} retryLabel="Load estimates again" testId="fee-rates-error" />
      )}
      <div className="fee-options" hidden={options.length === 0}>
        {options.map((option) => (
          <label key={option} className="fee-option" data-testid={`fee-${option}`}>
            <input type="radio" name={`${id}-fee`} value={option} checked={choice === option} onChange={() => onChoice(option)} />
            <span className="fee-name">{NAMES[option]}</span>
            <span className="fee-rate">{option === 'custom' || !estimates ? 'sat/vB' : formatFeeRate(estimates[option])}</span>
          </label>
        ))}
      </div>
      {choice === 'custom' && (
        <div className="field">
          <label htmlFor={`${id}-custom`}>Custom fee rate, in sat/vB</label>
          <input
            id={`${id}-custom`}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            value={custom}
            onChange={(e) => onCustom(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            data-testid="fee-custom-input"
          />
        </div>
      )}
      {problem && <FieldError id={`${id}-problem`}>{problem}</FieldError>}
    </fieldset>
  );
}
