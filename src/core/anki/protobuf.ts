// The one protobuf wire-format reader and writer of the code base, for what Anki stores as protobuf: the package
// files (`meta`: PackageMetadata, the `media` map: MediaEntries) and the blobs of schema-18 collections (note type,
// field, template and deck `config`, deck `common` and `kind`). No schema compiler: callers loop over tags and pick
// the fields they know (ProtobufReader), or decode a whole message and ask for fields by number (ProtoMessage). The
// reader checks every length against the bytes it has, so a truncated or garbled message raises a ProtobufError that
// says where, instead of reading past the end (a Uint8Array would quietly give `undefined`, which bit operations turn
// into 0, so damaged input would decode as plausible numbers).

/** Wire types (protobuf encoding spec). 3 and 4 start and end a group, a deprecated form that still has to be skipped. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;
export type WireType = (typeof WIRE)[keyof typeof WIRE];

export interface ProtobufTag {
  field: number;
  wireType: WireType;
}

/** A message that does not follow the wire format; `offset` is the byte where reading failed. */
export class ProtobufError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'ProtobufError';
  }
}

/** Deepest nesting of groups we follow when skipping them: bounds recursion on hostile input. */
const MAX_GROUP_DEPTH = 64;
const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

export class ProtobufReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** True once every byte has been read: a message has no terminator, it simply ends. */
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  get offset(): number {
    return this.pos;
  }

  readTag(): ProtobufTag {
    const start = this.pos;
    const key = this.readVarint();
    const wireType = key % 8;
    const field = Math.floor(key / 8);
    if (wireType > 5) throw new ProtobufError(`unknown wire type ${wireType}`, start);
    // Field numbers are 1..2^29-1.
    if (field < 1 || field > 0x1fffffff) throw new ProtobufError(`invalid field number ${field}`, start);
    return { field, wireType: wireType as WireType };
  }

  /** Throws unless the field was written with the wire type its schema gives it. */
  expectWireType(tag: ProtobufTag, wireType: WireType): void {
    if (tag.wireType !== wireType) {
      throw new ProtobufError(
        `field ${tag.field} is ${WIRE_NAMES[tag.wireType]}, expected ${WIRE_NAMES[wireType]}`,
        this.pos,
      );
    }
  }

  /**
   * A varint as a JavaScript number. Values above 2^53 lose precision, which no field read here can hold; negative
   * int32/enum values arrive as 10-byte two's-complement varints and come out as huge positive numbers: use
   * readInt32/readUint32 for those fields.
   */
  readVarint(): number {
    const start = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.bytes[this.pos];
      if (byte === undefined) throw new ProtobufError('message ends inside a varint', start);
      this.pos++;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes', start);
  }

  /** uint32 fields: protobuf keeps the low 32 bits of the varint. */
  readUint32(): number {
    const start = this.pos;
    // The low 32 bits are in the first five bytes; read the varint bytewise so large values keep them exactly.
    let low = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const byte = this.bytes[this.pos];
      if (byte === undefined) throw new ProtobufError('message ends inside a varint', start);
      this.pos++;
      if (shift < 32) low |= (byte & 0x7f) << shift;
      shift += 7;
      if (byte < 0x80) return low >>> 0;
    }
    throw new ProtobufError('varint longer than 10 bytes', start);
  }

  /** int32 and enum fields: the low 32 bits, signed. */
  readInt32(): number {
    return this.readUint32() | 0;
  }

  /** A length-delimited value (bytes, string, embedded message): a view into the input, not a copy. */
  readBytes(): Uint8Array {
    const start = this.pos;
    const length = this.readVarint();
    if (length > this.bytes.length - this.pos) {
      throw new ProtobufError(`length ${length} runs past the end of the message`, start);
    }
    const value = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  readString(): string {
    const start = this.pos;
    const bytes = this.readBytes();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ProtobufError('string is not valid UTF-8', start);
    }
  }

  /** Skips the value of a field this caller does not know, whatever its wire type. */
  skip(tag: ProtobufTag, depth = 0): void {
    switch (tag.wireType) {
      case WIRE.varint:
        this.readVarint();
        return;
      case WIRE.fixed64:
        this.advance(8);
        return;
      case WIRE.fixed32:
        this.advance(4);
        return;
      case WIRE.bytes:
        this.readBytes();
        return;
      case WIRE.startGroup:
        this.skipGroup(tag.field, depth);
        return;
      case WIRE.endGroup:
        throw new ProtobufError(`end of group ${tag.field} without its start`, this.pos);
    }
  }

  private skipGroup(field: number, depth: number): void {
    if (depth >= MAX_GROUP_DEPTH) throw new ProtobufError('groups nested too deeply', this.pos);
    for (;;) {
      if (this.done) throw new ProtobufError(`message ends inside group ${field}`, this.pos);
      const inner = this.readTag();
      if (inner.wireType === WIRE.endGroup) {
        if (inner.field !== field) {
          throw new ProtobufError(`group ${field} closed as group ${inner.field}`, this.pos);
        }
        return;
      }
      this.skip(inner, depth + 1);
    }
  }

  private advance(count: number): void {
    if (count > this.bytes.length - this.pos) {
      throw new ProtobufError(`message ends inside a ${count}-byte fixed value`, this.pos);
    }
    this.pos += count;
  }
}

/** A field as ProtoMessage decoded it; `offset` is where its tag starts, to say where a wrong type was found. */
type FieldValue =
  | { wireType: typeof WIRE.varint; value: number; offset: number }
  | { wireType: typeof WIRE.bytes; value: Uint8Array; offset: number }
  | { wireType: Exclude<WireType, typeof WIRE.varint | typeof WIRE.bytes>; offset: number };

// Lenient on purpose (unlike ProtobufReader.readString): one badly encoded name or template should not fail a whole
// collection import, so invalid UTF-8 becomes U+FFFD.
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * A decoded message: its fields by number, with proto3 semantics (an absent field has its type's default). For a
 * field that occurs more than once, the last occurrence wins, as protobuf specifies for non-repeated fields. Fields
 * of other wire types (fixed-width numbers, groups) are skipped but still count for `has`.
 */
export class ProtoMessage {
  private constructor(private readonly fields: ReadonlyMap<number, FieldValue>) {}

  /** Reads every field of `bytes`; throws a ProtobufError if they do not follow the wire format. */
  static decode(bytes: Uint8Array): ProtoMessage {
    const reader = new ProtobufReader(bytes);
    const fields = new Map<number, FieldValue>();
    while (!reader.done) {
      const offset = reader.offset;
      const tag = reader.readTag();
      if (tag.wireType === WIRE.varint) {
        fields.set(tag.field, { wireType: tag.wireType, value: reader.readVarint(), offset });
      } else if (tag.wireType === WIRE.bytes) {
        fields.set(tag.field, { wireType: tag.wireType, value: reader.readBytes(), offset });
      } else {
        reader.skip(tag);
        fields.set(tag.field, { wireType: tag.wireType, offset });
      }
    }
    return new ProtoMessage(fields);
  }

  has(field: number): boolean {
    return this.fields.has(field);
  }

  /** A varint field (uint32/uint64/int32/int64/bool/enum) as a number; 0 when absent. Exact up to 2^53. */
  uint(field: number): number {
    const found = this.fields.get(field);
    if (found === undefined) return 0;
    if (found.wireType !== WIRE.varint) throw wrongWireType(field, found, WIRE.varint);
    return found.value;
  }

  /** A string field; '' when absent. Invalid UTF-8 becomes U+FFFD rather than an error. */
  string(field: number): string {
    const bytes = this.bytes(field);
    return bytes ? lenientUtf8.decode(bytes) : '';
  }

  /** A bytes or embedded-message field's raw bytes (a view into the input); undefined when absent. */
  bytes(field: number): Uint8Array | undefined {
    const found = this.fields.get(field);
    if (found === undefined) return undefined;
    if (found.wireType !== WIRE.bytes) throw wrongWireType(field, found, WIRE.bytes);
    return found.value;
  }

  /** An embedded message; undefined when absent. Its errors give offsets within its own bytes. */
  message(field: number): ProtoMessage | undefined {
    const bytes = this.bytes(field);
    return bytes ? ProtoMessage.decode(bytes) : undefined;
  }
}

function wrongWireType(field: number, found: FieldValue, expected: WireType): ProtobufError {
  return new ProtobufError(
    `field ${field} is ${WIRE_NAMES[found.wireType]}, expected ${WIRE_NAMES[expected]}`,
    found.offset,
  );
}

/** Builds messages field by field, for tests and fixtures that must write what Anki writes. */
export class ProtobufWriter {
  private readonly chunks: number[] = [];

  tag(field: number, wireType: WireType): this {
    return this.rawVarint(field * 8 + wireType);
  }

  /** A varint field; negative numbers are written as 10-byte two's complement, as int32/enum fields are. */
  varint(field: number, value: number): this {
    this.tag(field, WIRE.varint);
    if (value < 0) return this.negativeVarint(value);
    return this.rawVarint(value);
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE.bytes).rawVarint(value.length);
    for (const byte of value) this.chunks.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: ProtobufWriter): this {
    return this.bytes(field, inner.finish());
  }

  fixed32(field: number, value: number): this {
    this.tag(field, WIRE.fixed32);
    for (let i = 0; i < 4; i++) this.chunks.push((value >>> (8 * i)) & 0xff);
    return this;
  }

  fixed64(field: number, value: bigint): this {
    this.tag(field, WIRE.fixed64);
    for (let i = 0n; i < 8n; i++) this.chunks.push(Number((value >> (8n * i)) & 0xffn));
    return this;
  }

  /** Bytes exactly as given, to build damaged messages in tests. */
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.chunks.push(bytes[i] ?? 0);
    return this;
  }

  rawVarint(value: number): this {
    let rest = value;
    while (rest >= 0x80) {
      this.chunks.push((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.chunks.push(rest);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }

  private negativeVarint(value: number): this {
    let rest = BigInt.asUintN(64, BigInt(Math.trunc(value)));
    for (let i = 0; i < 9; i++) {
      this.chunks.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.chunks.push(Number(rest));
    return this;
  }
}
