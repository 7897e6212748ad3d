/**
 * The npm `bolt11` package. Its `decode` parses every tag and recovers the payee key from the
 * signature with the `secp256k1` package, whose backend depends on where it runs: in Node the
 * native libsecp256k1 addon (C), in a browser bundle its `browser` entry, the pure-JS `elliptic`.
 * Both are measured, the second by loading bolt11 against that browser entry.
 */
import Module, { createRequire } from 'node:module';
import type * as Bolt11Package from 'bolt11';
import type { Bolt11Contender, DecodedSummary } from './contender.ts';

type Bolt11Module = typeof Bolt11Package;

const require = createRequire(import.meta.url);
const bolt11Path = require.resolve('bolt11');
const secp256k1Path = createRequire(bolt11Path).resolve('secp256k1');

/** bolt11 exactly as Node loads it. */
function loadNodeBolt11(): Bolt11Module {
  return require(bolt11Path) as Bolt11Module;
}

/** A separate instance of bolt11 whose `secp256k1` is that package's browser entry (elliptic.js). */
function loadBrowserBolt11(): Bolt11Module {
  loadNodeBolt11(); // make sure the regular instance is cached first, so it is what we restore
  const regularBolt11 = require.cache[bolt11Path];
  const regularSecp256k1 = require.cache[secp256k1Path];
  const browserEntry = new Module(secp256k1Path);
  browserEntry.exports = createRequire(secp256k1Path)('./elliptic.js');
  browserEntry.loaded = true;
  try {
    require.cache[secp256k1Path] = browserEntry;
    delete require.cache[bolt11Path];
    return require(bolt11Path) as Bolt11Module;
  } finally {
    require.cache[secp256k1Path] = regularSecp256k1;
    require.cache[bolt11Path] = regularBolt11;
  }
}

function npmContender(name: string, bolt11: Bolt11Module): Bolt11Contender {
  return {
    name,
    decode(invoice: string): number {
      return bolt11.decode(invoice).payeeNodeKey!.length;
    },
    summarise(invoice: string): DecodedSummary {
      const decoded = bolt11.decode(invoice);
      return {
        payeeNodeId: decoded.payeeNodeKey ?? '',
        paymentHash: decoded.tagsObject.payment_hash ?? '',
        amountMsat: decoded.millisatoshis ?? null,
      };
    },
  };
}

export function npmBolt11Native(): Bolt11Contender {
  return npmContender('npm bolt11 (Node: native libsecp256k1)', loadNodeBolt11());
}

export function npmBolt11Browser(): Bolt11Contender {
  return npmContender('npm bolt11 (browser build: elliptic)', loadBrowserBolt11());
}
