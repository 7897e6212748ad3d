import { describe, expect, it } from 'vitest';
import { walletStateHint } from './wallet-state-hint.ts';

describe('walletStateHint', () => {
  it('maps the errors that say where the wallet is', () => {
    expect(walletStateHint('open_elsewhere')).toEqual({ state: 'open_elsewhere' });
    expect(walletStateHint('locked')).toEqual({ state: 'locked' });
    expect(walletStateHint('no_wallet')).toEqual({ state: 'none' });
  });

  it('ignores the rest', () => {
    for (const code of ['wrong_passphrase', 'insufficient_funds', 'unknown_method', 'timeout']) expect(walletStateHint(code)).toBeUndefined();
  });
});
