import type { RpcErrorData } from '../worker/rpc.ts';
import type { WalletErrorCode } from '../worker/wallet-api.ts';

/** What the person was doing when the error arrived; it changes what they should do next. */
export type ErrorContext = 'load' | 'unlock' | 'create' | 'restore' | 'take_over' | 'sync' | 'receive' | 'preview' | 'send' | 'bump' | 'settings' | 'reveal' | 'lock';

export interface ErrorAdvice {
  title: string;
  /** The engine's own explanation, shown when it helps (wallet errors carry messages a person can act on). */
  detail?: string;
  /** What to do now. */
  advice: string;
}

/** "word 3 is wrong" → "Word 3 is wrong." */
export function asSentence(message: string): string {
  const trimmed = message.trim();
  if (trimmed === '') return trimmed;
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

const MONEY_MAY_HAVE_MOVED: readonly ErrorContext[] = ['send', 'bump'];

type Known = WalletErrorCode | 'unknown_method' | 'timeout' | 'closed' | 'worker_failed';

/** The recovery-phrase problems, which the restore screen shows next to the words. */
export const MNEMONIC_ERROR_CODES: readonly string[] = ['mnemonic_word_count', 'mnemonic_unknown_word', 'mnemonic_bad_checksum'];

function adviceFor(code: Known, context: ErrorContext, message: string): ErrorAdvice {
  const detail = asSentence(message);
  switch (code) {
    case 'wrong_passphrase':
      return { title: 'Wrong passphrase', advice: 'Check Caps Lock and the keyboard language, then try again.' };
    case 'invalid_passphrase':
      return { title: 'That passphrase can’t be used', detail, advice: 'Choose another passphrase.' };
    case 'mnemonic_word_count':
    case 'mnemonic_unknown_word':
    case 'mnemonic_bad_checksum':
      return { title: 'Those words don’t check out', detail, advice: 'Compare each word with your written backup, in order.' };
    case 'invalid_address':
    case 'invalid_payment_uri':
      return { title: 'That address can’t be used', detail, advice: 'Check that you copied the whole address or link, and that it is for this wallet’s network.' };
    case 'invalid_amount':
      return { title: 'That amount can’t be sent', detail, advice: 'Change the amount and review again.' };
    case 'invalid_fee_rate':
      return { title: 'That fee rate can’t be used', detail, advice: 'Choose one of the suggested fee rates, or change the custom one.' };
    case 'insufficient_funds':
      return { title: 'Not enough bitcoin', detail, advice: 'Lower the amount or the fee rate, or use “Send all”.' };
    case 'chain_unavailable':
      return {
        title: 'Can’t reach the chain server',
        detail,
        advice:
          'Check your internet connection and try again. If it keeps failing, the server may be down or limiting requests: wait a minute, or choose another Esplora server in Settings.',
      };
    case 'broadcast_rejected':
      return {
        title: 'The network refused the transaction',
        detail,
        advice: 'Nothing was sent. A higher fee rate often helps; if these coins were just spent elsewhere, wait until Activity updates and try again.',
      };
    case 'cannot_bump_fee':
      return { title: 'The fee can’t be raised', detail, advice: 'The payment may have confirmed already, the new fee rate may be too close to the old one, or there are no spare coins to pay more.' };
    case 'open_elsewhere':
      return { title: 'The wallet is open in another tab', advice: 'Use the other tab, or take over here.' };
    case 'locked':
      return { title: 'The wallet is locked', advice: 'Unlock it with your passphrase.' };
    case 'no_wallet':
      return { title: 'There is no wallet on this device', advice: 'Create a new wallet, or restore one from your recovery words.' };
    case 'vault_malformed':
    case 'vault_corrupted':
      return {
        title: 'The stored wallet is damaged',
        detail,
        advice: 'This device can’t open it. Your bitcoin is safe on the chain: restore the wallet from your recovery words, in another browser if need be.',
      };
    case 'invalid_config':
      return { title: 'That setting can’t be used', detail, advice: 'Change it and try again.' };
    case 'invalid_peer_uri':
      return { title: 'That peer address can’t be used', detail, advice: 'Check it and try again.' };
    case 'not_running':
      return { title: 'The wallet engine isn’t running', advice: 'Reload the page to start it again.' };
    case 'unknown_method':
      return { title: 'The engine can’t do this yet', advice: 'This version of the wallet engine does not offer it. Reload the page to load the newest version.' };
    case 'timeout':
      return {
        title: 'The engine didn’t answer in time',
        advice: MONEY_MAY_HAVE_MOVED.includes(context)
          ? 'The transaction may still go out. Check Activity before you try again.'
          : 'Your device may be busy. Close other tabs and try again.',
      };
    case 'closed':
    case 'worker_failed':
      return { title: 'The wallet engine stopped', advice: 'Reload the page to start it again.' };
  }
}

const KNOWN = new Set<string>([
  'invalid_config',
  'invalid_peer_uri',
  'not_running',
  'no_wallet',
  'locked',
  'chain_unavailable',
  'broadcast_rejected',
  'open_elsewhere',
  'invalid_address',
  'invalid_payment_uri',
  'invalid_amount',
  'invalid_fee_rate',
  'insufficient_funds',
  'cannot_bump_fee',
  'mnemonic_word_count',
  'mnemonic_unknown_word',
  'mnemonic_bad_checksum',
  'invalid_passphrase',
  'wrong_passphrase',
  'vault_malformed',
  'vault_corrupted',
  'unknown_method',
  'timeout',
  'closed',
  'worker_failed',
] satisfies Known[]);

/** Turns an error from the engine into words a person can act on; the raw error stays for "technical details". */
export function describeError(error: RpcErrorData, context: ErrorContext = 'load'): ErrorAdvice {
  if (KNOWN.has(error.code)) return adviceFor(error.code as Known, context, error.message);
  return {
    title: 'Something went wrong',
    advice: MONEY_MAY_HAVE_MOVED.includes(context)
      ? 'Check Activity to see whether the transaction went out before you try again. If this keeps happening, reload the page.'
      : 'Try again. If it keeps happening, reload the page.',
  };
}
