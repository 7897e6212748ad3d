export * from './keys.ts';
export * from './scripts.ts';
export * from './fees.ts';
export * from './commitment.ts';
export * from './htlc-tx.ts';
export * from './signing.ts';
