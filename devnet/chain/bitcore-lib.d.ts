/** The small part of bitcore-lib (v11, untyped) that the devnet's script verification uses. */
declare module 'bitcore-lib' {
  interface BitcoreScript {
    toBuffer(): Buffer;
  }

  interface BitcoreOutput {
    readonly script: BitcoreScript | null;
  }

  interface BitcoreInput {
    /** Throws when the scriptSig cannot be parsed. */
    readonly script: BitcoreScript;
    output?: BitcoreOutput;
  }

  interface BitcoreTransaction {
    readonly inputs: BitcoreInput[];
  }

  interface BitcoreInterpreter {
    errstr: string;
    verify(
      scriptSig: BitcoreScript,
      scriptPubkey: BitcoreScript,
      tx: BitcoreTransaction,
      inputIndex: number,
      flags: number,
      witness: Buffer[],
      satoshis: number,
    ): boolean;
  }

  interface InterpreterStatic {
    new (): BitcoreInterpreter;
    readonly SCRIPT_VERIFY_P2SH: number;
    readonly SCRIPT_VERIFY_STRICTENC: number;
    readonly SCRIPT_VERIFY_DERSIG: number;
    readonly SCRIPT_VERIFY_LOW_S: number;
    readonly SCRIPT_VERIFY_NULLDUMMY: number;
    readonly SCRIPT_VERIFY_MINIMALDATA: number;
    readonly SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS: number;
    readonly SCRIPT_VERIFY_CLEANSTACK: number;
    readonly SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY: number;
    readonly SCRIPT_VERIFY_CHECKSEQUENCEVERIFY: number;
    readonly SCRIPT_VERIFY_WITNESS: number;
    readonly SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: number;
    readonly SCRIPT_VERIFY_MINIMALIF: number;
    readonly SCRIPT_VERIFY_NULLFAIL: number;
    readonly SCRIPT_VERIFY_WITNESS_PUBKEYTYPE: number;
    readonly SCRIPT_VERIFY_CONST_SCRIPTCODE: number;
    readonly SCRIPT_VERIFY_TAPROOT: number;
    readonly SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION: number;
    readonly SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS: number;
    readonly SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE: number;
  }

  interface ScriptStatic {
    fromBuffer(buffer: Buffer): BitcoreScript;
    readonly Interpreter: InterpreterStatic;
  }

  interface TransactionStatic {
    new (serialized: Buffer): BitcoreTransaction;
    readonly Output: new (params: { script: Buffer; satoshis: number }) => BitcoreOutput;
  }

  const bitcore: {
    readonly Script: ScriptStatic;
    readonly Transaction: TransactionStatic;
  };
  export default bitcore;
}
