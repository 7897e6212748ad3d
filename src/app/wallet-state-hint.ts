import type { WalletState } from '../worker/wallet-api.ts';

/**
 * The wallet state an error implies, whatever call it came from: the engine may have been locked
 * or taken over by another tab since the screen was drawn.
 */
export function walletStateHint(code: string): WalletState | undefined {
  switch (code) {
    case 'open_elsewhere':
      return { state: 'open_elsewhere' };
    case 'locked':
      return { state: 'locked' };
    case 'no_wallet':
      return { state: 'none' };
    default:
      return undefined;
  }
}
