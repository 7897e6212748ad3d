import { describe, expect, it } from 'vitest';
import {
  REGTEST_GENESIS_HASH,
  decodeHeader,
  difficultyFromBits,
  encodeHeightPush,
  findWitnessCommitment,
  genesisBlock,
  headerHash,
  meetsTarget,
  merkleBranch,
  merkleRoot,
  parseBlock,
  serializeBlock,
  witnessCommitmentScript,
} from './block.ts';
import { concatBytes, displayToHash, hashToDisplay, sha256d, toHex } from './bytes.ts';
import { REGTEST_BITS, blockSubsidy } from './consensus.ts';
import { fund, makeKey, newChain, p2wpkhOf } from './test-support.ts';

describe('regtest blocks', () => {
  it('builds the real regtest genesis block', () => {
    const genesis = genesisBlock();
    expect(genesis.hash).toBe(REGTEST_GENESIS_HASH);
    expect(genesis.header.merkleRoot).toBe('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
    const { chain } = newChain({ startupHeight: 0 });
    expect(chain.blockAt(0)?.hash).toBe(REGTEST_GENESIS_HASH);
  });

  it('mines 80-byte headers that link, meet the regtest target and commit to the transactions', () => {
    const { chain } = newChain({ startupHeight: 5 });
    for (let height = 1; height <= 5; height++) {
      const info = chain.blockAt(height);
      const previous = chain.blockAt(height - 1);
      if (!info || !previous) throw new Error('missing block');
      expect(info.header).toHaveLength(80);
      expect(headerHash(info.header)).toBe(info.hash);
      expect(meetsTarget(info.header, REGTEST_BITS)).toBe(true);
      const header = decodeHeader(info.header);
      expect(header.prevHash).toBe(previous.hash);
      expect(header.bits).toBe(0x207fffff);
      expect(header.merkleRoot).toBe(hashToDisplay(merkleRoot(info.txs.map((tx) => displayToHash(tx.txid)))));
      expect(header.time).toBeGreaterThan(chain.blockByHeight(height - 1)?.medianTimePast ?? Infinity);
    }
  });

  it('puts the BIP34 height and a BIP141 witness commitment in the coinbase', () => {
    const { chain, faucet } = newChain();
    fund(chain, faucet, p2wpkhOf(makeKey('alice')).script, 10_000n);
    const block = chain.blockByHeight(chain.height);
    const coinbase = block?.txs[0];
    if (!block || !coinbase) throw new Error('missing block');
    const heightPush = encodeHeightPush(block.height);
    expect(toHex(coinbase.inputs[0]?.scriptSig.subarray(0, heightPush.length) ?? new Uint8Array())).toBe(toHex(heightPush));
    expect(coinbase.inputs[0]?.witness).toEqual([new Uint8Array(32)]);
    expect(findWitnessCommitment(coinbase)).toEqual(witnessCommitmentScript(block.txs.slice(1)));
    // A block re-parsed from its bytes passes the structural checks (PoW, merkle root, commitment).
    expect(parseBlock(serializeBlock(block.headerBytes, block.txs)).hash).toBe(block.hash);
    // Blocks without witness transactions carry no commitment.
    const [empty] = chain.mine(1);
    expect(findWitnessCommitment(chain.lookupTransaction(empty?.txs[0]?.txid ?? '')?.tx ?? coinbase)).toBeUndefined();
  });

  it('encodes BIP34 heights like CScript() << height', () => {
    expect(toHex(encodeHeightPush(1))).toBe('51');
    expect(toHex(encodeHeightPush(16))).toBe('60');
    expect(toHex(encodeHeightPush(17))).toBe('0111');
    expect(toHex(encodeHeightPush(128))).toBe('028000');
    expect(toHex(encodeHeightPush(256))).toBe('020001');
    expect(toHex(encodeHeightPush(70_000))).toBe('03701101');
  });

  it('halves the subsidy every 150 blocks and pays subsidy plus fees', () => {
    expect(blockSubsidy(149)).toBe(5_000_000_000n);
    expect(blockSubsidy(150)).toBe(2_500_000_000n);
    expect(blockSubsidy(300)).toBe(1_250_000_000n);
    expect(blockSubsidy(150 * 64)).toBe(0n);
    const { chain } = newChain({ startupHeight: 151 });
    const coinbaseValue = (height: number) => chain.lookupTransaction(chain.blockAt(height)?.txs[0]?.txid ?? '')?.tx.outputs[0]?.value;
    expect(coinbaseValue(149)).toBe(5_000_000_000n);
    expect(coinbaseValue(150)).toBe(2_500_000_000n);
  });

  it('rejects stored blocks whose proof of work or merkle root is wrong', () => {
    const { chain } = newChain({ startupHeight: 1 });
    const block = chain.blockByHeight(1);
    if (!block) throw new Error('missing block');
    const raw = serializeBlock(block.headerBytes, block.txs);
    const badRoot = Uint8Array.from(raw);
    badRoot[40] = (badRoot[40] as number) ^ 1;
    expect(() => parseBlock(badRoot)).toThrow(/high-hash|bad-txnmrklroot/);
    expect(() => parseBlock(raw.subarray(0, raw.length - 1))).toThrow();
  });

  it('computes Electrum merkle branches that lead back to the root', () => {
    const leaves = [1, 2, 3, 4, 5].map((n) => sha256d(Uint8Array.of(n)));
    const root = merkleRoot(leaves);
    leaves.forEach((leaf, position) => {
      let hash = leaf;
      let index = position;
      for (const sibling of merkleBranch(leaves, position)) {
        hash = sha256d(index % 2 === 0 ? concatBytes(hash, sibling) : concatBytes(sibling, hash));
        index >>= 1;
      }
      expect(hash).toEqual(root);
    });
  });

  it('reports the regtest difficulty like bitcoind', () => {
    expect(difficultyFromBits(0x207fffff)).toBeCloseTo(4.656542373906925e-10, 20);
    expect(difficultyFromBits(0x1d00ffff)).toBe(1);
  });
});
