export * from './channel.ts';
export * from './claim-tx.ts';
export * from './classify.ts';
export * from './local.ts';
export * from './remote.ts';
export * from './justice.ts';
export * from './match.ts';
export * from './preimages.ts';
