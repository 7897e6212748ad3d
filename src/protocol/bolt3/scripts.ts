/** BOLT 3 witness scripts: funding, to_local, to_remote (anchors), anchors and HTLC outputs. */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { compare } from '../codec/bytes.ts';
import { hash160 } from '../crypto/index.ts';
import { OP, ScriptBuilder } from '../bitcoin/script.ts';

/** 2 <pubkey1> <pubkey2> 2 OP_CHECKMULTISIG, pubkey1 being the lexicographically lesser key. */
export function fundingScript(pubkeyA: Uint8Array, pubkeyB: Uint8Array): Uint8Array {
  const [first, second] = compare(pubkeyA, pubkeyB) <= 0 ? [pubkeyA, pubkeyB] : [pubkeyB, pubkeyA];
  return new ScriptBuilder().op(OP[2]).data(first).data(second).op(OP[2], OP.CHECKMULTISIG).build();
}

/**
 * to_local, and also every HTLC transaction's output: revocable at once with the revocation
 * key, otherwise spendable by the owner after to_self_delay blocks.
 */
export function toLocalScript(revocationPubkey: Uint8Array, toSelfDelay: number, localDelayedPubkey: Uint8Array): Uint8Array {
  return new ScriptBuilder()
    .op(OP.IF)
    .data(revocationPubkey)
    .op(OP.ELSE)
    .number(toSelfDelay)
    .op(OP.CHECKSEQUENCEVERIFY, OP.DROP)
    .data(localDelayedPubkey)
    .op(OP.ENDIF, OP.CHECKSIG)
    .build();
}

/** to_remote with option_anchors: <remotepubkey> OP_CHECKSIGVERIFY 1 OP_CHECKSEQUENCEVERIFY. */
export function toRemoteAnchorsScript(remotePubkey: Uint8Array): Uint8Array {
  return new ScriptBuilder().data(remotePubkey).op(OP.CHECKSIGVERIFY, OP[1], OP.CHECKSEQUENCEVERIFY).build();
}

/** An anchor output: the funding key's owner may spend it at once, anyone after 16 blocks. */
export function anchorScript(fundingPubkey: Uint8Array): Uint8Array {
  return new ScriptBuilder()
    .data(fundingPubkey)
    .op(OP.CHECKSIG, OP.IFDUP, OP.NOTIF, OP[16], OP.CHECKSEQUENCEVERIFY, OP.ENDIF)
    .build();
}

export interface HtlcScriptKeys {
  readonly revocationPubkey: Uint8Array;
  readonly localHtlcPubkey: Uint8Array;
  readonly remoteHtlcPubkey: Uint8Array;
}

/** The branch both HTLC scripts start with: revocation key, else the remote HTLC key and a size test. */
function htlcScriptStart(keys: HtlcScriptKeys): ScriptBuilder {
  return new ScriptBuilder()
    .op(OP.DUP, OP.HASH160)
    .data(hash160(keys.revocationPubkey))
    .op(OP.EQUAL, OP.IF, OP.CHECKSIG, OP.ELSE)
    .data(keys.remoteHtlcPubkey)
    .op(OP.SWAP, OP.SIZE)
    .number(32)
    .op(OP.EQUAL);
}

function htlcScriptEnd(script: ScriptBuilder, anchors: boolean): Uint8Array {
  script.op(OP.ENDIF);
  if (anchors) script.op(OP[1], OP.CHECKSEQUENCEVERIFY, OP.DROP);
  return script.op(OP.ENDIF).build();
}

/** An HTLC the commitment's owner offered: timed out via HTLC-timeout, or claimed by the peer with the preimage. */
export function offeredHtlcScript(keys: HtlcScriptKeys, paymentHash: Uint8Array, anchors: boolean): Uint8Array {
  const script = htlcScriptStart(keys)
    .op(OP.NOTIF, OP.DROP, OP[2], OP.SWAP)
    .data(keys.localHtlcPubkey)
    .op(OP[2], OP.CHECKMULTISIG, OP.ELSE, OP.HASH160)
    .data(ripemd160(paymentHash))
    .op(OP.EQUALVERIFY, OP.CHECKSIG);
  return htlcScriptEnd(script, anchors);
}

/** An HTLC the commitment's owner received: claimed via HTLC-success, or timed out by the peer after cltv_expiry. */
export function receivedHtlcScript(
  keys: HtlcScriptKeys,
  paymentHash: Uint8Array,
  cltvExpiry: number,
  anchors: boolean,
): Uint8Array {
  const script = htlcScriptStart(keys)
    .op(OP.IF, OP.HASH160)
    .data(ripemd160(paymentHash))
    .op(OP.EQUALVERIFY, OP[2], OP.SWAP)
    .data(keys.localHtlcPubkey)
    .op(OP[2], OP.CHECKMULTISIG, OP.ELSE, OP.DROP)
    .number(cltvExpiry)
    .op(OP.CHECKLOCKTIMEVERIFY, OP.DROP, OP.CHECKSIG);
  return htlcScriptEnd(script, anchors);
}
