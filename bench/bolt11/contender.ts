/** What every BOLT 11 decoder under test provides. */

/** The fields compared against the vector file to prove a decoder really decoded an invoice. */
export interface DecodedSummary {
  payeeNodeId: string;
  paymentHash: string;
  /** Decimal millisatoshis, or null for an invoice of any amount. */
  amountMsat: string | null;
}

export interface Bolt11Contender {
  readonly name: string;
  /**
   * Decodes `invoice` in full, signature check included, and returns a number drawn from the result
   * so the work cannot be optimised away. Throws if the decoder rejects the invoice.
   */
  decode(invoice: string): number;
  /** Decodes `invoice` and extracts the fields checked against the vectors (not timed). */
  summarise(invoice: string): DecodedSummary;
}
