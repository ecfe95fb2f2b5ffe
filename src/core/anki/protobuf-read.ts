// A small protobuf reader for the blobs in Anki's schema-18 collections (note type, field, template and deck `config`,
// deck `common` and `kind`). We know the few field numbers we need from Anki's .proto files and read only those;
// everything else (fields from newer Anki versions, groups, fixed-width numbers) is skipped by its wire type. Every
// read is bounds-checked: a damaged blob gives a ProtobufError saying where, never an out-of-range read.

export class ProtobufError extends Error {
  constructor(
    message: string,
    /** Byte offset in the blob where the problem was found, when it is about a place rather than a field. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} at byte ${offset}`);
    this.name = 'ProtobufError';
  }
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;

/** A field as found on the wire: varints keep their value, length-delimited fields their bytes. */
type WireValue = { wire: 'varint'; value: number } | { wire: 'bytes'; value: Uint8Array } | { wire: 'other' };

const utf8 = new TextDecoder('utf-8');

/** A decoded message: its fields by number. Proto3 semantics: a field that is absent has its type's default. */
export class ProtoMessage {
  private constructor(private readonly fields: ReadonlyMap<number, WireValue[]>) {}

  static decode(bytes: Uint8Array): ProtoMessage {
    const cursor = new Cursor(bytes);
    const fields = new Map<number, WireValue[]>();
    while (!cursor.atEnd()) {
      const { fieldNumber, wireType, start } = cursor.tag();
      const value = readValue(cursor, fieldNumber, wireType, start);
      const seen = fields.get(fieldNumber);
      if (seen) seen.push(value);
      else fields.set(fieldNumber, [value]);
    }
    return new ProtoMessage(fields);
  }

  has(fieldNumber: number): boolean {
    return this.fields.has(fieldNumber);
  }

  /** A varint field (uint32/uint64/int32/int64/bool/enum) as a number; 0 when absent. Exact up to 2^53. */
  uint(fieldNumber: number): number {
    const value = this.last(fieldNumber);
    if (value === undefined) return 0;
    if (value.wire !== 'varint') throw new ProtobufError(`field ${fieldNumber} is not a number (varint)`);
    return value.value;
  }

  /** A string field; '' when absent. Invalid UTF-8 becomes U+FFFD rather than failing the whole import. */
  string(fieldNumber: number): string {
    const bytes = this.bytes(fieldNumber);
    return bytes ? utf8.decode(bytes) : '';
  }

  /** A bytes or embedded-message field's raw bytes; undefined when absent. */
  bytes(fieldNumber: number): Uint8Array | undefined {
    const value = this.last(fieldNumber);
    if (value === undefined) return undefined;
    if (value.wire !== 'bytes') throw new ProtobufError(`field ${fieldNumber} is not text or bytes (length-delimited)`);
    return value.value;
  }

  /** An embedded message; undefined when absent. */
  message(fieldNumber: number): ProtoMessage | undefined {
    const bytes = this.bytes(fieldNumber);
    return bytes ? ProtoMessage.decode(bytes) : undefined;
  }

  // Protobuf: for a non-repeated field that occurs more than once, the last one wins.
  private last(fieldNumber: number): WireValue | undefined {
    const values = this.fields.get(fieldNumber);
    return values?.[values.length - 1];
  }
}

function readValue(cursor: Cursor, fieldNumber: number, wireType: number, start: number): WireValue {
  switch (wireType) {
    case WIRE_VARINT:
      return { wire: 'varint', value: cursor.varint() };
    case WIRE_LENGTH_DELIMITED:
      return { wire: 'bytes', value: cursor.take(cursor.length()) };
    case WIRE_FIXED64:
      cursor.take(8);
      return { wire: 'other' };
    case WIRE_FIXED32:
      cursor.take(4);
      return { wire: 'other' };
    case WIRE_START_GROUP:
      skipGroup(cursor, fieldNumber);
      return { wire: 'other' };
    case WIRE_END_GROUP:
      throw new ProtobufError(`end of group ${fieldNumber} without its start`, start);
    default:
      throw new ProtobufError(`invalid wire type ${wireType} for field ${fieldNumber}`, start);
  }
}

// Groups (a proto2 relic) nest: skip fields until the end-group tag with the same field number.
function skipGroup(cursor: Cursor, groupNumber: number): void {
  for (;;) {
    if (cursor.atEnd()) throw new ProtobufError(`group ${groupNumber} is not closed`, cursor.offset);
    const { fieldNumber, wireType, start } = cursor.tag();
    if (wireType === WIRE_END_GROUP) {
      if (fieldNumber !== groupNumber) {
        throw new ProtobufError(`group ${groupNumber} closed as group ${fieldNumber}`, start);
      }
      return;
    }
    readValue(cursor, fieldNumber, wireType, start);
  }
}

class Cursor {
  offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  atEnd(): boolean {
    return this.offset >= this.bytes.length;
  }

  tag(): { fieldNumber: number; wireType: number; start: number } {
    const start = this.offset;
    const key = this.varint();
    const fieldNumber = Math.floor(key / 8);
    if (fieldNumber === 0) throw new ProtobufError('field number 0', start);
    return { fieldNumber, wireType: key % 8, start };
  }

  /** A length prefix: must fit in what is left of the blob. */
  length(): number {
    const start = this.offset;
    const length = this.varint();
    const left = this.bytes.length - this.offset;
    if (length > left) throw new ProtobufError(`length ${length} runs past the end (${left} bytes left)`, start);
    return length;
  }

  take(count: number): Uint8Array {
    const left = this.bytes.length - this.offset;
    if (count > left) throw new ProtobufError(`${count} bytes needed, ${left} left`, this.offset);
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  // Up to 10 bytes, 7 bits each, least significant first. Multiplication rather than bit shifts, which would
  // truncate to 32 bits; values above 2^53 (negative int64s) come out approximate, and nothing we read has those.
  varint(): number {
    const start = this.offset;
    let value = 0;
    let scale = 1;
    for (let index = 0; index < 10; index++) {
      const byte = this.bytes[this.offset];
      if (byte === undefined) throw new ProtobufError('varint runs past the end', start);
      this.offset++;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes', start);
  }
}
