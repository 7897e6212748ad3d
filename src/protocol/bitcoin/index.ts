export * from './tx.ts';
export * from './parse.ts';
export * from './script.ts';
export * from './sighash.ts';
export * from './ecdsa.ts';
