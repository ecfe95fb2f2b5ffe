// Fuzzing the Anki package container (src/core/anki/package.ts): zip directory, zstd frames, `meta` and the media
// maps. Any bytes open as a package or raise an ImportError naming the file; an opened package never carries bytes
// that were not in the file (the checksums hold), and its media names are safe.
import fc from 'fast-check';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect } from 'vitest';
import { readAnkiPackage, unsafeMediaName } from '../../../src/core/anki/package';
import { ProtobufWriter } from '../../../src/core/anki/protobuf';
import { buildAnkiPackage, zstdCompress, zstdFrame, type ZstdBlock } from '../../fixtures/anki/package-builder';
import { acceptedOrImportError, anyString, byteOps, fuzzFamily, latin1, mutateBytes, signatureOffsets, type Outcome } from './arbitraries';
import { expectProblemsNameFile } from './well-formed';

const FILE = 'fuzz.apkg';
const { property } = fuzzFamily('anki-package');

/** Stand-ins for databases: the SQL side is fuzzed in anki-collection.test.ts. Distinct, so a mix-up would show. */
const pattern = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 17 + (i >> 8)) & 0xff);
const COLLECTION = pattern(3000, 1);
const DUMMY = new TextEncoder().encode('dummy collection: please update Anki');
const MEDIA = [
  { name: 'cat.jpg', data: pattern(300, 2) },
  { name: 'ünïcödé 音.mp3', data: pattern(20, 3) },
  { name: 'empty.txt', data: new Uint8Array(0) },
];
const KNOWN_PAYLOADS = [COLLECTION, DUMMY, ...MEDIA.map((m) => m.data)];

const BASE_PACKAGES = [
  buildAnkiPackage({ generation: 'anki2', collection: COLLECTION, media: MEDIA }),
  buildAnkiPackage({ generation: 'anki21', collection: COLLECTION, media: MEDIA, dummyAnki2: DUMMY }),
  buildAnkiPackage({ generation: 'anki21b', collection: COLLECTION, media: MEDIA, dummyAnki2: DUMMY }),
];

// Zip record signatures: local header, central directory entry, end of directory, zip64 end and its locator.
const ZIP_SIGNATURES = [0x04034b50, 0x02014b50, 0x06054b50, 0x06064b50, 0x07064b50];
const HOTSPOTS = BASE_PACKAGES.map((bytes) => signatureOffsets(bytes, ZIP_SIGNATURES));

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Opens the bytes: an ImportError naming the file, or a package whose parts are sound. */
function expectSoundPackage(bytes: Uint8Array, payloads?: readonly Uint8Array[]): Outcome {
  const pkg = acceptedOrImportError(() => readAnkiPackage(bytes, FILE), FILE, latin1(bytes));
  if (pkg === undefined) return 'refused';
  expect(['anki2', 'anki21', 'anki21b']).toContain(pkg.generation);
  expect(pkg.collection).toBeInstanceOf(Uint8Array);
  const names = new Set<string>();
  for (const m of pkg.media) {
    expect(unsafeMediaName(m.name), m.name).toBeUndefined();
    expect(names.has(m.name)).toBe(false);
    names.add(m.name);
    expect(m.data).toBeInstanceOf(Uint8Array);
  }
  expectProblemsNameFile(pkg.skipped, FILE, latin1(bytes));
  if (payloads) {
    // Damage is caught by the checksums: whatever opens is bytes the package really held, never altered ones.
    expect(payloads.some((p) => sameBytes(p, pkg.collection)), 'the collection is one the package held').toBe(true);
    for (const m of pkg.media) expect(payloads.some((p) => sameBytes(p, m.data)), `media ${m.name}`).toBe(true);
  }
  return 'accepted';
}

// ---------------------------------------------------------------------------------------------------------------
// Generated pieces

/** Names that a package might carry, of which most are unsafe. */
const mediaName = fc.oneof(
  fc.constantFrom('a.jpg', 'b.mp3', 'a.jpg', '', '.', '..', '../etc/passwd', 'a/b.png', 'a\\b.png', 'C:x.png', 'nul\u0000.png', 'tab\t.png', '\u0085.png', 'x'.repeat(256), '音'.repeat(90), ' ', 'collection.anki2'),
  anyString(12),
);

/** zstd frames: raw, RLE and (random, so mostly undecodable) compressed blocks, with honest or lying headers. */
const zstdData = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((data) => zstdCompress(data)),
  fc.tuple(
    fc.array(
      fc.oneof(
        fc.uint8Array({ maxLength: 40 }).map((raw): ZstdBlock => ({ raw })),
        fc.record({ rle: fc.integer({ min: 0, max: 255 }), size: fc.integer({ min: 0, max: 140_000 }) }),
      ),
      { maxLength: 4 },
    ),
    fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }),
  ).map(([blocks, contentSize]) => zstdFrame(blocks, contentSize)),
  // A compressed block (type 2) of random bytes, behind a frame header of random flags.
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.boolean()).map(([descriptor, window, body, last]) => {
    const header = (last ? 1 : 0) | (2 << 1) | (body.length << 3);
    return Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, descriptor & ~8, window, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, 6 + (descriptor >> 6 === 3 ? 8 : 2)).concat([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff], Array.from(body)));
  }),
  fc.uint8Array({ maxLength: 40 }),
);

const metaEntry = fc.oneof(
  fc.integer({ min: -3, max: 6 }).map((v) => new ProtobufWriter().varint(1, v).finish()),
  fc.constantFrom(new Uint8Array(0), new ProtobufWriter().string(1, '3').finish(), new ProtobufWriter().varint(2, 3).varint(1, 2).finish()),
  fc.uint8Array({ maxLength: 12 }),
);

const mediaEntries = fc.array(fc.record({ name: mediaName, size: fc.nat(), legacy: fc.option(fc.oneof(fc.nat({ max: 5 }), fc.constant(0xffffffff)), { nil: undefined }), wrongType: fc.boolean() }), { maxLength: 5 });
const protobufMap = fc.oneof(
  mediaEntries.map((entries) => {
    const list = new ProtobufWriter();
    for (const e of entries) {
      const entry = new ProtobufWriter().string(1, e.name).varint(2, e.size);
      if (e.legacy !== undefined) entry.varint(255, e.legacy);
      if (e.wrongType) entry.varint(1, 1);
      list.message(1, entry);
    }
    return list.finish();
  }),
  fc.uint8Array({ maxLength: 30 }),
);
const jsonMap = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom('0', '1', '2', '3', '00', '-1', '1e1', 'media', 'collection.anki2', 'meta'), fc.string({ maxLength: 3 })), fc.oneof(mediaName, fc.jsonValue({ maxDepth: 1 })), { maxKeys: 5 }).map((map) => new TextEncoder().encode(JSON.stringify(map))),
  fc.jsonValue({ maxDepth: 2 }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
  fc.uint8Array({ maxLength: 20 }),
);

/** A zip whose entries are generated: the names Anki uses, holding valid, lying or random contents. */
const generatedPackage = fc
  .record({
    generation: fc.constantFrom('anki2', 'anki21', 'anki21b'),
    meta: fc.option(metaEntry, { nil: undefined }),
    collection: fc.oneof(fc.constant(COLLECTION), zstdData),
    media: fc.array(fc.oneof(zstdData, fc.uint8Array({ maxLength: 30 })), { maxLength: 3 }),
    map: fc.option(fc.oneof(protobufMap, jsonMap, zstdData), { nil: undefined }),
    zstdMap: fc.boolean(),
    level: fc.constantFrom(0, 6),
    extra: fc.dictionary(fc.constantFrom('collection.anki2', 'collection.anki21', 'collection.anki21b', 'dir/', '9'), fc.uint8Array({ maxLength: 16 }), { maxKeys: 2 }),
  })
  .map((p) => {
    const files: Zippable = {};
    if (p.meta) files['meta'] = [p.meta, { level: 0 }];
    files[`collection.${p.generation}`] = [p.collection, { level: p.level as 0 | 6 }];
    p.media.forEach((data, i) => (files[String(i)] = [data, { level: p.level as 0 | 6 }]));
    if (p.map) files['media'] = [p.zstdMap ? zstdCompress(p.map) : p.map, { level: 0 }];
    for (const [name, data] of Object.entries(p.extra)) files[name] = [data, { level: 0 }];
    return zipSync(files);
  });

/** Bytes that start or end like a zip, to get past the first check more often than noise would. */
const zipLike = fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('none', 'local', 'end', 'both')).map(([body, shape]) => {
  const local = [0x50, 0x4b, 0x03, 0x04];
  const end = [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0, 46, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  return Uint8Array.from([...(shape === 'local' || shape === 'both' ? local : []), ...body, ...(shape === 'end' || shape === 'both' ? end : [])]);
});

describe('Anki packages, fuzzed', () => {
  property('readAnkiPackage: arbitrary bytes', fc.oneof(fc.uint8Array({ maxLength: 300 }), zipLike, generatedPackage), (bytes) => expectSoundPackage(bytes), {
    timeoutMs: 30_000,
    bothOutcomes: true,
  });

  property('readAnkiPackage: mutated packages', fc.tuple(fc.nat({ max: BASE_PACKAGES.length - 1 }), byteOps), ([i, ops]) => {
    return expectSoundPackage(mutateBytes(BASE_PACKAGES[i]!, ops, HOTSPOTS[i]), KNOWN_PAYLOADS);
  }, { timeoutMs: 30_000, bothOutcomes: true });

  property('readAnkiPackage: zstd and media maps', fc.tuple(
    fc.constantFrom('anki21b', 'anki21'),
    fc.record({ collection: fc.option(zstdData, { nil: undefined }), media: fc.option(fc.oneof(protobufMap, jsonMap), { nil: undefined }), meta: fc.option(metaEntry, { nil: undefined }) }),
  ), ([generation, entries]) => {
    // Built like a real package, then one or more of its entries replaced by generated ones.
    const replaced: Record<string, Uint8Array> = {};
    if (entries.collection) replaced[`collection.${generation}`] = entries.collection;
    if (entries.media) replaced['media'] = generation === 'anki21b' ? zstdCompress(entries.media) : entries.media;
    if (entries.meta) replaced['meta'] = entries.meta;
    return expectSoundPackage(buildAnkiPackage({ generation, collection: COLLECTION, media: MEDIA, entries: replaced }));
  }, { timeoutMs: 30_000, bothOutcomes: true });
});
