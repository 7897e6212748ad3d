import { useId, useState } from 'react';
import type { HistoryItem, Settings } from '../worker/wallet-api.ts';
import { Sats } from './Amount.tsx';
import { BumpFeeForm } from './BumpFeeForm.tsx';
import { explorerTxUrl } from './explorer-link.ts';
import { ArrowDownIcon, ArrowUpIcon } from './icons.tsx';
import { formatConfirmations, formatDateTime, formatShortTime } from './time-format.ts';
import { useNow } from './useNow.ts';

function Direction({ item }: { item: HistoryItem }) {
  const incoming = item.netSat >= 0;
  return (
    <span className={`direction ${incoming ? 'direction-in' : 'direction-out'}`}>
      {incoming ? <ArrowDownIcon /> : <ArrowUpIcon />}
    </span>
  );
}

function Summary({ item }: { item: HistoryItem }) {
  const now = useNow(60_000);
  const incoming = item.netSat >= 0;
  return (
    <>
      <Direction item={item} />
      <span className="activity-main">
        <span className="activity-title">{incoming ? 'Received' : 'Sent'}</span>
        <span className={item.confirmations > 0 ? 'activity-sub' : 'activity-sub pending'} data-testid="activity-confirmations">
          {formatConfirmations(item.confirmations)}
        </span>
      </span>
      <span className="activity-end">
        <span className={incoming ? 'activity-amount amount-in' : 'activity-amount'}>
          <Sats value={item.netSat} signed testId="activity-amount" />
        </span>
        {item.time !== undefined && (
          <time className="activity-sub" dateTime={new Date(item.time).toISOString()} title={formatDateTime(item.time)}>
            {formatShortTime(item.time, now)}
          </time>
        )}
      </span>
    </>
  );
}

/** A row on Home's recent activity: summary only. */
export function ActivityRow({ item }: { item: HistoryItem }) {
  return (
    <li className="activity-item" data-testid="activity-item" data-txid={item.txid}>
      <div className="activity-row">
        <Summary item={item} />
      </div>
    </li>
  );
}

/** A row on the Activity screen: opens to show the details and, for our unconfirmed sends, Bump fee. */
export function ActivityEntry({ item, settings, onBumped }: { item: HistoryItem; settings: Settings | undefined; onBumped: (oldTxid: string, newTxid: string) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [bumping, setBumping] = useState(false);
  const link = explorerTxUrl(settings, item.txid);

  return (
    <li className="activity-item" data-testid="activity-item" data-txid={item.txid}>
      <button type="button" className="activity-row activity-toggle" aria-expanded={open} aria-controls={`${id}-details`} onClick={() => setOpen((o) => !o)}>
        <Summary item={item} />
      </button>
      {open && (
        <div id={`${id}-details`} className="activity-details">
          <dl className="facts facts-compact">
            {item.feeSat !== undefined && (
              <div>
                <dt>Network fee</dt>
                <dd>
                  <Sats value={item.feeSat} testId="activity-fee" />
                </dd>
              </div>
            )}
            <div>
              <dt>Status</dt>
              <dd>
                {formatConfirmations(item.confirmations)}
                {item.blockHeight !== undefined && item.confirmations > 0 && ` (block ${item.blockHeight.toLocaleString('en-US')})`}
              </dd>
            </div>
            {item.time !== undefined && (
              <div>
                <dt>{item.confirmations > 0 ? 'Time' : 'First seen'}</dt>
                <dd>{formatDateTime(item.time)}</dd>
              </div>
            )}
          </dl>
          <p className="label-small">Transaction ID</p>
          <p className="mono selectable" data-testid="activity-txid">
            {item.txid}
          </p>
          <div className="actions">
            {link && (
              <a className="button" href={link} target="_blank" rel="noopener noreferrer">
                View in explorer
              </a>
            )}
            {item.canBumpFee && !bumping && (
              <button type="button" className="button" onClick={() => setBumping(true)} data-testid="activity-bump">
                Bump fee
              </button>
            )}
          </div>
          {item.canBumpFee && bumping && (
            <BumpFeeForm
              item={item}
              onClose={() => setBumping(false)}
              onBumped={(txid) => {
                setBumping(false);
                onBumped(item.txid, txid);
              }}
            />
          )}
        </div>
      )}
    </li>
  );
}
