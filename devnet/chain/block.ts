import {
  ByteReader,
  ByteWriter,
  bytesEqual,
  concatBytes,
  displayToHash,
  fromHex,
  hashToDisplay,
  sha256d,
} from './bytes.ts';
import { COINBASE_VOUT, TxDecodeError, parseTx, parseTxAt, type ParsedTx, type TxOutput } from './tx.ts';

export const HEADER_SIZE = 80;
export const REGTEST_GENESIS_HASH = '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206';
const GENESIS_COINBASE_HEX =
  '01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d6573' +
  '2030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e' +
  '6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4' +
  'f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000';
const GENESIS_TIME = 1296688602;
const GENESIS_NONCE = 2;
const WITNESS_COMMITMENT_PREFIX = Uint8Array.of(0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed);
const WITNESS_RESERVED_VALUE = new Uint8Array(32);

export interface BlockHeader {
  version: number;
  /** Display order. */
  prevHash: string;
  /** Display order. */
  merkleRoot: string;
  time: number;
  bits: number;
  nonce: number;
}

export function encodeHeader(header: BlockHeader): Uint8Array {
  return new ByteWriter()
    .u32(header.version)
    .bytes(displayToHash(header.prevHash))
    .bytes(displayToHash(header.merkleRoot))
    .u32(header.time)
    .u32(header.bits)
    .u32(header.nonce)
    .finish();
}

export function decodeHeader(bytes: Uint8Array): BlockHeader {
  if (bytes.length !== HEADER_SIZE) throw new RangeError('a block header is 80 bytes');
  const reader = new ByteReader(bytes);
  return {
    version: reader.u32(),
    prevHash: hashToDisplay(reader.take(32)),
    merkleRoot: hashToDisplay(reader.take(32)),
    time: reader.u32(),
    bits: reader.u32(),
    nonce: reader.u32(),
  };
}

export const headerHash = (header: Uint8Array): string => hashToDisplay(sha256d(header));

/** The 256-bit target encoded by compact `bits`, big-endian (display order). */
export function targetFromBits(bits: number): Uint8Array {
  const exponent = bits >>> 24;
  const mantissa = bits & 0x007fffff;
  const target = new Uint8Array(32);
  for (let i = 0; i < 3; i++) {
    const byte = (mantissa >>> (8 * (2 - i))) & 0xff;
    const position = 32 - exponent + i;
    if (position >= 0 && position < 32) target[position] = byte;
  }
  return target;
}

/** Compares display-order hashes as big-endian numbers. */
function hashAtMostTarget(hash: Uint8Array, target: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) {
    const a = hash[i] as number;
    const b = target[i] as number;
    if (a !== b) return a < b;
  }
  return true;
}

export function meetsTarget(header: Uint8Array, bits: number): boolean {
  return hashAtMostTarget(Uint8Array.from(sha256d(header)).reverse(), targetFromBits(bits));
}

/** Difficulty relative to the mainnet minimum (0x1d00ffff), as explorers report it. */
export function difficultyFromBits(bits: number): number {
  const exponent = bits >>> 24;
  const mantissa = bits & 0x007fffff;
  return (0xffff / mantissa) * 256 ** (0x1d - exponent);
}

/** Finds a nonce that meets `bits` (regtest: about two attempts). Bumps the time if the nonce space runs out. */
export function grindHeader(header: BlockHeader): { header: BlockHeader; bytes: Uint8Array } {
  const target = targetFromBits(header.bits);
  const bytes = encodeHeader({ ...header, nonce: 0 });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let bump = 0; bump < 16; bump++) {
    view.setUint32(68, header.time + bump, true);
    for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
      view.setUint32(76, nonce, true);
      if (hashAtMostTarget(Uint8Array.from(sha256d(bytes)).reverse(), target)) {
        return { header: { ...header, time: header.time + bump, nonce }, bytes };
      }
    }
  }
  throw new Error('could not find a header meeting the target');
}

/** Merkle root over internal-order hashes, duplicating the last node of odd levels. */
export function merkleRoot(hashes: Uint8Array[]): Uint8Array {
  if (hashes.length === 0) throw new RangeError('merkle root of nothing');
  let level = hashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1] ?? left;
      next.push(sha256d(concatBytes(left, right)));
    }
    level = next;
  }
  return level[0] as Uint8Array;
}

/** Electrum-style merkle branch for the leaf at `position`, internal-order hashes from the leaf up. */
export function merkleBranch(hashes: Uint8Array[], position: number): Uint8Array[] {
  if (position < 0 || position >= hashes.length) throw new RangeError('position outside the block');
  const branch: Uint8Array[] = [];
  let level = hashes;
  let index = position;
  while (level.length > 1) {
    const sibling = index ^ 1;
    branch.push(level[sibling] ?? (level[index] as Uint8Array));
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      next.push(sha256d(concatBytes(left, level[i + 1] ?? left)));
    }
    level = next;
    index >>= 1;
  }
  return branch;
}

export const txMerkleRoot = (txs: ParsedTx[]): string => hashToDisplay(merkleRoot(txs.map((tx) => displayToHash(tx.txid))));

/** BIP141 commitment: the coinbase's wtxid counts as zero. */
export function witnessCommitmentScript(txs: ParsedTx[]): Uint8Array {
  const wtxids = [new Uint8Array(32), ...txs.map((tx) => displayToHash(tx.wtxid))];
  const commitment = sha256d(concatBytes(merkleRoot(wtxids), WITNESS_RESERVED_VALUE));
  return concatBytes(WITNESS_COMMITMENT_PREFIX, commitment);
}

export function findWitnessCommitment(coinbase: ParsedTx): Uint8Array | undefined {
  // BIP141: the last output matching the prefix wins.
  for (let i = coinbase.outputs.length - 1; i >= 0; i--) {
    const script = (coinbase.outputs[i] as TxOutput).script;
    if (script.length >= 38 && bytesEqual(script.subarray(0, 6), WITNESS_COMMITMENT_PREFIX)) return script.subarray(0, 38);
  }
  return undefined;
}

/** BIP34 height push (CScript() << height): OP_0, OP_1..OP_16, or a minimal little-endian number. */
export function encodeHeightPush(height: number): Uint8Array {
  if (height === 0) return Uint8Array.of(0x00);
  if (height <= 16) return Uint8Array.of(0x50 + height);
  const digits: number[] = [];
  for (let value = height; value > 0; value = Math.floor(value / 256)) digits.push(value % 256);
  if (((digits[digits.length - 1] as number) & 0x80) !== 0) digits.push(0);
  return Uint8Array.of(digits.length, ...digits);
}

export interface CoinbaseParams {
  height: number;
  script: Uint8Array;
  value: bigint;
  /** Transactions of the block after the coinbase; a witness commitment is added if any has a witness. */
  blockTxs: ParsedTx[];
  /** Makes coinbases of competing blocks at the same height differ. */
  extraNonce: Uint8Array;
}

export function buildCoinbase(params: CoinbaseParams): ParsedTx {
  const scriptSig = concatBytes(encodeHeightPush(params.height), Uint8Array.of(params.extraNonce.length), params.extraNonce);
  const outputs: TxOutput[] = [{ value: params.value, script: params.script }];
  const segwit = params.blockTxs.some((tx) => tx.hasWitness);
  if (segwit) outputs.push({ value: 0n, script: witnessCommitmentScript(params.blockTxs) });
  const writer = new ByteWriter().u32(2);
  if (segwit) writer.u8(0).u8(1);
  writer.compactSize(1).bytes(new Uint8Array(32)).u32(COINBASE_VOUT).varBytes(scriptSig).u32(0xffffffff);
  writer.compactSize(outputs.length);
  for (const output of outputs) writer.u64(output.value).varBytes(output.script);
  if (segwit) writer.compactSize(1).varBytes(WITNESS_RESERVED_VALUE);
  writer.u32(0);
  return parseTx(writer.finish());
}

export function serializeBlock(header: Uint8Array, txs: ParsedTx[]): Uint8Array {
  const writer = new ByteWriter().bytes(header).compactSize(txs.length);
  for (const tx of txs) writer.bytes(tx.raw);
  return writer.finish();
}

export interface ParsedBlock {
  header: BlockHeader;
  headerBytes: Uint8Array;
  hash: string;
  txs: ParsedTx[];
  size: number;
  weight: number;
}

export class BlockDecodeError extends Error {
  override readonly name = 'BlockDecodeError';
}

/** Parses a block and checks what makes it self-consistent: proof of work, merkle root, witness commitment. */
export function parseBlock(raw: Uint8Array): ParsedBlock {
  if (raw.length < HEADER_SIZE + 1) throw new BlockDecodeError('block too short');
  const headerBytes = raw.subarray(0, HEADER_SIZE);
  const header = decodeHeader(headerBytes);
  const reader = new ByteReader(raw.subarray(HEADER_SIZE));
  const count = reader.compactSize();
  const prefixSize = HEADER_SIZE + reader.position;
  let offset = prefixSize;
  const txs: ParsedTx[] = [];
  for (let i = 0; i < count; i++) {
    let tx: ParsedTx;
    try {
      tx = parseTxAt(raw, offset);
    } catch (error) {
      throw new BlockDecodeError(`transaction ${i}: ${error instanceof TxDecodeError ? error.message : String(error)}`);
    }
    txs.push(tx);
    offset += tx.size;
  }
  if (offset !== raw.length) throw new BlockDecodeError('trailing data after block');
  const coinbase = txs[0];
  if (!coinbase?.isCoinbase || txs.slice(1).some((tx) => tx.isCoinbase)) throw new BlockDecodeError('bad-cb-missing');
  if (!meetsTarget(headerBytes, header.bits)) throw new BlockDecodeError('high-hash');
  if (txMerkleRoot(txs) !== header.merkleRoot) throw new BlockDecodeError('bad-txnmrklroot');
  const others = txs.slice(1);
  const commitment = findWitnessCommitment(coinbase);
  if (others.some((tx) => tx.hasWitness)) {
    if (!commitment || !bytesEqual(commitment, witnessCommitmentScript(others))) throw new BlockDecodeError('bad-witness-merkle-match');
  }
  const weight = prefixSize * 4 + txs.reduce((sum, tx) => sum + tx.weight, 0);
  return { header, headerBytes, hash: headerHash(headerBytes), txs, size: raw.length, weight };
}

export function genesisBlock(): ParsedBlock {
  const coinbase = parseTx(fromHex(GENESIS_COINBASE_HEX));
  const header: BlockHeader = {
    version: 1,
    prevHash: '00'.repeat(32),
    merkleRoot: coinbase.txid,
    time: GENESIS_TIME,
    bits: 0x207fffff,
    nonce: GENESIS_NONCE,
  };
  const headerBytes = encodeHeader(header);
  const hash = headerHash(headerBytes);
  if (hash !== REGTEST_GENESIS_HASH) throw new Error(`regtest genesis mismatch: ${hash}`);
  const size = HEADER_SIZE + 1 + coinbase.size;
  return { header, headerBytes, hash, txs: [coinbase], size, weight: size * 4 };
}
