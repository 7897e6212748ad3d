import type { RpcErrorData } from '../worker/rpc.ts';
import type { WalletErrorCode } from '../worker/wallet-api.ts';

/** What the person was doing when the error arrived; it changes what they should do next. */
export type ErrorContext =
  | 'load'
  | 'unlock'
  | 'create'
  | 'restore'
  | 'take_over'
  | 'sync'
  | 'receive'
  | 'preview'
  | 'send'
  | 'bump'
  | 'settings'
  | 'reveal'
  | 'lock'
  | 'channels'
  | 'channel_open'
  | 'channel_close'
  | 'peer_connect'
  /** Reading a pasted or scanned Lightning invoice. */
  | 'invoice_read'
  /** Paying a Lightning invoice. */
  | 'pay'
  /** Making a Lightning invoice to receive. */
  | 'invoice_create';

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

/** Lightning calls: the engine's messages about peers and channels are the most useful thing to show. */
const LIGHTNING: readonly ErrorContext[] = ['channels', 'channel_open', 'channel_close', 'peer_connect', 'invoice_read', 'pay', 'invoice_create'];

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
      if (context === 'channel_open') return { title: 'That amount can’t open a channel', detail, advice: 'Change the amount and try again.' };
      return { title: 'That amount can’t be sent', detail, advice: 'Change the amount and review again.' };
    case 'invalid_fee_rate':
      return { title: 'That fee rate can’t be used', detail, advice: 'Choose one of the suggested fee rates, or change the custom one.' };
    case 'insufficient_funds':
      if (context === 'channel_open') {
        return { title: 'Not enough bitcoin', detail, advice: 'Lower the channel amount: opening a channel also pays an on-chain fee from your balance.' };
      }
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
    case 'peer_unavailable':
      return {
        title: 'The peer isn’t connected',
        detail,
        advice:
          context === 'channel_close'
            ? 'Closing together needs the peer online. Wait for it to reconnect (see Peers), or force close the channel instead.'
            : 'Wait for the wallet to reconnect to it (see Peers), or check the peer’s address, then try again.',
      };
    case 'invalid_invoice':
      return { title: 'That invoice can’t be paid', detail, advice: 'Ask the recipient for a new invoice, and check that it is for this wallet’s network.' };
    case 'no_route':
      return {
        title: 'No way to reach the recipient',
        detail,
        advice: 'Nothing was paid. Try a smaller amount or a higher fee limit, check in Channels that your channel is open and connected, or ask the recipient for an invoice with route hints.',
      };
    case 'already_paid':
      return { title: 'This invoice is already paid', detail, advice: 'Nothing more was sent. See Activity for the payment; to pay again, ask the recipient for a new invoice.' };
    case 'channel_failed':
      return {
        title: context === 'channel_open' ? 'The channel didn’t open' : 'The channel ran into a problem',
        detail,
        advice:
          context === 'channel_open'
            ? 'Check the channel list before you try again: if the funding transaction went out, the channel shows up there.'
            : 'Check the channel list for its current state, then try again.',
      };
    case 'channel_unavailable':
      return { title: 'The channel can’t do that now', detail, advice: 'Wait until the channel is open and its peer is connected, then try again.' };
    case 'unknown_channel':
      return { title: 'That channel isn’t known', detail, advice: 'The channel list may be out of date: reload it and try again.' };
    case 'unknown_method':
      return { title: 'The engine can’t do this yet', advice: 'This version of the wallet engine does not offer it. Reload the page to load the newest version.' };
    case 'timeout':
      if (context === 'pay') {
        return { title: 'The engine didn’t answer in time', advice: 'The payment may still go through. Check Activity before you pay again.' };
      }
      if (context === 'channel_open' || context === 'channel_close') {
        return {
          title: 'The engine didn’t answer in time',
          advice: `The ${context === 'channel_open' ? 'channel may still open' : 'close may still go ahead'}. Check the channel list before you try again.`,
        };
      }
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

/** Every code adviceFor answers, each once: the compiler checks this list against Known both ways. */
const KNOWN: Record<Known, true> = {
  invalid_config: true,
  invalid_peer_uri: true,
  not_running: true,
  peer_unavailable: true,
  invalid_invoice: true,
  channel_failed: true,
  channel_unavailable: true,
  unknown_channel: true,
  no_route: true,
  already_paid: true,
  no_wallet: true,
  locked: true,
  chain_unavailable: true,
  broadcast_rejected: true,
  open_elsewhere: true,
  invalid_address: true,
  invalid_payment_uri: true,
  invalid_amount: true,
  invalid_fee_rate: true,
  insufficient_funds: true,
  cannot_bump_fee: true,
  mnemonic_word_count: true,
  mnemonic_unknown_word: true,
  mnemonic_bad_checksum: true,
  invalid_passphrase: true,
  wrong_passphrase: true,
  vault_malformed: true,
  vault_corrupted: true,
  unknown_method: true,
  timeout: true,
  closed: true,
  worker_failed: true,
};

const LIGHTNING_TITLES: Partial<Record<ErrorContext, string>> = {
  channel_open: 'The channel didn’t open',
  channel_close: 'The channel didn’t close',
  peer_connect: 'Couldn’t connect to the peer',
  invoice_read: 'That invoice can’t be read',
  pay: 'The payment didn’t go out',
  invoice_create: 'Couldn’t make an invoice',
};

function isKnown(code: string): code is Known {
  return Object.hasOwn(KNOWN, code);
}

/** Turns an error from the engine into words a person can act on; the raw error stays for "technical details". */
export function describeError(error: RpcErrorData, context: ErrorContext = 'load'): ErrorAdvice {
  if (isKnown(error.code)) return adviceFor(error.code, context, error.message);
  if (LIGHTNING.includes(context)) {
    // A code this screen doesn't know yet, but the engine's own words (not a crash's) say what happened.
    const detail = error.name === 'EngineError' ? asSentence(error.message) : '';
    return {
      title: LIGHTNING_TITLES[context] ?? 'Something went wrong',
      ...(detail ? { detail } : {}),
      advice:
        context === 'channel_open'
          ? 'Check the channel list before you try again: if the funding transaction went out, the channel shows up there.'
          : context === 'pay'
            ? 'Check Activity to see whether the payment went out before you try again.'
            : 'Try again. If it keeps happening, reload the page.',
    };
  }
  return {
    title: 'Something went wrong',
    advice: MONEY_MAY_HAVE_MOVED.includes(context)
      ? 'Check Activity to see whether the transaction went out before you try again. If this keeps happening, reload the page.'
      : 'Try again. If it keeps happening, reload the page.',
  };
}
