/** Test helpers for the on-chain devnet tests (Node only: the devnet chain uses node:fs). */
import { p2wpkh, type TxOutput } from '../../protocol/bitcoin/index.ts';
import { publicKey, sha256 } from '../../protocol/crypto/index.ts';
import type { DevnetTestWallet } from './devnet-test-wallet.ts';
import { createSend } from './send.ts';
import type { SignedTransaction } from './signed-transaction.ts';
import type { WalletUtxo } from './wallet-utxo.ts';

/** Someone else's P2WPKH address. */
export const DESTINATION = p2wpkh(publicKey(sha256(new TextEncoder().encode('someone else'))));

/** createSend from the test wallet: its coins unless `utxos` are given, change to its change address `changeIndex` (default 0). Not broadcast. */
export function walletSend(wallet: DevnetTestWallet, o: { recipients: readonly TxOutput[]; feeRate: number; utxos?: WalletUtxo[]; changeIndex?: number }): SignedTransaction {
  return createSend({
    utxos: o.utxos ?? wallet.utxos(),
    recipients: o.recipients,
    feeRate: o.feeRate,
    changeScript: wallet.script('change', o.changeIndex ?? 0),
    tipHeight: wallet.tipHeight,
    signer: wallet,
  });
}
