import { useCallback, useState } from 'react';
import type { DecodedInvoice, SendPreview, SendRequest } from '../worker/wallet-api.ts';
import { LightningSend } from './LightningSend.tsx';
import { useQuery } from './rpc-hooks.ts';
import { SendForm } from './SendForm.tsx';
import { SendResult } from './SendResult.tsx';
import { SendReview } from './SendReview.tsx';
import { EMPTY_SEND_FORM, type SendFormValues } from './send-form.ts';
import type { LiveWallet } from './useLiveWallet.ts';
import { useWallet } from './wallet-context.ts';

type Stage =
  | { step: 'form' }
  | { step: 'review'; request: SendRequest; preview: SendPreview }
  | { step: 'done'; txid: string }
  | { step: 'lightning'; invoice: DecodedInvoice };

/**
 * Send: an address, payment link or Lightning invoice, typed, pasted or scanned. On-chain: review the
 * engine's preview, send, see the txid. Lightning: review the invoice, pay, see the outcome.
 */
export function SendScreen({ live, onBack, onDone }: { live: LiveWallet; onBack: () => void; onDone: () => void }) {
  const { call } = useWallet();
  const rates = useQuery(useCallback(() => call('feeRates'), [call]));
  const [values, setValues] = useState<SendFormValues>(EMPTY_SEND_FORM);
  const [stage, setStage] = useState<Stage>({ step: 'form' });

  switch (stage.step) {
    case 'form':
      return (
        <SendForm
          values={values}
          onValues={setValues}
          rates={rates}
          spendableSat={live.balance.data?.spendableSat}
          onBack={onBack}
          onReviewed={(request, preview) => setStage({ step: 'review', request, preview })}
          onLightning={(invoice) => setStage({ step: 'lightning', invoice })}
        />
      );
    case 'review':
      return (
        <SendReview
          request={stage.request}
          preview={stage.preview}
          onEdit={() => setStage({ step: 'form' })}
          onSent={(txid) => setStage({ step: 'done', txid })}
        />
      );
    case 'done':
      return <SendResult txid={stage.txid} settings={live.settings.data} onDone={onDone} />;
    case 'lightning':
      return <LightningSend invoice={stage.invoice} onEdit={() => setStage({ step: 'form' })} onDone={onDone} />;
  }
}
