import { useCallback, useEffect, useState } from 'react';
import { toErrorData, type RpcErrorData } from '../worker/rpc.ts';
import type { DecodedInvoice, PaymentInfo } from '../worker/wallet-api.ts';
import { LightningPayResult, LightningPaying } from './LightningPayResult.tsx';
import { LightningReview } from './LightningReview.tsx';
import { settledOutgoing, type PayRequest, type PayReviewValues } from './lightning-pay.ts';
import { useWallet } from './wallet-context.ts';

/** How often the records are looked at while the engine has not said how the payment ended. */
const UNSURE_POLL_MS = 5000;

type Stage =
  | { step: 'review'; error?: RpcErrorData }
  | { step: 'paying'; amountMsat: number | undefined; unsure: boolean }
  | { step: 'done'; payment: PaymentInfo };

/**
 * Paying a Lightning invoice: review, pay, see how it ended. The end comes from `pay`'s answer or from
 * the engine's payment_changed event, whichever is first, so a slow answer still ends on the outcome.
 */
export function LightningSend({ invoice, onEdit, onDone }: { invoice: DecodedInvoice; onEdit: () => void; onDone: () => void }) {
  const { call, onEvent } = useWallet();
  const [decoded, setDecoded] = useState(invoice);
  const [stage, setStage] = useState<Stage>({ step: 'review' });
  const [values, setValues] = useState<PayReviewValues>({ amount: '', feeLimit: undefined });
  const paying = stage.step === 'paying';

  const unsure = stage.step === 'paying' && stage.unsure;

  const { paymentHash } = decoded;
  useEffect(() => {
    if (!paying) return;
    return onEvent((event) => {
      const settled = settledOutgoing(event, paymentHash);
      if (settled) setStage({ step: 'done', payment: settled });
    });
  }, [onEvent, paying, paymentHash]);

  // Without an answer, also look at the payment records now and then, in case an event was missed.
  useEffect(() => {
    if (!unsure) return;
    const timer = setInterval(() => {
      call('payments').then(
        (payments) => {
          const settled = payments.find((p) => p.paymentHash === paymentHash && p.direction === 'outgoing' && p.status !== 'pending');
          if (settled) setStage((s) => (s.step === 'paying' ? { step: 'done', payment: settled } : s));
        },
        () => undefined,
      );
    }, UNSURE_POLL_MS);
    return () => clearInterval(timer);
  }, [call, unsure, paymentHash]);

  const pay = useCallback(
    async (request: PayRequest) => {
      setStage({ step: 'paying', amountMsat: request.amountMsat ?? decoded.amountMsat ?? undefined, unsure: false });
      try {
        const payment = await call('pay', request);
        if (payment.status !== 'pending') setStage({ step: 'done', payment });
        else setStage((s) => (s.step === 'paying' ? { ...s, unsure: true } : s));
      } catch (err) {
        const error = toErrorData(err);
        // No answer is not "not paid": keep waiting for the engine's event.
        if (error.code === 'timeout') setStage((s) => (s.step === 'paying' ? { ...s, unsure: true } : s));
        else setStage((s) => (s.step === 'paying' ? { step: 'review', error } : s));
      }
    },
    [call, decoded.amountMsat],
  );

  /** Back to the review with the invoice read again: whether it is paid or expired may have changed. */
  const retry = async () => {
    try {
      setDecoded(await call('invoiceDecode', { text: decoded.bolt11 }));
      setStage({ step: 'review' });
    } catch (err) {
      setStage({ step: 'review', error: toErrorData(err) });
    }
  };

  switch (stage.step) {
    case 'review':
      return <LightningReview decoded={decoded} values={values} onValues={setValues} error={stage.error} onEdit={onEdit} onPay={(r) => void pay(r)} />;
    case 'paying':
      return <LightningPaying amountMsat={stage.amountMsat} unsure={stage.unsure} />;
    case 'done':
      return <LightningPayResult payment={stage.payment} onRetry={() => void retry()} onDone={onDone} />;
  }
}
