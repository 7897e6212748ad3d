/** The valid invoices of the shared BOLT 11 vector file, and the check that a decoder got them right. */
import { loadVectors } from '../../src/test-support/vectors.ts';
import type { Bolt11Contender, DecodedSummary } from './contender.ts';

interface ValidInvoiceVector {
  title: string;
  invoice: string;
  expected: {
    amount_msat: string | null;
    payment_hash: string;
    payee_node_id: string;
  };
}

interface Bolt11Vectors {
  valid: ValidInvoiceVector[];
}

export interface BenchInvoice {
  title: string;
  invoice: string;
  expected: DecodedSummary;
}

export function loadValidInvoices(): BenchInvoice[] {
  return loadVectors<Bolt11Vectors>('bolt11-invoices.json').valid.map((vector) => ({
    title: vector.title,
    invoice: vector.invoice,
    expected: {
      payeeNodeId: vector.expected.payee_node_id,
      paymentHash: vector.expected.payment_hash,
      amountMsat: vector.expected.amount_msat,
    },
  }));
}

/** Why `contender` fails on `invoice` (rejects it or decodes it wrongly), or undefined if it decodes it right. */
export function decodingProblem(contender: Bolt11Contender, invoice: BenchInvoice): string | undefined {
  let actual: DecodedSummary;
  try {
    contender.decode(invoice.invoice);
    actual = contender.summarise(invoice.invoice);
  } catch (error) {
    return `rejected: ${error instanceof Error ? error.message : String(error)}`;
  }
  const { expected } = invoice;
  for (const field of ['payeeNodeId', 'paymentHash', 'amountMsat'] as const) {
    if (actual[field] !== expected[field]) return `wrong ${field}: ${String(actual[field])} instead of ${String(expected[field])}`;
  }
  return undefined;
}
