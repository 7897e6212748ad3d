export * from './errors.ts';
export * from './bytes.ts';
export * from './reader.ts';
export * from './writer.ts';
export * from './bigsize.ts';
export * from './codec.ts';
export * from './tlv.ts';
export * from './message.ts';
