import type { Codec, Infer } from './codec.ts';
import { DecodeError, fail } from './errors.ts';
import { Reader } from './reader.ts';
import { tlvStream, type TlvSchema, type TlvValues } from './tlv.ts';
import { Writer } from './writer.ts';

export type Fields = Record<string, Codec<unknown>>;
export type FieldValues<F extends Fields> = { [K in keyof F]: Infer<F[K]> };

/** A decoded message: its fields, its TLV extension, and its name as the discriminant. */
export type Message<N extends string, F extends Fields, S extends TlvSchema> = { type: N } & FieldValues<F> & {
  tlvs: TlvValues<S>;
};

export interface MessageDef<N extends string = string, F extends Fields = Fields, S extends TlvSchema = TlvSchema> {
  readonly typeNumber: number;
  readonly name: N;
  /** The whole message: 2-byte type, fields, TLV extension. */
  encode(msg: Omit<Message<N, F, S>, 'type' | 'tlvs'> & { tlvs?: TlvValues<S> }): Uint8Array;
  /** Decodes the payload (the bytes after the 2-byte type). */
  decodePayload(payload: Uint8Array): Message<N, F, S>;
}

/**
 * Defines a wire message once; the same field list drives encoding and decoding.
 * Every message may carry a TLV extension after its fields (BOLT 1), so trailing bytes
 * are read as a TLV stream: unknown odd records are kept, unknown even ones rejected.
 */
export function defineMessage<const N extends string, F extends Fields, S extends TlvSchema = Record<never, never>>(
  typeNumber: number,
  name: N,
  fields: F,
  tlvs: S = {} as S,
): MessageDef<N, F, S> {
  const entries = Object.entries(fields);
  const extension = tlvStream(tlvs);
  return {
    typeNumber,
    name,
    encode(msg) {
      const w = new Writer(128);
      w.u16(typeNumber);
      for (const [field, codec] of entries) codec.write(w, (msg as Record<string, unknown>)[field]);
      extension.write(w, msg.tlvs ?? ({} as TlvValues<S>));
      return w.finish();
    },
    decodePayload(payload) {
      const r = new Reader(payload);
      const out: Record<string, unknown> = { type: name };
      for (const [field, codec] of entries) {
        try {
          out[field] = codec.read(r);
        } catch (e) {
          if (e instanceof DecodeError) throw new DecodeError(e.code, `${name}.${field}: ${e.message}`);
          throw e;
        }
      }
      try {
        out.tlvs = extension.read(r);
      } catch (e) {
        if (e instanceof DecodeError) throw new DecodeError(e.code, `${name} tlv extension: ${e.message}`);
        throw e;
      }
      return out as Message<N, F, S>;
    },
  };
}

export type AnyMessageDef = MessageDef<string, Fields, TlvSchema>;
export type DecodedOf<D> = D extends MessageDef<infer N, infer F, infer S> ? Message<N, F, S> : never;

export type Decoded<D extends AnyMessageDef> =
  | DecodedOf<D>
  | { type: 'unknown_odd'; typeNumber: number; payload: Uint8Array };

/** Maps message type numbers to definitions; decodes any framed message. */
export class MessageRegistry<D extends AnyMessageDef> {
  private readonly byNumber = new Map<number, D>();
  constructor(defs: readonly D[]) {
    for (const d of defs) {
      if (this.byNumber.has(d.typeNumber)) throw new Error(`duplicate message type ${d.typeNumber}`);
      this.byNumber.set(d.typeNumber, d);
    }
  }

  get(typeNumber: number): D | undefined {
    return this.byNumber.get(typeNumber);
  }

  decode(bytes: Uint8Array): Decoded<D> {
    const r = new Reader(bytes);
    const typeNumber = r.u16('message type');
    const def = this.byNumber.get(typeNumber);
    if (!def) {
      if (typeNumber % 2 === 0) fail('unknown_message', `unknown even message type ${typeNumber}`);
      return { type: 'unknown_odd', typeNumber, payload: r.rest().slice() };
    }
    return def.decodePayload(r.rest()) as Decoded<D>;
  }
}
