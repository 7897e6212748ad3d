/** Full script verification of every input with bitcore-lib's Interpreter. */
import bitcore from 'bitcore-lib';
import { classifyScript } from './script.ts';
import type { ParsedTx } from './tx.ts';

const I = bitcore.Script.Interpreter;

/** Consensus rules in force on regtest today: failing these makes a tx invalid in any block. */
export const MANDATORY_FLAGS =
  I.SCRIPT_VERIFY_P2SH |
  I.SCRIPT_VERIFY_DERSIG |
  I.SCRIPT_VERIFY_NULLDUMMY |
  I.SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY |
  I.SCRIPT_VERIFY_CHECKSEQUENCEVERIFY |
  I.SCRIPT_VERIFY_WITNESS |
  I.SCRIPT_VERIFY_TAPROOT;

/**
 * Bitcoind's standard (relay) flags, except SCRIPT_VERIFY_CLEANSTACK. CLEANSTACK is relay policy only,
 * and bitcore-lib 11.5 implements it wrongly: it checks the copy of the scriptSig stack instead of the
 * final stack, so every valid P2WPKH/P2WSH/P2TR spend (empty scriptSig) and every P2PKH spend fails with
 * SCRIPT_ERR_CLEANSTACK. script-verify.test.ts demonstrates it.
 */
export const STANDARD_FLAGS =
  MANDATORY_FLAGS |
  I.SCRIPT_VERIFY_STRICTENC |
  I.SCRIPT_VERIFY_LOW_S |
  I.SCRIPT_VERIFY_MINIMALDATA |
  I.SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS |
  I.SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM |
  I.SCRIPT_VERIFY_MINIMALIF |
  I.SCRIPT_VERIFY_NULLFAIL |
  I.SCRIPT_VERIFY_WITNESS_PUBKEYTYPE |
  I.SCRIPT_VERIFY_CONST_SCRIPTCODE |
  I.SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION |
  I.SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS |
  I.SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE;

export const CLEANSTACK_FLAG = I.SCRIPT_VERIFY_CLEANSTACK;

export interface SpentOutput {
  value: bigint;
  script: Uint8Array;
}

export type ScriptCheck =
  | { ok: true }
  | { ok: false; inputIndex: number; /** Fails consensus rules, not only policy. */ mandatory: boolean; error: string };

/** Bitcoind's wording for the script errors a wallet is likely to hit; others keep bitcore's code. */
const SCRIPT_ERROR_TEXT: Record<string, string> = {
  SCRIPT_ERR_EVAL_FALSE: 'Script evaluated without error but finished with a false/empty top stack element',
  SCRIPT_ERR_EVAL_FALSE_IN_STACK: 'Script evaluated without error but finished with a false/empty top stack element',
  SCRIPT_ERR_EVAL_FALSE_NO_RESULT: 'Script evaluated without error but finished with a false/empty top stack element',
  SCRIPT_ERR_EVAL_FALSE_IN_P2SH_STACK: 'Script evaluated without error but finished with a false/empty top stack element',
  SCRIPT_ERR_EVAL_FALSE_NO_P2SH_STACK: 'Script evaluated without error but finished with a false/empty top stack element',
  SCRIPT_ERR_VERIFY: 'Script failed an OP_VERIFY operation',
  SCRIPT_ERR_EQUALVERIFY: 'Script failed an OP_EQUALVERIFY operation',
  SCRIPT_ERR_CHECKSIGVERIFY: 'Script failed an OP_CHECKSIGVERIFY operation',
  SCRIPT_ERR_CHECKMULTISIGVERIFY: 'Script failed an OP_CHECKMULTISIGVERIFY operation',
  SCRIPT_ERR_NUMEQUALVERIFY: 'Script failed an OP_NUMEQUALVERIFY operation',
  SCRIPT_ERR_OP_RETURN: 'OP_RETURN was encountered',
  SCRIPT_ERR_NEGATIVE_LOCKTIME: 'Negative locktime',
  SCRIPT_ERR_UNSATISFIED_LOCKTIME: 'Locktime requirement not satisfied',
  SCRIPT_ERR_SIG_DER_INVALID_FORMAT: 'Non-canonical DER signature',
  SCRIPT_ERR_SIG_DER_HIGH_S: 'Non-canonical signature: S value is unnecessarily high',
  SCRIPT_ERR_SIG_HASHTYPE: 'Signature hash type missing or not understood',
  SCRIPT_ERR_SIG_NULLDUMMY: 'Dummy CHECKMULTISIG argument must be zero',
  SCRIPT_ERR_SIG_NULLFAIL: 'Signature must be zero for failed CHECK(MULTI)SIG operation',
  SCRIPT_ERR_NULLFAIL: 'Signature must be zero for failed CHECK(MULTI)SIG operation',
  SCRIPT_ERR_SIG_PUSHONLY: 'Only push operators allowed in signatures',
  SCRIPT_ERR_PUBKEYTYPE: 'Public key is neither compressed or uncompressed',
  SCRIPT_ERR_MINIMALDATA: 'Data push larger than necessary',
  SCRIPT_ERR_MINIMALIF: 'OP_IF/NOTIF argument must be minimal',
  SCRIPT_ERR_TAPSCRIPT_MINIMALIF: 'OP_IF/NOTIF argument must be minimal in tapscript',
  SCRIPT_ERR_INVALID_ALTSTACK_OPERATION: 'Operation not valid with the current altstack size',
  SCRIPT_ERR_SIG_COUNT: 'Signature count negative or greater than pubkey count',
  SCRIPT_ERR_PUBKEY_COUNT: 'Pubkey count negative or limit exceeded',
  SCRIPT_ERR_OP_CODESEPARATOR: 'Using OP_CODESEPARATOR in non-witness script',
  SCRIPT_ERR_SIG_FINDANDDELETE: 'Signature is found in scriptCode',
  SCRIPT_ERR_TAPSCRIPT_VALIDATION_WEIGHT: 'Too much signature validation relative to witness weight',
  SCRIPT_ERR_DISCOURAGE_OP_SUCCESS: 'OP_SUCCESSx reserved for soft-fork upgrades',
  SCRIPT_ERR_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION: 'Taproot version reserved for soft-fork upgrades',
  SCRIPT_ERR_DISCOURAGE_UPGRADABLE_PUBKEYTYPE: 'Public key version reserved for soft-fork upgrades',
  SCRIPT_ERR_INVALID_STACK_OPERATION: 'Operation not valid with the current stack size',
  SCRIPT_ERR_BAD_OPCODE: 'Opcode missing or not understood',
  SCRIPT_ERR_UNDEFINED_OPCODE: 'Opcode missing or not understood',
  SCRIPT_ERR_DISABLED_OPCODE: 'Attempted to use a disabled opcode',
  SCRIPT_ERR_UNBALANCED_CONDITIONAL: 'Invalid OP_IF construction',
  SCRIPT_ERR_PUSH_SIZE: 'Push value size limit exceeded',
  SCRIPT_ERR_OP_COUNT: 'Operation limit exceeded',
  SCRIPT_ERR_STACK_SIZE: 'Stack size limit exceeded',
  SCRIPT_ERR_DISCOURAGE_UPGRADABLE_NOPS: 'NOPx reserved for soft-fork upgrades',
  SCRIPT_ERR_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: 'Witness version reserved for soft-fork upgrades',
  SCRIPT_ERR_WITNESS_PROGRAM_WRONG_LENGTH: 'Witness program has incorrect length',
  SCRIPT_ERR_WITNESS_PROGRAM_WITNESS_EMPTY: 'Witness program was passed an empty witness',
  SCRIPT_ERR_WITNESS_PROGRAM_MISMATCH: 'Witness program hash mismatch',
  SCRIPT_ERR_WITNESS_MALLEATED: 'Witness requires empty scriptSig',
  SCRIPT_ERR_WITNESS_MALLEATED_P2SH: 'Witness requires only-redeemscript scriptSig',
  SCRIPT_ERR_WITNESS_UNEXPECTED: 'Witness provided for non-witness script',
  SCRIPT_ERR_WITNESS_PUBKEYTYPE: 'Using non-compressed keys in segwit',
  SCRIPT_ERR_SCHNORR_SIG: 'Invalid Schnorr signature',
  SCRIPT_ERR_SCHNORR_SIG_SIZE: 'Invalid Schnorr signature size',
  SCRIPT_ERR_SCHNORR_SIG_HASHTYPE: 'Invalid Schnorr signature hash type',
  SCRIPT_ERR_TAPROOT_WRONG_CONTROL_SIZE: 'Invalid Taproot control block size',
  SCRIPT_ERR_CLEANSTACK: 'Stack size must be exactly one after execution',
};

export const describeScriptError = (code: string): string => SCRIPT_ERROR_TEXT[code] ?? code;

type Runner = (inputIndex: number, flags: number) => string | undefined;

function prepare(tx: ParsedTx, spent: SpentOutput[]): Runner {
  const subject = new bitcore.Transaction(Buffer.from(tx.raw));
  const scripts = spent.map((output) => bitcore.Script.fromBuffer(Buffer.from(output.script)));
  // Taproot signature hashes commit to every spent output, so each input carries its prevout.
  subject.inputs.forEach((input, index) => {
    const output = spent[index] as SpentOutput;
    input.output = new bitcore.Transaction.Output({ script: Buffer.from(output.script), satoshis: Number(output.value) });
  });
  return (inputIndex, flags) => {
    const input = subject.inputs[inputIndex];
    const txInput = tx.inputs[inputIndex];
    const output = spent[inputIndex];
    const scriptPubkey = scripts[inputIndex];
    if (!input || !txInput || !output || !scriptPubkey) return 'missing input';
    try {
      const interpreter = new I();
      const witness = txInput.witness.map((item) => Buffer.from(item));
      const ok = interpreter.verify(input.script, scriptPubkey, subject, inputIndex, flags, witness, Number(output.value));
      if (ok) return undefined;
      // bitcore leaves errstr empty when a taproot key-path signature does not verify.
      return interpreter.errstr || (classifyScript(output.script) === 'v1_p2tr' ? 'SCRIPT_ERR_SCHNORR_SIG' : 'SCRIPT_ERR_UNKNOWN_ERROR');
    } catch (error) {
      return `exception: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
}

/** Verifies every input; `spent[i]` is the output spent by input i. Flags default to the standard set. */
export function verifyScripts(tx: ParsedTx, spent: SpentOutput[], flags = STANDARD_FLAGS): ScriptCheck {
  if (spent.length !== tx.inputs.length) throw new RangeError('one spent output per input is required');
  let run: Runner;
  try {
    run = prepare(tx, spent);
  } catch (error) {
    return { ok: false, inputIndex: 0, mandatory: true, error: `exception: ${error instanceof Error ? error.message : String(error)}` };
  }
  for (let index = 0; index < tx.inputs.length; index++) {
    let inputFlags = flags;
    // Spending a pay-to-anchor output is standard although it is an "upgradable" witness program.
    if (classifyScript((spent[index] as SpentOutput).script) === 'anchor') {
      inputFlags &= ~I.SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM;
    }
    const error = run(index, inputFlags);
    if (error === undefined) continue;
    const mandatory = (inputFlags & ~MANDATORY_FLAGS) === 0 || run(index, inputFlags & MANDATORY_FLAGS) !== undefined;
    return { ok: false, inputIndex: index, mandatory, error };
  }
  return { ok: true };
}
