export * from './invoice.ts';
export { decodeInvoice } from './decode.ts';
export { encodeInvoice, signInvoice, taggedFields, type TaggedField } from './encode.ts';
export { formatHrp, parseHrp, type InvoicePrefix } from './hrp.ts';
export type { FallbackAddress, FallbackProgram } from './fallback.ts';
export type { RouteHint, RouteHop } from './route-hints.ts';
