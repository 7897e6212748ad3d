/** What a transaction spending the funding output means for us, and the claims it calls for (BOLT 5). */
import { encodeTx, txid as computeTxid, type Transaction } from '../../protocol/bitcoin/index.ts';
import { revocationPrivkey } from '../../protocol/bolt3/index.ts';
import {
  buildJusticeTx,
  claimLocalDelayedOutputs,
  claimRemoteHtlcs,
  claimToRemote,
  classifySpend,
  localHtlcTxs,
  type ChannelDescription,
  type ChannelHtlc,
  type ChannelSecrets,
  type ClaimResult,
  type ClaimTarget,
  type HtlcTerms,
} from '../../protocol/bolt5/index.ts';
import { equal, hex } from '../../protocol/codec/bytes.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import type { ChannelKeys } from '../keys/lightning-keys.ts';
import { localUpdatesInFlight, remoteSecrets, type Commitments, type CommitmentSpec } from './commitments.ts';
import type { ChannelEnv, ChannelState, Claim, Closing } from './state.ts';

export interface Resolution {
  readonly kind: Closing['kind'];
  readonly reason: string;
  readonly claims: readonly Claim[];
}

export function channelDescription(c: Commitments): ChannelDescription {
  return {
    channelType: c.channelType,
    funding: { txid: c.fundingTxid, vout: c.fundingOutputIndex, amountSat: c.fundingSat },
    weFunded: c.weFunded,
    local: c.local,
    remote: c.remote,
  };
}

export function channelSecrets(keys: ChannelKeys): ChannelSecrets {
  return {
    revocationBasepointSecret: keys.revocationBasepoint.secret,
    paymentBasepointSecret: keys.paymentBasepoint.secret,
    delayedPaymentBasepointSecret: keys.delayedPaymentBasepoint.secret,
    htlcBasepointSecret: keys.htlcBasepoint.secret,
    perCommitmentSeed: keys.perCommitmentSeed,
  };
}

const txidHex = (tx: Transaction): string => hex(Uint8Array.from(computeTxid(tx)).reverse());

function htlcsOf(spec: CommitmentSpec): ChannelHtlc[] {
  return [
    ...spec.incoming.map((h) => ({ direction: 'incoming' as const, paymentHash: h.paymentHash, cltvExpiry: h.cltvExpiry, amountMsat: h.amountMsat })),
    ...spec.outgoing.map((h) => ({ direction: 'outgoing' as const, paymentHash: h.paymentHash, cltvExpiry: h.cltvExpiry, amountMsat: h.amountMsat })),
  ];
}

/** Preimages of incoming HTLCs we have released whose fulfill is not yet fully committed. */
function preimageLookup(c: Commitments): (hash: Uint8Array) => Uint8Array | undefined {
  const known: Uint8Array[] = [];
  for (const u of localUpdatesInFlight(c)) if (u.kind === 'fulfill') known.push(u.preimage);
  return (hash) => known.find((p) => equal(sha256(p), hash));
}

function toClaim(result: ClaimResult<unknown>, what: string, parent: Transaction, absolute: boolean): Claim | null {
  if (!result.tx) return null;
  const amountSat = result.tx.outputs.reduce((sum, o) => sum + o.value, 0n);
  return {
    txid: txidHex(result.tx),
    tx: encodeTx(result.tx),
    what,
    validFromHeight: absolute && result.locktime > 0 ? result.locktime : null,
    csvDelay: result.csvDelay > 0 ? result.csvDelay : null,
    parentTxid: txidHex(parent),
    amountSat,
    confirmed: false,
  };
}

export function resolveSpend(state: ChannelState & { commitments: Commitments }, tx: Transaction, env: ChannelEnv): Resolution {
  const c = state.commitments;
  const channel = channelDescription(c);
  const secrets = channelSecrets(env.keys);
  const target: ClaimTarget = { destination: state.closeScript, feeratePerKw: Math.max(253, env.closingFeeratePerKw) };
  const preimageFor = preimageLookup(c);
  const shachain = remoteSecrets(c);
  const kind = classifySpend(channel, tx, {
    local: { commitmentNumber: c.localCommit.index, txid: c.localCommit.txid },
    remoteCurrent: { commitmentNumber: c.remoteCommit.index, txid: c.remoteCommit.txid, perCommitmentPoint: c.remoteCommit.perCommitmentPoint },
    ...(c.nextRemoteCommit
      ? { remoteNext: { commitmentNumber: c.nextRemoteCommit.commit.index, txid: c.nextRemoteCommit.commit.txid, perCommitmentPoint: c.nextRemoteCommit.commit.perCommitmentPoint } }
      : {}),
    secretFor: (n) => (n < c.remoteCommit.index ? shachain.secretAt(2 ** 48 - 1 - n) : undefined),
  });
  const claims: Claim[] = [];
  const push = (claim: Claim | null) => {
    if (claim) claims.push(claim);
  };
  switch (kind.kind) {
    case 'local': {
      push(toClaim(claimLocalDelayedOutputs(channel, secrets, tx, kind.commitmentNumber, target), 'our balance after the delay', tx, false));
      const state0 = { commitmentNumber: kind.commitmentNumber, feeratePerKw: c.localCommit.spec.feeratePerKw, toUsMsat: c.localCommit.spec.toUsMsat, toThemMsat: c.localCommit.spec.toThemMsat, htlcs: htlcsOf(c.localCommit.spec) };
      const { htlcTxs } = localHtlcTxs(channel, secrets, tx, state0, c.localCommit.remoteHtlcSigs, preimageFor);
      for (const h of htlcTxs) {
        if (!h.tx) continue;
        const what = h.kind === 'timeout' ? 'timing out a payment we sent' : 'claiming a payment we received';
        const claim: Claim = {
          txid: txidHex(h.tx),
          tx: encodeTx(h.tx),
          what,
          validFromHeight: h.locktime > 0 ? h.locktime : null,
          csvDelay: null,
          parentTxid: txidHex(tx),
          amountSat: h.tx.outputs[0]!.value,
          confirmed: false,
        };
        claims.push(claim);
        push(toClaim(claimLocalDelayedOutputs(channel, secrets, h.tx, kind.commitmentNumber, target), 'the payment\'s output after the delay', h.tx, false));
      }
      return { kind: 'local_force', reason: 'our commitment is on chain', claims };
    }
    case 'remote': {
      push(toClaim(claimToRemote(channel, secrets, tx, target), 'our balance', tx, false));
      const spec = kind.which === 'next' && c.nextRemoteCommit ? c.nextRemoteCommit.commit.spec : c.remoteCommit.spec;
      const result = claimRemoteHtlcs(channel, secrets, tx, kind.perCommitmentPoint, htlcsOf(spec), preimageFor, target);
      for (const claim of result.claims) {
        push(toClaim(claim.claim, claim.path === 'preimage' ? 'claiming a payment we received' : 'timing out a payment we sent', tx, true));
      }
      return { kind: 'remote_force', reason: 'the peer closed the channel unilaterally', claims };
    }
    case 'revoked': {
      const key = revocationPrivkey(secrets.revocationBasepointSecret, kind.perCommitmentSecret);
      const htlcs: readonly HtlcTerms[] = c.revokedHtlcs ?? [];
      push(toClaim(buildJusticeTx(channel, { tx, perCommitmentSecret: kind.perCommitmentSecret, htlcs }, key, target), 'taking every output of a revoked commitment', tx, false));
      push(toClaim(claimToRemote(channel, secrets, tx, target), 'our balance', tx, false));
      return { kind: 'revoked', reason: `the peer published a revoked state (${kind.commitmentNumber}): we take all its funds`, claims };
    }
    case 'unknown_commitment':
      push(toClaim(claimToRemote(channel, secrets, tx, target), 'our balance', tx, false));
      return { kind: 'unknown', reason: 'an unknown commitment is on chain: our data may be outdated', claims };
    case 'mutual_close':
    case 'unrelated':
      return { kind: 'mutual', reason: 'closed cooperatively', claims };
  }
}
