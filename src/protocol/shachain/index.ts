export { MAX_SECRET_INDEX, generateFromSeed } from './shachain.ts';
export { RevealedSecrets, type RevealedSecretsSnapshot } from './store.ts';
