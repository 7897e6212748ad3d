/** Our decoder (src/protocol/bolt11): decodes every field and recovers (or, with an `n` field, verifies) the payee key. */
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeInvoice } from '../../src/protocol/bolt11/index.ts';
import type { Bolt11Contender, DecodedSummary } from './contender.ts';

export const oursBolt11: Bolt11Contender = {
  name: 'ours (src/protocol/bolt11)',
  decode(invoice: string): number {
    return decodeInvoice(invoice).payeeNodeId[1]!;
  },
  summarise(invoice: string): DecodedSummary {
    const decoded = decodeInvoice(invoice);
    return {
      payeeNodeId: bytesToHex(decoded.payeeNodeId),
      paymentHash: bytesToHex(decoded.paymentHash),
      amountMsat: decoded.amountMsat === undefined ? null : decoded.amountMsat.toString(),
    };
  },
};
