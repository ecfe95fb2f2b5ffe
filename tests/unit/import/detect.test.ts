import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/core/import/bundle';
import { checkSize, detectKind, MAX_IMPORT_BYTES } from '../../../src/renderer/src/import/detect';

const bytes = (s: string | number[]) => (typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s));
const messageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('did not throw');
};

describe('detectKind', () => {
  it('knows Anki packages, Retain JSON and text by their first bytes', () => {
    expect(detectKind('deck.apkg', bytes([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('anki-package');
    expect(detectKind('collection.colpkg', bytes([0x50, 0x4b, 0x03, 0x04]))).toBe('anki-package');
    expect(detectKind('deck.json', bytes('\ufeff  {"format": 1'))).toBe('retain-json');
    expect(detectKind('words.csv', bytes('front,back\n'))).toBe('text');
    expect(detectKind('words.txt', bytes('{braces} in a text file\tand tab'))).toBe('text');
  });

  it('says what a file really is when it is not a deck', () => {
    expect(messageOf(() => detectKind('deck.apkg', bytes('%PDF-1.7')))).toBe('deck.apkg: is a PDF document, not a deck');
    expect(messageOf(() => detectKind('x.apkg', bytes('SQLite format 3\0')))).toMatch(/bare SQLite database/);
    expect(messageOf(() => detectKind('deck.apkg', bytes('hello')))).toMatch(/named like an Anki package but is not a zip archive/);
    expect(messageOf(() => detectKind('sheet.xlsx', bytes([0x50, 0x4b, 0x03, 0x04])))).toMatch(/save it as CSV/);
    expect(messageOf(() => detectKind('photo.csv', bytes([0xff, 0xd8, 0xff, 0xe0])))).toMatch(/JPEG image/);
  });
});

describe('checkSize', () => {
  it('refuses an empty file and one too large to import, naming its size', () => {
    expect(messageOf(() => checkSize('big.colpkg', 2 * 1024 ** 3))).toBe('big.colpkg: is 2.0 GB; Retain imports files of up to 1 GB');
    expect(messageOf(() => checkSize('empty.csv', 0))).toBe('empty.csv: is empty');
    expect(() => checkSize('ok.apkg', MAX_IMPORT_BYTES)).not.toThrow();
  });
});
