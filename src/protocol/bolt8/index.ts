export { NoiseSession, type FeedResult, type InitiatorOptions, type ResponderOptions } from './session.ts';
export { MAX_MESSAGE_LENGTH } from './frames.ts';
