export * from './messages.ts';
export * from './short-ids.ts';
export * from './signatures.ts';
