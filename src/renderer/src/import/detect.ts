// What kind of file the user gave us, from its first bytes rather than its name alone: a renamed file must get a
// message saying what it really is, not a parser's confusion.
import { ImportError } from '../../../core/import/bundle';
import { importSizeProblem, MAX_IMPORT_BYTES } from '../../../core/import/limits';

export type FileKind = 'anki-package' | 'retain-json' | 'text';

export { MAX_IMPORT_BYTES };

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Refuses a file too large to import, before reading it. */
export function checkSize(file: string, size: number): void {
  const problem = importSizeProblem(size);
  if (problem) throw new ImportError({ file, where: '', message: problem });
}

/** Sniffs the kind of an import from its first bytes and its name. */
export function detectKind(file: string, head: Uint8Array): FileKind {
  const lower = file.toLowerCase();
  const zip = startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]);
  const packageName = lower.endsWith('.apkg') || lower.endsWith('.colpkg');
  if (zip) {
    if (packageName || lower.endsWith('.zip')) return 'anki-package';
    if (lower.endsWith('.xlsx') || lower.endsWith('.ods')) {
      throw new ImportError({ file, where: '', message: 'is a spreadsheet workbook; save it as CSV (UTF-8) and import that' });
    }
    throw new ImportError({ file, where: '', message: 'is a zip archive but not an Anki package (.apkg or .colpkg)' });
  }
  const what = [
    [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
    [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'a bare SQLite database (export an .apkg or .colpkg from Anki instead)'],
    [[0x1f, 0x8b], 'a gzip archive'],
    [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
    [[0xff, 0xd8, 0xff], 'a JPEG image'],
    [[0xd0, 0xcf, 0x11, 0xe0], 'an old Microsoft Office document (save it as CSV)'],
  ] as const;
  for (const [magic, name] of what) {
    if (startsWith(head, [...magic])) throw new ImportError({ file, where: '', message: `is ${name}, not a deck` });
  }
  if (packageName) throw new ImportError({ file, where: '', message: 'is named like an Anki package but is not a zip archive: it is damaged or not a package' });
  // JSON: the first character that is not whitespace or a byte-order mark is `{`.
  let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (head[i] === 0x7b && (lower.endsWith('.json') || !/\.(csv|tsv|txt)$/.test(lower))) return 'retain-json';
  return 'text';
}
