// Opens an Anki package (.apkg, .colpkg): a zip holding the collection (a SQLite database) and media files. Three
// generations exist, and one file may carry two of them (Anki adds an old-format dummy collection that tells old
// versions to upgrade):
//   anki2    `collection.anki2`, schema 11 (PackageMetadata version 1, "legacy 1")
//   anki21   `collection.anki21`, schema 11 with the v2 scheduler (version 2, "legacy 2")
//   anki21b  `collection.anki21b`, zstd-compressed, with a `meta` entry (version 3, "latest")
// Legacy packages map zip entries to media names with JSON ({"0": "a.jpg"}); the latest one with a zstd-compressed
// protobuf MediaEntries list, and zstd-compresses each media file too (rslib/src/import_export/package/).
//
// Only the database bytes leave here (collection.ts reads them). Everything read from the file is checked before
// it is trusted: sizes before anything is inflated, lengths and checksums after, media names before they are used.

import { crc32 } from '../hash';
import { Inflate } from 'fflate';
import { decompress as decompressZstd } from 'fzstd';
import { ImportError, type ImportedMedia, type ImportProblem } from '../import/bundle';
import { ProtobufReader, WIRE } from './protobuf';

export type AnkiPackageGeneration = 'anki2' | 'anki21' | 'anki21b';

export interface AnkiPackage {
  generation: AnkiPackageGeneration;
  /** The collection's SQLite file, decompressed. */
  collection: Uint8Array;
  /** Media files under their real names, in the media map's order. */
  media: ImportedMedia[];
  /** Media left out (unsafe name, missing or damaged data), each with the reason. */
  skipped: ImportProblem[];
}

/**
 * The most a package may unpack to: 4 GiB for the zip entries together, and as much again for what their zstd
 * streams expand to. Checked against what the file claims before anything is decompressed, so a small hostile file
 * cannot make us allocate gigabytes.
 */
export const MAX_UNPACKED_BYTES = 4 * 1024 ** 3;
const OVER_LIMIT = 'more than the 4 GiB a package may hold';

/** Media file names: Anki keeps media in one flat folder, and most file systems cap a name at 255 bytes. */
const MAX_MEDIA_NAME_BYTES = 255;

const COLLECTION_ENTRY: Record<AnkiPackageGeneration, string> = {
  anki2: 'collection.anki2',
  anki21: 'collection.anki21',
  anki21b: 'collection.anki21b',
};
/** PackageMetadata.Version (proto/anki/import_export.proto) to the generation it names. */
const GENERATION_OF_VERSION: Record<number, AnkiPackageGeneration> = { 1: 'anki2', 2: 'anki21', 3: 'anki21b' };
const NEWEST_KNOWN_VERSION = 3;

export function readAnkiPackage(bytes: Uint8Array, file: string): AnkiPackage {
  const zip = readZipDirectory(bytes, file);
  refuseOversizedZip(zip, file);
  const generation = chooseGeneration(bytes, zip, file);
  const compressed = generation === 'anki21b';
  const budget = { remaining: MAX_UNPACKED_BYTES };

  const collectionName = COLLECTION_ENTRY[generation];
  const collectionEntry = zip.get(collectionName);
  if (!collectionEntry) {
    throw new ImportError({
      file,
      where: 'meta',
      message: `says the collection is in ${collectionName}, but the package has no such entry`,
    });
  }
  const stored = extractEntry(bytes, collectionEntry, file, collectionName);
  const collection = compressed ? unzstd(stored, file, collectionName, budget) : stored;

  const skipped: ImportProblem[] = [];
  const media = readMedia(bytes, zip, file, compressed, budget, skipped);
  return { generation, collection, media, skipped };
}

// ---------------------------------------------------------------------------------------------------------------
// Which generation: as Anki decides it (meta.rs). A `meta` entry names the version; without one, collection.anki21
// means legacy 2 and otherwise legacy 1. We also accept a bare collection.anki21b without `meta` (Anki would not),
// since the newest collection present is what its author meant.

function chooseGeneration(bytes: Uint8Array, zip: ZipDirectory, file: string): AnkiPackageGeneration {
  const metaEntry = zip.get('meta');
  if (metaEntry) return generationFromMeta(extractEntry(bytes, metaEntry, file, 'meta'), file);
  for (const generation of ['anki21b', 'anki21', 'anki2'] as const) {
    if (zip.has(COLLECTION_ENTRY[generation])) return generation;
  }
  const names = [...zip.keys()];
  throw new ImportError({
    file,
    where: '',
    message:
      'no Anki collection in this zip (no collection.anki21b, collection.anki21 or collection.anki2 entry)' +
      (names.length ? `; it holds ${describeNames(names)}` : '; it is empty'),
  });
}

function generationFromMeta(meta: Uint8Array, file: string): AnkiPackageGeneration {
  let version = 0;
  try {
    const reader = new ProtobufReader(meta);
    while (!reader.done) {
      const tag = reader.readTag();
      if (tag.field === 1) {
        reader.expectWireType(tag, WIRE.varint);
        version = reader.readInt32();
      } else {
        reader.skip(tag);
      }
    }
  } catch (error) {
    throw new ImportError({ file, where: 'meta', message: `is not valid package metadata: ${reasonOf(error)}` });
  }
  const generation = GENERATION_OF_VERSION[version];
  if (generation) return generation;
  if (version > NEWEST_KNOWN_VERSION) {
    throw new ImportError({
      file,
      where: 'meta',
      message:
        `made by a newer Anki (package version ${version}; this app reads versions 1 to ${NEWEST_KNOWN_VERSION}). ` +
        'In Anki, export it again with "Support older Anki versions" ticked',
    });
  }
  // Version 0 is the proto's "unknown": Anki refuses it too.
  throw new ImportError({ file, where: 'meta', message: `names no known package version (${version})` });
}

// ---------------------------------------------------------------------------------------------------------------
// Media

function readMedia(
  bytes: Uint8Array,
  zip: ZipDirectory,
  file: string,
  compressed: boolean,
  budget: ZstdBudget,
  skipped: ImportProblem[],
): ImportedMedia[] {
  const mapEntry = zip.get('media');
  // Older AnkiDroid versions wrote packages without a media map; Anki reads them as having no media.
  if (!mapEntry) return [];
  const stored = extractEntry(bytes, mapEntry, file, 'media');
  const map = compressed
    ? parseProtobufMediaMap(unzstd(stored, file, 'media', budget), file)
    : parseJsonMediaMap(stored, file, skipped);

  const media: ImportedMedia[] = [];
  const seen = new Set<string>();
  for (const { zipName, name } of map) {
    const where = `media entry ${zipName}`;
    const unsafe = unsafeMediaName(name);
    if (unsafe) {
      skipped.push({ file, where, message: `${JSON.stringify(name)}: ${unsafe}; not imported` });
      continue;
    }
    if (seen.has(name)) {
      skipped.push({ file, where, message: `${JSON.stringify(name)}: a second file with this name; not imported` });
      continue;
    }
    const entry = zip.get(zipName);
    if (!entry) {
      skipped.push({ file, where, message: `${JSON.stringify(name)}: the package has no zip entry "${zipName}"` });
      continue;
    }
    try {
      const data = extractEntry(bytes, entry, file, where);
      media.push({ name, data: compressed ? unzstd(data, file, where, budget) : data });
      seen.add(name);
    } catch (error) {
      // One damaged media file costs that file, not the whole import; a package too large to open costs it all.
      if (error instanceof TooLargeError || !(error instanceof ImportError)) throw error;
      skipped.push({ file, where, message: `${JSON.stringify(name)}: ${error.problem.message}; not imported` });
    }
  }
  return media;
}

interface MediaMapEntry {
  /** The zip entry holding the file's data. */
  zipName: string;
  name: string;
}

function parseJsonMediaMap(stored: Uint8Array, file: string, skipped: ImportProblem[]): MediaMapEntry[] {
  let map: unknown;
  try {
    map = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(stored));
  } catch (error) {
    throw new ImportError({ file, where: 'media', message: `the media map is not valid JSON: ${reasonOf(error)}` });
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new ImportError({
      file,
      where: 'media',
      message:
        'the media map is not a JSON object of {"0": "file name", ...} but ' +
        (Array.isArray(map) ? 'an array' : typeof map),
    });
  }
  const entries: MediaMapEntry[] = [];
  for (const [zipName, name] of Object.entries(map)) {
    // Keys are the numbered zip entries; anything else would let the map pull out the collection or itself.
    if (!/^\d+$/.test(zipName)) {
      const message = `the key ${JSON.stringify(zipName)} is not a media entry number; not imported`;
      skipped.push({ file, where: 'media', message });
    } else if (typeof name !== 'string') {
      const message = `the file name is not a string but ${JSON.stringify(name)}; not imported`;
      skipped.push({ file, where: `media entry ${zipName}`, message });
    } else {
      entries.push({ zipName, name });
    }
  }
  return entries;
}

/**
 * MediaEntries { repeated MediaEntry entries = 1 }, MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3;
 * optional uint32 legacy_zip_filename = 255 }. The file for entry i is zip entry `i`. Anki never writes
 * legacy_zip_filename (it records a legacy map's own numbering, which may have gaps) and its reader ignores it; we
 * honour it when present, since it names the entry that holds the data.
 */
function parseProtobufMediaMap(encoded: Uint8Array, file: string): MediaMapEntry[] {
  const entries: MediaMapEntry[] = [];
  try {
    const list = new ProtobufReader(encoded);
    while (!list.done) {
      const tag = list.readTag();
      if (tag.field !== 1) {
        list.skip(tag);
        continue;
      }
      list.expectWireType(tag, WIRE.bytes);
      const entry = new ProtobufReader(list.readBytes());
      let name = '';
      let zipName = String(entries.length);
      while (!entry.done) {
        const field = entry.readTag();
        if (field.field === 1) {
          entry.expectWireType(field, WIRE.bytes);
          name = entry.readString();
        } else if (field.field === 255) {
          entry.expectWireType(field, WIRE.varint);
          zipName = String(entry.readUint32());
        } else {
          // size and sha1: Anki uses them to skip files it already has; we import from memory and need neither.
          entry.skip(field);
        }
      }
      entries.push({ zipName, name });
    }
  } catch (error) {
    throw new ImportError({
      file,
      where: 'media',
      message: `the media map is not a valid protobuf MediaEntries list: ${reasonOf(error)}`,
    });
  }
  return entries;
}

/** Why a media name from the package cannot be used as a file name, or undefined when it can. */
export function unsafeMediaName(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (name.includes('\0')) return 'the name contains a NUL character';
  // C0 and C1 controls: invisible in messages, and some file systems refuse them.
  if (/[\u0001-\u001f\u007f-\u009f]/.test(name)) return 'the name contains a control character';
  if (name.includes('/') || name.includes('\\')) return 'the name is a path (it contains / or \\), not a file name';
  if (name === '.' || name === '..') return 'the name is a reference to a folder';
  if (/^[A-Za-z]:/.test(name)) return 'the name starts with a drive letter';
  const length = new TextEncoder().encode(name).length;
  if (length > MAX_MEDIA_NAME_BYTES) {
    return `the name is ${length} bytes long; at most ${MAX_MEDIA_NAME_BYTES} are allowed`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// zstd: fzstd decodes, but it trusts the frame headers (it allocates what they claim) and stops early on nothing.
// So we first walk the frames and blocks ourselves (RFC 8878 section 3.1): that bounds the output before any
// allocation and turns a cut-short stream into a message naming what is wrong.

interface ZstdBudget {
  remaining: number;
}

/** The largest window zstd's own decoder accepts by default (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27). */
const MAX_ZSTD_WINDOW = 2 ** 27;
const ZSTD_MAX_BLOCK = 128 * 1024;
const ZSTD_MAGIC = 0xfd2fb528;

class TooLargeError extends ImportError {}

function unzstd(data: Uint8Array, file: string, where: string, budget: ZstdBudget): Uint8Array {
  const fail = (message: string): never => {
    throw new ImportError({ file, where, message: `the zstd data ${message}` });
  };
  const claimed = zstdOutputBound(data, fail);
  if (claimed > budget.remaining) {
    throw new TooLargeError({
      file,
      where,
      message: `too large: the zstd data would unpack to ${formatBytes(claimed)}, ${OVER_LIMIT}`,
    });
  }
  budget.remaining -= claimed;
  try {
    return decompressZstd(data);
  } catch (error) {
    return fail(`does not decode: ${reasonOf(error)}`);
  }
}

/** The most the frames in `data` can decompress to; calls `fail` (which throws) on anything malformed. */
function zstdOutputBound(data: Uint8Array, fail: (message: string) => never): number {
  if (data.length === 0) fail('is empty');
  let pos = 0;
  let total = 0;
  const need = (count: number, what: string) => {
    if (pos + count > data.length) fail(`is cut short (it ends inside ${what})`);
  };
  if (data.length < 4) fail(`is not zstd (it is only ${data.length} bytes long)`);
  while (pos < data.length) {
    need(4, 'a frame header');
    const magic = readU32(data, pos);
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
      // Skippable frame: user data that decoders pass over.
      need(8, 'a skippable frame');
      pos += 8;
      const size = readU32(data, pos - 4);
      need(size, 'a skippable frame');
      pos += size;
      continue;
    }
    if (magic !== ZSTD_MAGIC) {
      fail(
        pos === 0
          ? `is not zstd (it starts with ${hex(data.subarray(0, 4))})`
          : `has unknown bytes after its end (at byte ${pos})`,
      );
    }
    pos += 4;
    need(1, 'a frame header');
    const descriptor = data[pos++] ?? 0;
    const contentSizeFlag = descriptor >> 6;
    const singleSegment = (descriptor >> 5) & 1;
    const hasChecksum = (descriptor >> 2) & 1;
    const dictionaryIdFlag = descriptor & 3;
    if (descriptor & 8) fail('has a frame header with its reserved bit set');
    let window = 0;
    if (!singleSegment) {
      need(1, 'a frame header');
      const windowDescriptor = data[pos++] ?? 0;
      const base = 2 ** (10 + (windowDescriptor >> 3));
      window = base + (base / 8) * (windowDescriptor & 7);
    }
    const dictionaryIdBytes = [0, 1, 2, 4][dictionaryIdFlag] ?? 0;
    need(dictionaryIdBytes, 'a frame header');
    const dictionaryId = readUintLE(data, pos, dictionaryIdBytes);
    pos += dictionaryIdBytes;
    if (dictionaryId !== 0) fail(`needs zstd dictionary ${dictionaryId}, which the package does not include`);
    const contentSizeBytes = contentSizeFlag === 0 ? singleSegment : [0, 2, 4, 8][contentSizeFlag] ?? 0;
    need(contentSizeBytes, 'a frame header');
    let contentSize: number | undefined;
    if (contentSizeBytes > 0) contentSize = readUintLE(data, pos, contentSizeBytes) + (contentSizeBytes === 2 ? 256 : 0);
    pos += contentSizeBytes;
    if (singleSegment) window = contentSize ?? 0;
    else if (window > MAX_ZSTD_WINDOW) {
      fail(`needs a ${formatBytes(window)} window; zstd itself refuses more than ${formatBytes(MAX_ZSTD_WINDOW)}`);
    }
    const maxBlock = Math.min(window, ZSTD_MAX_BLOCK);

    let frameBound = 0;
    for (let last = 0; !last; ) {
      need(3, 'a block header');
      const header = readUintLE(data, pos, 3);
      pos += 3;
      last = header & 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) fail(`has a block of the reserved type 3 (at byte ${pos - 3})`);
      if (size > maxBlock) fail(`has a ${size}-byte block, larger than its frame allows (${maxBlock})`);
      if (type === 1) {
        // RLE: one byte repeated `size` times.
        need(1, 'a block');
        pos += 1;
        frameBound += size;
      } else {
        need(size, 'a block');
        pos += size;
        // Raw blocks hold their output; a compressed block yields at most a full block.
        frameBound += type === 0 ? size : maxBlock;
      }
    }
    if (hasChecksum) {
      need(4, 'the frame checksum');
      pos += 4;
    }
    if (contentSize !== undefined && contentSize > frameBound) {
      fail(`claims ${contentSize} bytes but its blocks hold at most ${frameBound}`);
    }
    total += contentSize ?? frameBound;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Zip: our own reading of the central directory (APPNOTE.TXT 4.3), so every offset and size is checked before use
// and the claimed sizes can be refused before inflating. fflate only inflates.

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Entries by name. */
type ZipDirectory = Map<string, ZipEntry>;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

function readZipDirectory(bytes: Uint8Array, file: string): ZipDirectory {
  const fail = (message: string): never => {
    throw new ImportError({ file, where: 'zip directory', message });
  };
  const end = findEndOfDirectory(bytes);
  if (end < 0) {
    const truncatedZip = bytes.length >= 4 && readU32(bytes, 0) === SIG_LOCAL;
    throw new ImportError({
      file,
      where: '',
      message: truncatedZip
        ? 'the zip is incomplete (its directory at the end is missing): ' +
          'the file was probably cut short while downloading or copying'
        : `not an Anki package: ${describeContent(bytes)}`,
    });
  }
  let count = readU16(bytes, end + 10);
  let directorySize = readU32(bytes, end + 12);
  let directoryOffset = readU32(bytes, end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    // Zip64: the real values are in a larger record that a locator just before this one points to.
    const locator = end - 20;
    if (locator < 0 || readU32(bytes, locator) !== SIG_ZIP64_LOCATOR) fail('the zip64 end record is missing');
    const zip64End = readU64(bytes, locator + 8);
    if (zip64End + 56 > bytes.length || readU32(bytes, zip64End) !== SIG_ZIP64_END) {
      fail('the zip64 end record is damaged');
    }
    count = readU64(bytes, zip64End + 32);
    directorySize = readU64(bytes, zip64End + 40);
    directoryOffset = readU64(bytes, zip64End + 48);
  }
  if (directoryOffset + directorySize > bytes.length) {
    fail('the directory lies beyond the end of the file: the file is cut short or damaged');
  }

  const entries: ZipDirectory = new Map();
  let pos = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > bytes.length || readU32(bytes, pos) !== SIG_CENTRAL) {
      fail(`entry ${i + 1} of ${count} is damaged or missing`);
    }
    const nameLength = readU16(bytes, pos + 28);
    const extraLength = readU16(bytes, pos + 30);
    const commentLength = readU16(bytes, pos + 32);
    const recordEnd = pos + 46 + nameLength + extraLength + commentLength;
    if (recordEnd > bytes.length) fail(`entry ${i + 1} of ${count} runs past the end of the file`);
    const entry: ZipEntry = {
      // Names we look up are ASCII, the same in UTF-8 (flag bit 11) and the old CP437 default.
      name: new TextDecoder().decode(bytes.subarray(pos + 46, pos + 46 + nameLength)),
      flags: readU16(bytes, pos + 8),
      method: readU16(bytes, pos + 10),
      crc32: readU32(bytes, pos + 16),
      compressedSize: readU32(bytes, pos + 20),
      size: readU32(bytes, pos + 24),
      localHeaderOffset: readU32(bytes, pos + 42),
    };
    applyZip64Extra(entry, bytes.subarray(pos + 46 + nameLength, pos + 46 + nameLength + extraLength));
    // A later entry of the same name wins, as in the zip libraries Anki uses.
    if (!entry.name.endsWith('/')) entries.set(entry.name, entry);
    pos = recordEnd;
  }
  return entries;
}

/** Searches backwards for the end-of-directory record, which may be followed by a comment of up to 64 KiB. */
function findEndOfDirectory(bytes: Uint8Array): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let pos = bytes.length - 22; pos >= lowest; pos--) {
    if (readU32(bytes, pos) === SIG_END && pos + 22 + readU16(bytes, pos + 20) <= bytes.length) return pos;
  }
  return -1;
}

/** Zip64 extra field (id 1): the 64-bit values, present only for the fields whose 32-bit slot is 0xffffffff. */
function applyZip64Extra(entry: ZipEntry, extra: Uint8Array): void {
  for (let pos = 0; pos + 4 <= extra.length; ) {
    const id = readU16(extra, pos);
    const size = readU16(extra, pos + 2);
    const body = extra.subarray(pos + 4, pos + 4 + size);
    pos += 4 + size;
    if (id !== 1) continue;
    let at = 0;
    for (const field of ['size', 'compressedSize', 'localHeaderOffset'] as const) {
      if (entry[field] !== 0xffffffff || at + 8 > body.length) continue;
      entry[field] = readU64(body, at);
      at += 8;
    }
  }
}

function refuseOversizedZip(zip: ZipDirectory, file: string): void {
  let total = 0;
  for (const entry of zip.values()) total += entry.size;
  if (total > MAX_UNPACKED_BYTES) {
    throw new TooLargeError({
      file,
      where: 'zip directory',
      message: `too large: its entries would unpack to ${formatBytes(total)}, ${OVER_LIMIT}`,
    });
  }
}

/** An entry's bytes, checked against the size and CRC-32 the directory gives. Always a copy, never a view. */
function extractEntry(bytes: Uint8Array, entry: ZipEntry, file: string, where: string): Uint8Array {
  const fail = (message: string): never => {
    throw new ImportError({ file, where, message });
  };
  if (entry.flags & 1) fail('is encrypted, which Anki never does: the package was changed by another program');
  const local = entry.localHeaderOffset;
  if (local + 30 > bytes.length || readU32(bytes, local) !== SIG_LOCAL) {
    fail('is damaged (its zip header is missing)');
  }
  const dataStart = local + 30 + readU16(bytes, local + 26) + readU16(bytes, local + 28);
  if (dataStart + entry.compressedSize > bytes.length) fail('is cut short: the file ends inside it');
  const stored = bytes.subarray(dataStart, dataStart + entry.compressedSize);

  let data: Uint8Array;
  if (entry.method === METHOD_STORED) {
    if (entry.compressedSize !== entry.size) fail('is damaged (stored with two different sizes)');
    data = stored.slice();
  } else if (entry.method === METHOD_DEFLATE) {
    if (entry.size > (entry.compressedSize + 1) * MAX_DEFLATE_RATIO) {
      fail(`is damaged (its header gives ${entry.size} bytes, more than its ${entry.compressedSize} compressed bytes can hold)`);
    }
    data = inflateExactly(stored, entry.size, fail);
  } else {
    data = fail(`uses zip compression method ${entry.method}, which this app cannot read (Anki writes only 0 and 8)`);
  }
  if (crc32(data) !== entry.crc32) fail('is damaged (its CRC-32 checksum does not match)');
  return data;
}

/**
 * Deflate expands at most about 1032 times (a 258-byte match coded in 2 bits): a size beyond that is a lie, refused
 * before a buffer of that size is allocated.
 */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Inflates into a buffer of the size the directory claims, in chunks, stopping as soon as the output would exceed
 * it: a lying size can then cost neither memory nor the time to expand a deflate bomb.
 */
function inflateExactly(compressed: Uint8Array, size: number, fail: (message: string) => never): Uint8Array {
  const out = new Uint8Array(size);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > size) {
      overflow = true;
      throw new Error('overflow');
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  const CHUNK = 64 * 1024;
  try {
    if (compressed.length === 0) inflater.push(compressed, true);
    for (let at = 0; at < compressed.length; at += CHUNK) {
      inflater.push(compressed.subarray(at, at + CHUNK), at + CHUNK >= compressed.length);
    }
  } catch (error) {
    if (overflow) return fail(`is damaged (it inflates to more than the ${size} bytes its header gives)`);
    return fail(`is damaged (deflate: ${reasonOf(error)})`);
  }
  if (written !== size) fail(`is damaged (it inflates to ${written} bytes, not the ${size} its header gives)`);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Telling the user what a file that is not a zip looks like, from its first bytes.

const SIGNATURES: { magic: number[]; what: string }[] = [
  {
    magic: [...'SQLite format 3\0'].map((c) => c.charCodeAt(0)),
    what: 'it is a SQLite database (perhaps a bare Anki collection: in Anki, use File > Export to make an .apkg)',
  },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'it looks like a PDF document' },
  { magic: [0x1f, 0x8b], what: 'it looks like a gzip file' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'it looks like zstd-compressed data' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'it looks like a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'it looks like a 7-Zip archive' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'it looks like an xz file' },
  { magic: [0x42, 0x5a, 0x68], what: 'it looks like a bzip2 file' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'it looks like a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'it looks like a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'it looks like a GIF image' },
];

function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  for (const { magic, what } of SIGNATURES) {
    if (magic.length <= bytes.length && magic.every((byte, i) => bytes[i] === byte)) return `not a zip file; ${what}`;
  }
  const head = bytes.subarray(0, 512);
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    // Not text (or a multi-byte character cut at 512 bytes: rare enough to call it binary).
  }
  if (text !== undefined && !/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    const start = text.trimStart();
    if (start.startsWith('<')) return 'not a zip file; it looks like an HTML or XML document';
    if (start.startsWith('{') || start.startsWith('[')) return 'not a zip file; it looks like JSON';
    return 'not a zip file; it looks like a text file';
  }
  return `not a zip file (it starts with ${hex(bytes.subarray(0, 4))})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Little-endian reads; callers check bounds first. Out-of-range bytes read as 0.

function readU16(bytes: Uint8Array, pos: number): number {
  return (bytes[pos] ?? 0) | ((bytes[pos + 1] ?? 0) << 8);
}

function readU32(bytes: Uint8Array, pos: number): number {
  return (readU16(bytes, pos) | (readU16(bytes, pos + 2) << 16)) >>> 0;
}

/** 64-bit values as numbers: exact up to 2^53, far beyond any size we accept. */
function readU64(bytes: Uint8Array, pos: number): number {
  return readU32(bytes, pos) + readU32(bytes, pos + 4) * 2 ** 32;
}

function readUintLE(bytes: Uint8Array, pos: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = value * 256 + (bytes[pos + i] ?? 0);
  return value;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Rounded up, so that a size just over a limit never reads as the limit itself. */
function formatBytes(count: number): string {
  const units: [number, string][] = [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']];
  for (const [size, unit] of units) {
    if (count >= size) return `${Math.ceil((count / size) * 10) / 10} ${unit}`;
  }
  return `${count} bytes`;
}

function describeNames(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => JSON.stringify(n)).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
