import { RawTx } from '@scure/btc-signer';
import { doubleSha256, reversed, toHex } from './bytes.ts';

export interface ParsedTx {
  /** Display byte order, as everywhere in ChainSource. */
  txid: string;
  raw: Uint8Array;
  inputs: { txid: string; vout: number }[];
  outputs: { value: bigint; script: Uint8Array }[];
}

export function parseTx(raw: Uint8Array): ParsedTx {
  const tx = RawTx.decode(raw);
  const stripped = RawTx.encode({ ...tx, segwitFlag: false, witnesses: undefined });
  return {
    txid: toHex(reversed(doubleSha256(stripped))),
    raw,
    // RawTx already reverses input txids into display order.
    inputs: tx.inputs.map((input) => ({ txid: toHex(input.txid), vout: input.index })),
    outputs: tx.outputs.map((output) => ({ value: output.amount, script: output.script })),
  };
}

export const outpointKey = (txid: string, vout: number): string => `${txid}:${vout}`;
