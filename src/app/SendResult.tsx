import type { Settings } from '../worker/wallet-api.ts';
import { explorerTxUrl } from './explorer-link.ts';
import { ScreenHeading } from './ScreenHeading.tsx';

export function SendResult({ txid, settings, onDone }: { txid: string; settings: Settings | undefined; onDone: () => void }) {
  const link = explorerTxUrl(settings, txid);
  return (
    <section className="screen" aria-labelledby="sent-heading" data-testid="send-result">
      <ScreenHeading id="sent-heading">Payment sent</ScreenHeading>
      <div className="notice notice-success">
        <p>The transaction was broadcast. It shows as unconfirmed in Activity until a block includes it, usually within an hour at a normal fee.</p>
      </div>
      <div>
        <p className="label-small">Transaction ID</p>
        <p className="mono selectable" data-testid="send-result-txid">
          {txid}
        </p>
      </div>
      <div className="actions actions-fill">
        {link && (
          <a className="button" href={link} target="_blank" rel="noopener noreferrer" data-testid="send-result-explorer">
            View in explorer
          </a>
        )}
        <button type="button" className="button button-primary" onClick={onDone} data-testid="send-done">
          Done
        </button>
      </div>
    </section>
  );
}
