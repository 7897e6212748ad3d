export { MAX_SECRET_INDEX, generateFromSeed } from './shachain.ts';
export { RevealedSecrets } from './store.ts';
