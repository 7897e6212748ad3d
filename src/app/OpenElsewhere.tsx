import { useCallback } from 'react';
import { useAction } from './rpc-hooks.ts';
import { ScreenHeading } from './ScreenHeading.tsx';
import { Busy, ErrorNotice } from './Status.tsx';
import { useWallet } from './wallet-context.ts';

export function OpenElsewhere() {
  const { call, setWalletState } = useWallet();
  const takeOver = useAction(useCallback(() => call('takeOver'), [call]));

  const run = async () => {
    const state = await takeOver.run();
    if (state) setWalletState(state);
  };

  return (
    <section className="screen" aria-labelledby="elsewhere-heading" data-testid="open-elsewhere">
      <ScreenHeading id="elsewhere-heading">Open in another tab</ScreenHeading>
      <p>
        This wallet is already open in another tab or window of this browser. Only one can use it at a time, so that two screens never spend the same
        coins.
      </p>
      <p>Switch to the other tab, or use the wallet here instead: the other tab will stop using it.</p>
      {takeOver.error && takeOver.error.code !== 'open_elsewhere' && <ErrorNotice error={takeOver.error} context="take_over" />}
      {takeOver.error?.code === 'open_elsewhere' && (
        <p className="field-error" role="alert">
          The other tab didn’t let go. Close it, then try again.
        </p>
      )}
      <button type="button" className="button button-primary button-block" onClick={run} disabled={takeOver.pending} data-testid="take-over">
        <Busy when={takeOver.pending} label="Taking over…">Take over here</Busy>
      </button>
    </section>
  );
}
