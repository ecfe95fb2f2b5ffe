import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readAnkiPackage, unsafeMediaName } from '../../../../src/core/anki/package';
import { ProtobufError, ProtobufReader, ProtobufWriter, WIRE } from '../../../../src/core/anki/protobuf';
import { ImportError } from '../../../../src/core/import/bundle';
import {
  buildAnkiPackage,
  jsonMediaMap,
  zstdCompress,
  zstdFrame,
  type ZstdBlock,
} from '../../../fixtures/anki/package-builder';

const FILE = 'deck.apkg';
const text = (s: string) => new TextEncoder().encode(s);
/** A recognisable byte pattern standing in for a database: the SQLite side is tested elsewhere. */
function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 17 + (i >> 8)) & 0xff;
  return out;
}
const COLLECTION = pattern(5000, 7);

/** Byte equality that stays fast for large arrays (deep equality walks them element by element), and on failure
 * says where they first differ. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.findIndex((byte, i) => byte !== expected[i])).toBe(-1);
}
const DUMMY = text('dummy collection: please update Anki');

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  for (let at = haystack.indexOf(first ?? 0); at >= 0; at = haystack.indexOf(first ?? 0, at + 1)) {
    if (needle.every((byte, i) => haystack[at + i] === byte)) return at;
  }
  throw new Error('pattern not found');
}

/** A package of the given generation with raw zip entries replaced (null: left out). */
function withEntries(generation: 'anki2' | 'anki21b', entries: Record<string, Uint8Array | null>): Uint8Array {
  return buildAnkiPackage({ generation, collection: COLLECTION, entries });
}

/** The ImportError that reading `bytes` raises; fails the test if it raises anything else or nothing. */
function importError(bytes: Uint8Array, file = FILE): ImportError {
  try {
    readAnkiPackage(bytes, file);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError, but the package opened');
}

describe('readAnkiPackage: the three generations', () => {
  it('opens a legacy collection.anki2 package', () => {
    const opened = readAnkiPackage(buildAnkiPackage({ generation: 'anki2', collection: COLLECTION }), FILE);
    expect(opened.generation).toBe('anki2');
    expect(opened.collection).toEqual(COLLECTION);
    expect(opened.media).toEqual([]);
    expect(opened.skipped).toEqual([]);
  });

  it('takes collection.anki21 over the dummy collection.anki2 beside it, with or without meta', () => {
    for (const metaVersion of [null, 2]) {
      const bytes = buildAnkiPackage({ generation: 'anki21', collection: COLLECTION, dummyAnki2: DUMMY, metaVersion });
      const opened = readAnkiPackage(bytes, FILE);
      expect(opened.generation).toBe('anki21');
      expect(opened.collection).toEqual(COLLECTION);
    }
  });

  it('decompresses collection.anki21b and ignores the dummy collection.anki2', () => {
    const bytes = buildAnkiPackage({ generation: 'anki21b', collection: COLLECTION, dummyAnki2: DUMMY });
    const opened = readAnkiPackage(bytes, FILE);
    expect(opened.generation).toBe('anki21b');
    expect(opened.collection).toEqual(COLLECTION);
  });

  it('lets meta decide, as Anki does: version 1 reads collection.anki2 even when collection.anki21 is there', () => {
    const bytes = buildAnkiPackage({ generation: 'anki21', collection: COLLECTION, dummyAnki2: DUMMY, metaVersion: 1 });
    const opened = readAnkiPackage(bytes, FILE);
    expect(opened.generation).toBe('anki2');
    expect(opened.collection).toEqual(DUMMY);
  });

  it('takes a bare collection.anki21b without meta as the newest collection present', () => {
    const bytes = buildAnkiPackage({ generation: 'anki21b', collection: COLLECTION, dummyAnki2: DUMMY, metaVersion: null });
    const opened = readAnkiPackage(bytes, FILE);
    expect(opened.generation).toBe('anki21b');
    expect(opened.collection).toEqual(COLLECTION);
  });

  it('opens a 300 KB collection spread over several zstd blocks, with and without a stated content size', () => {
    const big = pattern(300 * 1024, 3);
    for (const contentSize of [true, false]) {
      const collection = zstdCompress(big, { contentSize });
      expect(collection.length).toBeGreaterThan(big.length); // Raw blocks: three of them, 128 + 128 + 44 KiB.
      const bytes = withEntries('anki21b', { 'collection.anki21b': collection });
      expectSameBytes(readAnkiPackage(bytes, FILE).collection, big);
    }
    const built = buildAnkiPackage({ generation: 'anki21b', collection: big });
    expectSameBytes(readAnkiPackage(built, FILE).collection, big);
  });

  it('reads an empty collection, a zstd stream of skippable frames and several frames', () => {
    const skippable = Uint8Array.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
    const parts = [skippable, zstdCompress(text('first ')), zstdCompress(text('second'), { contentSize: false })];
    const stream = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (stream.set(p, at), at + p.length), 0);
    const bytes = withEntries('anki21b', { 'collection.anki21b': stream });
    expect(new TextDecoder().decode(readAnkiPackage(bytes, FILE).collection)).toBe('first second');

    const empty = buildAnkiPackage({ generation: 'anki21b', collection: new Uint8Array(0) });
    expect(readAnkiPackage(empty, FILE).collection).toEqual(new Uint8Array(0));
  });
});

describe('readAnkiPackage: media', () => {
  const media = [
    { name: 'cat.jpg', data: pattern(700, 2) },
    { name: 'ünïcödé 音.mp3', data: pattern(20, 5) },
    { name: 'empty.txt', data: new Uint8Array(0) },
  ];

  it('returns legacy media under the names of the JSON map', () => {
    for (const generation of ['anki2', 'anki21'] as const) {
      const opened = readAnkiPackage(buildAnkiPackage({ generation, collection: COLLECTION, media }), FILE);
      expect(opened.media).toEqual(media);
      expect(opened.skipped).toEqual([]);
    }
  });

  it('returns zstd-compressed media under the names of the protobuf map', () => {
    const bytes = buildAnkiPackage({ generation: 'anki21b', collection: COLLECTION, media });
    const opened = readAnkiPackage(bytes, FILE);
    expect(opened.media).toEqual(media);
    expect(opened.skipped).toEqual([]);
  });

  it('follows legacy_zip_filename when an entry has one, and skips unknown fields in the map', () => {
    const map = new ProtobufWriter()
      .message(1, new ProtobufWriter().string(1, 'a.png').varint(255, 7).fixed32(9, 1234))
      .message(1, new ProtobufWriter().string(1, 'b.png').bytes(3, new Uint8Array(20)))
      .varint(2, 99)
      .finish();
    const bytes = buildAnkiPackage({
      generation: 'anki21b',
      collection: COLLECTION,
      entries: { media: zstdCompress(map), '7': zstdCompress(text('A')), '1': zstdCompress(text('B')) },
    });
    expect(readAnkiPackage(bytes, FILE).media).toEqual([
      { name: 'a.png', data: text('A') },
      { name: 'b.png', data: text('B') },
    ]);
  });

  it('skips media with unsafe names, each with a problem naming its entry and what is wrong', () => {
    const longest = `${'é'.repeat(125)}a.png`; // 255 bytes in UTF-8: allowed
    const bad = [
      ['../evil.sh', 'path'],
      ['/etc/passwd', 'path'],
      ['sub\\dir.png', 'path'],
      ['..', 'folder'],
      ['', 'empty'],
      ['nul\0.png', 'NUL'],
      ['bell\u0007.png', 'control character'],
      ['C:autoexec.bat', 'drive letter'],
      [`${'x'.repeat(252)}.png`, '256 bytes long; at most 255'],
    ] as const;
    const files = [
      { name: 'ok.png', data: text('ok') },
      ...bad.map(([name]) => ({ name, data: text(name) })),
      { name: longest, data: text('long') },
    ];
    for (const generation of ['anki2', 'anki21b'] as const) {
      const opened = readAnkiPackage(buildAnkiPackage({ generation, collection: COLLECTION, media: files }), FILE);
      expect(opened.media.map((m) => m.name)).toEqual(['ok.png', longest]);
      expect(opened.skipped).toHaveLength(bad.length);
      bad.forEach(([name, why], i) => {
        const problem = opened.skipped[i]!;
        expect(problem.file).toBe(FILE);
        expect(problem.where).toBe(`media entry ${i + 1}`);
        expect(problem.message).toContain(JSON.stringify(name));
        expect(problem.message).toContain(why);
      });
    }
  });

  it('skips a map entry whose zip entry is missing, and a second file with the same name', () => {
    const bytes = buildAnkiPackage({
      generation: 'anki2',
      collection: COLLECTION,
      media: [
        { name: 'a.png', data: text('A') },
        { name: 'gone.png', data: text('G') },
        { name: 'a.png', data: text('again') },
      ],
      entries: { '1': null },
    });
    const opened = readAnkiPackage(bytes, FILE);
    expect(opened.media).toEqual([{ name: 'a.png', data: text('A') }]);
    expect(opened.skipped).toEqual([
      { file: FILE, where: 'media entry 1', message: '"gone.png": the package has no zip entry "1"' },
      { file: FILE, where: 'media entry 2', message: '"a.png": a second file with this name; not imported' },
    ]);
  });

  it('skips JSON map entries that are not numbered entries with string names', () => {
    const map = text(JSON.stringify({ '0': 'a.png', 'collection.anki2': 'steal.db', '1': 42 }));
    const bytes = buildAnkiPackage({
      generation: 'anki2',
      collection: COLLECTION,
      entries: { media: map, '0': text('A'), '1': text('B') },
    });
    const opened = readAnkiPackage(bytes, FILE);
    expect(opened.media).toEqual([{ name: 'a.png', data: text('A') }]);
    expect(opened.skipped.map((p) => `${p.where}: ${p.message}`)).toEqual([
      'media entry 1: the file name is not a string but 42; not imported',
      'media: the key "collection.anki2" is not a media entry number; not imported',
    ]);
  });

  it('skips a damaged media file but keeps the rest', () => {
    const broken = zstdCompress(text('cut short')).subarray(0, 8);
    const bytes = buildAnkiPackage({
      generation: 'anki21b',
      collection: COLLECTION,
      media: [{ name: 'a.png', data: text('A') }, { name: 'b.png', data: text('B') }],
      entries: { '1': broken },
    });
    const opened = readAnkiPackage(bytes, FILE);
    expect(opened.media).toEqual([{ name: 'a.png', data: text('A') }]);
    expect(opened.skipped).toHaveLength(1);
    expect(opened.skipped[0]!.where).toBe('media entry 1');
    expect(opened.skipped[0]!.message).toMatch(/^"b\.png": the zstd data is cut short/);
  });

  it('reads a package without a media map as having no media', () => {
    const media = [{ name: 'a.png', data: text('A') }];
    const bytes = buildAnkiPackage({ generation: 'anki21b', collection: COLLECTION, media, entries: { media: null } });
    expect(readAnkiPackage(bytes, FILE)).toMatchObject({ media: [], skipped: [] });
  });
});

describe('readAnkiPackage: files it cannot open', () => {
  it('says what a file that is not a zip looks like', () => {
    const cases: [Uint8Array, RegExp][] = [
      [text('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /not a zip file; it looks like a PDF document/],
      [new Uint8Array([...text('SQLite format 3'), 0, 16, 0]), /not a zip file; it is a SQLite database/],
      [new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), /not a zip file; it looks like a gzip file/],
      [text('front,back\nhello,world\n'), /not a zip file; it looks like a text file/],
      [text('<!DOCTYPE html><html>'), /not a zip file; it looks like an HTML or XML document/],
      [new Uint8Array([0, 1, 2, 3, 4, 5]), /not a zip file \(it starts with 00 01 02 03\)/],
      [new Uint8Array(0), /the file is empty/],
    ];
    for (const [bytes, message] of cases) {
      const error = importError(bytes, 'notes.apkg');
      expect(error.problem.file).toBe('notes.apkg');
      expect(error.message).toMatch(/^notes\.apkg: not an Anki package: /);
      expect(error.problem.message).toMatch(message);
    }
  });

  it('refuses a zip cut short, naming it as incomplete', () => {
    const bytes = buildAnkiPackage({ generation: 'anki2', collection: COLLECTION });
    const error = importError(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(error.problem.message).toMatch(/the zip is incomplete .*cut short/);
  });

  it('refuses a collection whose bytes were damaged, by its checksum or its deflate stream', () => {
    const flipped = (bytes: Uint8Array, at: number) => {
      const copy = bytes.slice();
      copy[at] = (copy[at] ?? 0) ^ 0xff;
      return copy;
    };
    // Stored entries hold the collection verbatim (zstd Raw blocks too): flip one byte of it.
    for (const generation of ['anki2', 'anki21b'] as const) {
      const name = generation === 'anki2' ? 'collection.anki2' : 'collection.anki21b';
      const stored = generation === 'anki2' ? COLLECTION : zstdCompress(COLLECTION);
      const bytes = buildAnkiPackage({ generation, collection: COLLECTION, entries: { [name]: stored } });
      const at = indexOfBytes(bytes, COLLECTION.subarray(0, 32)) + 1000;
      const message = `deck.apkg: ${name}: is damaged (its CRC-32 checksum does not match)`;
      expect(importError(flipped(bytes, at)).message).toBe(message);
    }
    // Deflated: the first entry's data starts after its 30-byte header and its 16-byte name.
    const deflated = buildAnkiPackage({ generation: 'anki2', collection: COLLECTION });
    expect(importError(flipped(deflated, 30 + 16 + 40)).message).toMatch(/^deck\.apkg: collection\.anki2: is damaged \(/);
  });

  it('refuses a zip without a collection, listing what it holds', () => {
    const bytes = zipSync({ 'notes.txt': text('hello'), 'image.png': text('x') });
    const error = importError(bytes);
    expect(error.message).toBe(
      'deck.apkg: no Anki collection in this zip (no collection.anki21b, collection.anki21 or collection.anki2 entry); ' +
        'it holds "notes.txt", "image.png"',
    );
  });

  it('refuses a meta that points to a collection the zip lacks', () => {
    const bytes = buildAnkiPackage({ generation: 'anki21', collection: COLLECTION, metaVersion: 3 });
    expect(importError(bytes).message).toBe(
      'deck.apkg: meta: says the collection is in collection.anki21b, but the package has no such entry',
    );
  });

  it('refuses a package made by a newer Anki, and a meta that is not protobuf', () => {
    const newer = buildAnkiPackage({ generation: 'anki21b', collection: COLLECTION, metaVersion: 4 });
    expect(importError(newer).message).toMatch(
      /^deck\.apkg: meta: made by a newer Anki \(package version 4; .*Support older Anki versions/,
    );
    const unknown = buildAnkiPackage({ generation: 'anki21b', collection: COLLECTION, metaVersion: 0 });
    expect(importError(unknown).message).toBe('deck.apkg: meta: names no known package version (0)');
    const garbage = withEntries('anki21b', { meta: new Uint8Array([0x08]) });
    expect(importError(garbage).message).toMatch(/^deck\.apkg: meta: is not valid package metadata: message ends inside/);
  });

  it('refuses a collection whose zstd data is not zstd, is cut short, or does not decode', () => {
    const withCollection = (data: Uint8Array) =>
      buildAnkiPackage({ generation: 'anki21b', collection: COLLECTION, entries: { 'collection.anki21b': data } });
    const full = zstdCompress(COLLECTION);
    // A well-formed frame whose one Compressed block (type 2, 8 bytes, last) holds nonsense.
    const compressedBlock = (2 << 1) | 1 | (8 << 3);
    const garbageBlock = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, compressedBlock, 0, 0, ...new Array(8).fill(255)]);
    const cases: [Uint8Array, string][] = [
      [COLLECTION, 'the zstd data is not zstd (it starts with'],
      [full.subarray(0, full.length - 10), 'the zstd data is cut short (it ends inside a block)'],
      [new Uint8Array(0), 'the zstd data is empty'],
      [zstdFrame([{ raw: text('abc') }], 10), 'the zstd data claims 10 bytes but its blocks hold at most 3'],
      [garbageBlock, 'the zstd data does not decode'],
    ];
    for (const [data, message] of cases) {
      const error = importError(withCollection(data));
      expect(error.problem.where).toBe('collection.anki21b');
      expect(error.problem.message).toContain(message);
    }
  });

  it('refuses a media map that is not valid JSON or protobuf', () => {
    const json = withEntries('anki2', { media: text('{"0": "a.png",') });
    expect(importError(json).message).toMatch(/^deck\.apkg: media: the media map is not valid JSON: /);
    const array = withEntries('anki2', { media: text('["a.png"]') });
    expect(importError(array).message).toMatch(/^deck\.apkg: media: the media map is not a JSON object .* but an array/);
    const proto = buildAnkiPackage({
      generation: 'anki21b',
      collection: COLLECTION,
      entries: { media: zstdCompress(jsonMediaMap([{ name: 'a.png', data: text('A') }])) },
    });
    expect(importError(proto).message).toMatch(/^deck\.apkg: media: the media map is not a valid protobuf MediaEntries list/);
  });

  it('refuses, before inflating, a zip whose entries claim more than 4 GiB', () => {
    const bytes = zipSync({ 'collection.anki2': [COLLECTION, { level: 0 }], '0': [COLLECTION, { level: 0 }] });
    // Claim 3.75 GiB for each entry in the central directory (signature PK\1\2, uncompressed size at offset 24).
    for (let at = 0; at + 4 <= bytes.length; at++) {
      if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 1 && bytes[at + 3] === 2) {
        bytes.set([0, 0, 0, 0xf0], at + 24);
      }
    }
    const error = importError(bytes);
    expect(error.message).toBe(
      'deck.apkg: zip directory: too large: its entries would unpack to 7.5 GiB, more than the 4 GiB a package may hold',
    );
  });

  it('refuses, before decompressing, a zstd stream that would unpack to more than 4 GiB', () => {
    // 32769 RLE blocks of 128 KiB: 131 KB of input that would expand to 4 GiB + 128 KiB.
    const blocks: ZstdBlock[] = Array.from({ length: 32769 }, () => ({ rle: 0, size: 128 * 1024 }));
    const bomb = zstdFrame(blocks);
    const error = importError(withEntries('anki21b', { 'collection.anki21b': bomb }));
    expect(error.message).toBe(
      'deck.apkg: collection.anki21b: too large: the zstd data would unpack to 4.1 GiB, more than the 4 GiB a package may hold',
    );
  });

  it('refuses an entry whose deflate data expands beyond the size its header gives', () => {
    const bytes = zipSync({ 'collection.anki2': [pattern(4096), { level: 6 }] });
    for (let at = 0; at + 4 <= bytes.length; at++) {
      if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 1 && bytes[at + 3] === 2) {
        bytes.set([0, 4, 0, 0], at + 24); // claims 1024 bytes
      }
    }
    expect(importError(bytes).message).toBe(
      'deck.apkg: collection.anki2: is damaged (it inflates to more than the 1024 bytes its header gives)',
    );
  });

  // Seen while writing the fuzz tests (tests/unit/fuzz/anki-package.test.ts): a flipped size byte made the reader
  // allocate a buffer of whatever size the header claimed (up to 4 GiB) before inflating a few bytes into it.
  it('refuses, before allocating, an entry claiming more than its deflate data could ever hold', () => {
    const bytes = zipSync({ 'collection.anki2': [pattern(4096), { level: 6 }] });
    const at = indexOfBytes(bytes, Uint8Array.from([0x50, 0x4b, 1, 2]));
    const compressed = new DataView(bytes.buffer).getUint32(at + 20, true);
    new DataView(bytes.buffer).setUint32(at + 24, 0xfffffff0, true);
    expect(importError(bytes).message).toBe(
      `deck.apkg: collection.anki2: is damaged (its header gives 4294967280 bytes, more than its ${compressed} compressed bytes can hold)`,
    );
    // The most deflate can expand, a run of one byte, is well within the bound.
    const zeros = new Uint8Array(2 * 1024 * 1024);
    expect(readAnkiPackage(zipSync({ 'collection.anki2': [zeros, { level: 9 }] }), FILE).collection).toHaveLength(zeros.length);
  });
});

describe('unsafeMediaName', () => {
  it('accepts ordinary names, with spaces, dots and any script', () => {
    for (const name of ['a.jpg', 'paste 2.png', '.hidden', '_style.css', '音.mp3', 'a..b.png']) {
      expect(unsafeMediaName(name)).toBeUndefined();
    }
  });
});

describe('protobuf reader', () => {
  it('reads the fields it is asked for and skips unknown ones of every wire type', () => {
    const group = new ProtobufWriter()
      .tag(8, WIRE.startGroup)
      .varint(1, 5)
      .tag(9, WIRE.startGroup)
      .tag(9, WIRE.endGroup)
      .tag(8, WIRE.endGroup);
    const bytes = new ProtobufWriter()
      .varint(20, 300)
      .fixed64(21, 0x0102030405060708n)
      .string(1, 'héllo')
      .fixed32(22, 7)
      .raw(group.finish())
      .bytes(23, new Uint8Array([1, 2, 3]))
      .varint(2, -3)
      .finish();
    const reader = new ProtobufReader(bytes);
    const seen: Record<number, unknown> = {};
    while (!reader.done) {
      const tag = reader.readTag();
      if (tag.field === 1) seen[1] = reader.readString();
      else if (tag.field === 2) seen[2] = reader.readInt32();
      else reader.skip(tag);
    }
    expect(seen).toEqual({ 1: 'héllo', 2: -3 });
  });

  it('raises a ProtobufError, not a range error, for every truncation of a message', () => {
    const bytes = new ProtobufWriter()
      .string(1, 'name.png')
      .varint(2, 123456)
      .fixed64(3, 1n)
      .fixed32(4, 1)
      .raw(new ProtobufWriter().tag(5, WIRE.startGroup).varint(1, 1).tag(5, WIRE.endGroup).finish())
      .finish();
    const readAll = (data: Uint8Array) => {
      const reader = new ProtobufReader(data);
      while (!reader.done) reader.skip(reader.readTag());
    };
    expect(() => readAll(bytes)).not.toThrow();
    const fieldEnds = new Set([10, 14, 23, 28, bytes.length]);
    for (let cut = 1; cut < bytes.length; cut++) {
      if (fieldEnds.has(cut)) expect(() => readAll(bytes.subarray(0, cut))).not.toThrow();
      else expect(() => readAll(bytes.subarray(0, cut))).toThrow(ProtobufError);
    }
  });

  it('refuses a varint longer than 10 bytes, an invalid wire type and mismatched groups', () => {
    const tooLong = new Uint8Array([0x08, ...new Array(10).fill(0xff), 0x01]);
    const long = new ProtobufReader(tooLong);
    expect(() => long.skip(long.readTag())).toThrow('varint longer than 10 bytes');
    expect(() => new ProtobufReader(new Uint8Array([0x0e])).readTag()).toThrow('unknown wire type 6');
    const mismatched = new ProtobufWriter().tag(1, WIRE.startGroup).tag(2, WIRE.endGroup).finish();
    const reader = new ProtobufReader(mismatched);
    expect(() => reader.skip(reader.readTag())).toThrow('group 1 closed as group 2');
  });
});

// Packages that Anki itself wrote (from its test suite), kept outside this repository in ../shared: a clone
// without that folder skips these checks and says so.
const REAL_PACKAGES = resolve(__dirname, '../../../../../shared/fixtures/anki');
const haveRealPackages = existsSync(REAL_PACKAGES);
if (!haveRealPackages) console.info(`Skipping the tests on packages written by Anki: ${REAL_PACKAGES} does not exist.`);

describe('readAnkiPackage: packages written by Anki', () => {
  const SQLITE_MAGIC = text('SQLite format 3\0');
  const open = (name: string) => readAnkiPackage(new Uint8Array(readFileSync(resolve(REAL_PACKAGES, name))), name);

  it.skipIf(!haveRealPackages)('opens media.apkg with its sound file foo.wav', () => {
    const opened = open('media.apkg');
    expect(opened.generation).toBe('anki2');
    expect(opened.collection.subarray(0, 16)).toEqual(SQLITE_MAGIC);
    expect(opened.media.map((m) => m.name)).toEqual(['foo.wav']);
    expect(opened.media[0]!.data.length).toBeGreaterThan(0);
    expect(opened.skipped).toEqual([]);
  });

  it.skipIf(!haveRealPackages)('opens update1.apkg and update2.apkg, which have no media', () => {
    for (const name of ['update1.apkg', 'update2.apkg']) {
      const opened = open(name);
      expect(opened.generation).toBe('anki2');
      expect(opened.collection.subarray(0, 16)).toEqual(SQLITE_MAGIC);
      expect(opened.collection.length).toBe(65536);
      expect(opened.media).toEqual([]);
    }
  });
});
