// Fuzzing the protobuf wire-format reader (src/core/anki/protobuf.ts): any bytes decode or raise a ProtobufError
// that says where, and what decodes agrees with a small reference decoder written here from the encoding spec, with
// BigInt arithmetic (so it shares none of the reader's number handling).
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { ProtoMessage, ProtobufError, ProtobufReader, ProtobufWriter, WIRE, type WireType } from '../../../src/core/anki/protobuf';
import { byteOps, fuzzFamily, mutateBytes, type Outcome } from './arbitraries';

const { property } = fuzzFamily('protobuf');

// ---------------------------------------------------------------------------------------------------------------
// Reference decoder

type RefField = { field: number; wireType: number; varint?: bigint; bytes?: Uint8Array };
type RefResult = { ok: true; fields: RefField[] } | { ok: false };

/** The same rules as the reader: varints of at most 10 bytes, field numbers 1..2^29-1, groups nested at most 64 deep. */
function referenceDecode(bytes: Uint8Array): RefResult {
  let pos = 0;
  const varint = (): bigint | undefined => {
    let value = 0n;
    for (let i = 0; i < 10; i++) {
      const byte = bytes[pos];
      if (byte === undefined) return undefined;
      pos++;
      value |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if (byte < 0x80) return value;
    }
    return undefined;
  };
  const tag = (): { field: number; wireType: number } | undefined => {
    const key = varint();
    if (key === undefined) return undefined;
    const wireType = Number(key & 7n);
    const field = key >> 3n;
    if (wireType > 5 || field < 1n || field > 0x1fffffffn) return undefined;
    return { field: Number(field), wireType };
  };
  /** Skips a value; false when the bytes do not allow it. */
  const skip = (t: { field: number; wireType: number }, depth: number): boolean => {
    switch (t.wireType) {
      case 0:
        return varint() !== undefined;
      case 1:
      case 5: {
        const size = t.wireType === 1 ? 8 : 4;
        if (pos + size > bytes.length) return false;
        pos += size;
        return true;
      }
      case 2: {
        const length = varint();
        if (length === undefined || length > BigInt(bytes.length - pos)) return false;
        pos += Number(length);
        return true;
      }
      case 3: {
        if (depth >= 64) return false;
        for (;;) {
          if (pos >= bytes.length) return false;
          const inner = tag();
          if (inner === undefined) return false;
          if (inner.wireType === 4) return inner.field === t.field;
          if (!skip(inner, depth + 1)) return false;
        }
      }
      default:
        return false; // an end of group without its start
    }
  };
  const fields: RefField[] = [];
  while (pos < bytes.length) {
    const t = tag();
    if (t === undefined) return { ok: false };
    if (t.wireType === 0) {
      const v = varint();
      if (v === undefined) return { ok: false };
      fields.push({ ...t, varint: v });
    } else if (t.wireType === 2) {
      const length = varint();
      if (length === undefined || length > BigInt(bytes.length - pos)) return { ok: false };
      pos += Number(length);
      fields.push({ ...t, bytes: bytes.subarray(pos - Number(length), pos) });
    } else {
      if (!skip(t, 0)) return { ok: false };
      fields.push(t);
    }
  }
  return { ok: true, fields };
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

function expectProtobufError(error: unknown, length: number): void {
  if (!(error instanceof ProtobufError)) throw error;
  expect(Number.isSafeInteger(error.offset) && error.offset >= 0 && error.offset <= length, `offset ${error.offset}`).toBe(true);
  expect(error.message).toMatch(/^\S.* \(at byte \d+\)$/);
  expect(error.message).not.toMatch(/undefined|NaN|\[object /);
}

/** Reads every field with ProtobufReader the way callers do (each wire type with its reader), checking progress. */
function walk(bytes: Uint8Array): void {
  const reader = new ProtobufReader(bytes);
  while (!reader.done) {
    const before = reader.offset;
    const tag = reader.readTag();
    if (tag.wireType === WIRE.varint) {
      // readUint32 and readInt32 read the same varint: both must accept it, and agree with each other.
      const copy = new ProtobufReader(bytes.subarray(reader.offset));
      const low = copy.readUint32();
      expect(new ProtobufReader(bytes.subarray(reader.offset)).readInt32()).toBe(low | 0);
      reader.readVarint();
    } else if (tag.wireType === WIRE.bytes) {
      const inner = reader.readBytes();
      // Embedded messages are decoded on their own; a failure there is a ProtobufError of the inner bytes.
      try {
        ProtoMessage.decode(inner);
      } catch (error) {
        expectProtobufError(error, inner.length);
      }
    } else {
      reader.skip(tag);
    }
    // No field is ever read without consuming bytes: a loop over a message always ends.
    expect(reader.offset).toBeGreaterThan(before);
  }
}

/** Decodes with the reader and the reference, and checks they agree. */
function expectAgreement(bytes: Uint8Array): Outcome {
  const reference = referenceDecode(bytes);
  let message: ProtoMessage;
  try {
    message = ProtoMessage.decode(bytes);
  } catch (error) {
    expectProtobufError(error, bytes.length);
    expect(reference.ok, 'the reference decodes what the reader refused').toBe(false);
    expect(() => walk(bytes)).toThrow(ProtobufError);
    return 'refused';
  }
  expect(reference.ok, 'the reader decoded what the reference refuses').toBe(true);
  walk(bytes);
  if (!reference.ok) return 'accepted';
  const last = new Map<number, RefField>();
  for (const f of reference.fields) last.set(f.field, f);
  for (const [number, f] of last) {
    expect(message.has(number)).toBe(true);
    if (f.wireType === 0) {
      if (f.varint! < 2n ** 53n) expect(message.uint(number)).toBe(Number(f.varint));
      expect(() => message.bytes(number)).toThrow(ProtobufError);
    } else if (f.wireType === 2) {
      expect(message.bytes(number)).toEqual(f.bytes);
      expect(typeof message.string(number)).toBe('string');
      expect(() => message.uint(number)).toThrow(ProtobufError);
      try {
        message.message(number);
      } catch (error) {
        expectProtobufError(error, f.bytes!.length);
      }
    } else {
      expect(() => message.uint(number)).toThrow(ProtobufError);
    }
  }
  // Absent fields have their defaults.
  const absent = [1, 2, 3, 255, 0x1fffffff].find((n) => !last.has(n));
  if (absent !== undefined) {
    expect([message.has(absent), message.uint(absent), message.string(absent), message.bytes(absent)]).toEqual([false, 0, '', undefined]);
  }
  return 'accepted';
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

/** Messages of the shapes Anki stores: package meta, media map, note type and template config, deck kind. */
function baseMessages(): Uint8Array[] {
  const meta = new ProtobufWriter().varint(1, 3).finish();
  const media = new ProtobufWriter()
    .message(1, new ProtobufWriter().string(1, 'a.jpg').varint(2, 1234).bytes(3, new Uint8Array(20).fill(7)))
    .message(1, new ProtobufWriter().string(1, 'b 亚.mp3').varint(2, 0).varint(255, 7))
    .finish();
  const notetype = new ProtobufWriter().varint(1, 1).string(3, '.card { color: red }').string(5, '\\documentclass').bytes(255, new TextEncoder().encode('{"vers":[]}')).finish();
  const template = new ProtobufWriter().string(1, '{{Front}}').string(2, '{{FrontSide}}<hr id=answer>{{Back}}').finish();
  const deck = new ProtobufWriter().message(1, new ProtobufWriter().varint(1, 1).string(4, 'A <b>deck</b>')).finish();
  const filtered = new ProtobufWriter()
    .message(2, new ProtobufWriter().varint(1, 1).message(2, new ProtobufWriter().string(1, 'is:due').varint(2, 100)).varint(4, 10))
    .fixed32(5, 0x3f800000)
    .fixed64(6, 123n)
    .raw([0x3b, 0x08, 0x01, 0x3c]) // field 7 as a group holding field 1 = 1
    .varint(8, -1)
    .finish();
  return [meta, media, notetype, template, deck, filtered];
}
const BASES = baseMessages();

/** Bytes made of well-formed pieces put together at random: tags, varints, lengths and groups that may not match. */
const protobufish = fc
  .array(
    fc.oneof(
      fc.record({ field: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constantFrom(255, 0x1fffffff, 0, 0x20000000)), wire: fc.integer({ min: 0, max: 7 }) }).map(({ field, wire }) => new ProtobufWriter().rawVarint(field * 8 + wire).finish()),
      fc.oneof(fc.nat(), fc.constantFrom(2 ** 53, 2 ** 32, 2 ** 31, 0x7f, 0x80, 2 ** 64)).map((v) => new ProtobufWriter().rawVarint(v).finish()),
      fc.uint8Array({ maxLength: 8 }),
      fc.constantFrom(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), new Uint8Array([0x80]), new Uint8Array(70).fill(0x0b)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  });

type WrittenField =
  | { kind: 'varint'; field: number; value: number }
  | { kind: 'negative'; field: number; value: number }
  | { kind: 'bytes'; field: number; value: Uint8Array }
  | { kind: 'string'; field: number; value: string }
  | { kind: 'fixed32'; field: number; value: number }
  | { kind: 'fixed64'; field: number; value: bigint };

const fieldNumber = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 0x1fffffff }));
const writtenField: fc.Arbitrary<WrittenField> = fc.oneof(
  fc.record({ kind: fc.constant('varint' as const), field: fieldNumber, value: fc.oneof(fc.nat(), fc.maxSafeNat()) }),
  fc.record({ kind: fc.constant('negative' as const), field: fieldNumber, value: fc.integer({ min: -(2 ** 31), max: -1 }) }),
  fc.record({ kind: fc.constant('bytes' as const), field: fieldNumber, value: fc.uint8Array({ maxLength: 40 }) }),
  // Well-formed strings only: TextEncoder writes a lone surrogate half as U+FFFD, so it would not come back.
  fc.record({ kind: fc.constant('string' as const), field: fieldNumber, value: fc.string({ unit: 'grapheme', maxLength: 20 }) }),
  fc.record({ kind: fc.constant('fixed32' as const), field: fieldNumber, value: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({ kind: fc.constant('fixed64' as const), field: fieldNumber, value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
);

describe('protobuf, fuzzed', () => {
  property('ProtobufReader: arbitrary bytes', fc.oneof(fc.uint8Array({ maxLength: 120 }), protobufish), (bytes) => expectAgreement(bytes), { timeoutMs: 30_000, bothOutcomes: true });

  property('ProtoMessage: mutated messages', fc.tuple(fc.nat({ max: BASES.length - 1 }), byteOps), ([i, ops]) => {
    return expectAgreement(mutateBytes(BASES[i]!, ops));
  }, { timeoutMs: 30_000, bothOutcomes: true });

  property('ProtobufWriter round trip', fc.array(writtenField, { maxLength: 10 }), (fields) => {
    const writer = new ProtobufWriter();
    for (const f of fields) {
      if (f.kind === 'varint' || f.kind === 'negative') writer.varint(f.field, f.value);
      else if (f.kind === 'bytes') writer.bytes(f.field, f.value);
      else if (f.kind === 'string') writer.string(f.field, f.value);
      else if (f.kind === 'fixed32') writer.fixed32(f.field, f.value);
      else writer.fixed64(f.field, f.value);
    }
    const bytes = writer.finish();
    // The reader gives back every field in order, each with its wire type and value.
    const reader = new ProtobufReader(bytes);
    const wire: Record<WrittenField['kind'], WireType> = { varint: WIRE.varint, negative: WIRE.varint, bytes: WIRE.bytes, string: WIRE.bytes, fixed32: WIRE.fixed32, fixed64: WIRE.fixed64 };
    for (const f of fields) {
      const tag = reader.readTag();
      expect(tag).toEqual({ field: f.field, wireType: wire[f.kind] });
      if (f.kind === 'varint') expect(reader.readVarint()).toBe(f.value);
      else if (f.kind === 'negative') expect(reader.readInt32()).toBe(f.value);
      else if (f.kind === 'bytes') expect(reader.readBytes()).toEqual(f.value);
      else if (f.kind === 'string') expect(reader.readString()).toBe(f.value);
      else reader.skip(tag);
    }
    expect(reader.done).toBe(true);
    expectAgreement(bytes);
  }, { timeoutMs: 30_000 });
});
