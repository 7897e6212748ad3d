/**
 * LDK's decoder (lightningdevkit, WASM): `Bolt11Invoice.constructor_from_str` parses the invoice,
 * checks its semantics, recovers the payee key and verifies the signature against it. The WASM
 * module must be initialised (ldk/wasm.ts) before use.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import * as ldk from 'lightningdevkit';
import type { Bolt11Contender, DecodedSummary } from './contender.ts';

function parse(invoice: string): ldk.Bolt11Invoice {
  const result = ldk.Bolt11Invoice.constructor_from_str(invoice);
  if (result instanceof ldk.Result_Bolt11InvoiceParseOrSemanticErrorZ_OK) return result.res;
  const error = result instanceof ldk.Result_Bolt11InvoiceParseOrSemanticErrorZ_Err ? result.err : undefined;
  throw new Error(`LDK rejected the invoice (${describeError(error)})`);
}

function describeError(error: ldk.ParseOrSemanticError | undefined): string {
  if (error instanceof ldk.ParseOrSemanticError_SemanticError) return `semantic error: ${ldk.Bolt11SemanticError[error.semantic_error]}`;
  if (error instanceof ldk.ParseOrSemanticError_ParseError) return `parse error: ${error.parse_error.constructor.name}`;
  return 'unknown error';
}

export const ldkBolt11: Bolt11Contender = {
  name: 'LDK (lightningdevkit WASM)',
  decode(invoice: string): number {
    // `parse` already recovered and verified the key; reading it back here would recover it again.
    return parse(invoice).currency();
  },
  summarise(invoice: string): DecodedSummary {
    const decoded = parse(invoice);
    const amount = decoded.amount_milli_satoshis();
    return {
      payeeNodeId: bytesToHex(decoded.get_payee_pub_key()),
      paymentHash: bytesToHex(decoded.payment_hash()),
      amountMsat: amount instanceof ldk.Option_u64Z_Some ? amount.some.toString() : null,
    };
  },
};
