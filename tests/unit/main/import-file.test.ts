// File > Import… in the main process, with the dialog and the file system replaced by stubs (no Electron here).

import { describe, expect, it, vi } from 'vitest';
import type { OpenDialogOptions } from 'electron';
import { chooseImportFile, IMPORT_FILE_FILTERS, MAX_IMPORT_BYTES, type ImportFileDeps } from '../../../src/main/import-file';
import { checkSize, MAX_IMPORT_BYTES as RENDERER_MAX_IMPORT_BYTES } from '../../../src/renderer/src/import/detect';

const PATH = '/home/ada/Downloads/Spanish.apkg';

function deps(files: Record<string, Uint8Array | { size: number } | Error>, picked: string[] | null): ImportFileDeps & {
  dialogOptions: OpenDialogOptions[];
  read: string[];
} {
  const dialogOptions: OpenDialogOptions[] = [];
  const read: string[] = [];
  const entry = (path: string) => {
    const file = files[path];
    if (file === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, stat '${path}'`), { code: 'ENOENT' });
    if (file instanceof Error) throw file;
    return file;
  };
  return {
    dialogOptions,
    read,
    showOpenDialog: async (options) => {
      dialogOptions.push(options);
      return picked === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: picked };
    },
    stat: async (path) => {
      const file = entry(path);
      return { size: file instanceof Uint8Array ? file.byteLength : file.size };
    },
    readFile: async (path) => {
      read.push(path);
      const file = entry(path);
      if (!(file instanceof Uint8Array)) throw new Error('test: a file given only by its size was read');
      return file;
    },
  };
}

describe('File > Import… (main process)', () => {
  it('answers null when the dialog is cancelled, and reads nothing', async () => {
    const d = deps({ [PATH]: new Uint8Array([1]) }, null);
    await expect(chooseImportFile(d)).resolves.toBeNull();
    expect(d.read).toEqual([]);
  });

  it('asks for one file, offering the kinds Retain imports and all files', async () => {
    const d = deps({}, null);
    await chooseImportFile(d);
    const [options] = d.dialogOptions;
    expect(options?.properties).toEqual(['openFile']);
    const extensions = (options?.filters ?? []).flatMap((f) => f.extensions);
    for (const ext of ['apkg', 'colpkg', 'csv', 'tsv', 'txt', 'json', '*']) expect(extensions, ext).toContain(ext);
    expect(options?.filters).toBe(IMPORT_FILE_FILTERS);
  });

  it("returns the chosen file's name (without its folder) and its bytes", async () => {
    const bytes = new TextEncoder().encode('front,back\nhola,hello\n');
    const d = deps({ '/tmp/words.csv': Buffer.from(bytes) }, ['/tmp/words.csv']);
    const result = await chooseImportFile(d);
    expect(result).toEqual({ name: 'words.csv', bytes });
    expect(result && 'bytes' in result && result.bytes.constructor).toBe(Uint8Array);
  });

  it('refuses a file over 1 GB without reading it, in the words of the Import screen', async () => {
    const size = 3.5 * 1024 ** 3;
    const d = deps({ [PATH]: { size } }, [PATH]);
    const result = await chooseImportFile(d);
    expect(result).toEqual({ error: 'Spanish.apkg: is 3.5 GB; Retain imports files of up to 1 GB' });
    expect(d.read).toEqual([]);
    // The renderer says the same of a file dropped on the window.
    expect(() => checkSize('Spanish.apkg', size)).toThrow(result && 'error' in result ? result.error : '?');
  });

  it('has the same limit as the renderer: exactly 1 GiB is read', async () => {
    expect(MAX_IMPORT_BYTES).toBe(RENDERER_MAX_IMPORT_BYTES);
    const d = deps({ [PATH]: { size: MAX_IMPORT_BYTES } }, [PATH]);
    await chooseImportFile(d);
    expect(d.read).toEqual([PATH]);
  });

  it('names the file when it cannot be read', async () => {
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${PATH}'`), { code: 'EACCES' });
    const d = deps({}, [PATH]);
    d.stat = async () => ({ size: 10 });
    d.readFile = vi.fn(async () => {
      throw denied;
    });
    await expect(chooseImportFile(d)).resolves.toEqual({ error: 'Spanish.apkg: could not be read: permission denied' });

    const gone = deps({}, [PATH]);
    await expect(chooseImportFile(gone)).resolves.toEqual({
      error: 'Spanish.apkg: could not be read: the file no longer exists',
    });

    const odd = deps({ [PATH]: new Error('EIO: i/o error, read') }, [PATH]);
    const result = await chooseImportFile(odd);
    expect(result).toEqual({ error: expect.stringMatching(/^Spanish\.apkg: could not be read \(EIO: i\/o error, read\)$/) });
  });

  it('answers with a message, not a rejection, when the dialog fails', async () => {
    const d = deps({}, null);
    d.showOpenDialog = async () => {
      throw new Error('no display');
    };
    await expect(chooseImportFile(d)).resolves.toEqual({ error: 'The open dialog could not be shown (no display)' });
  });
});
