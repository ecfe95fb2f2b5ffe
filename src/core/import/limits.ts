// How large a file Retain imports: a whole file has to fit in memory to be imported. Shared by the main process (the
// native open dialog checks the size before reading) and the renderer (a chosen or dropped file).
export const MAX_IMPORT_BYTES = 1024 ** 3;

/** What is wrong with a file of `size` bytes, or undefined when it can be imported. */
export function importSizeProblem(size: number): string | undefined {
  if (size > MAX_IMPORT_BYTES) return `is ${(size / 1024 ** 3).toFixed(1)} GB; Retain imports files of up to 1 GB`;
  if (size === 0) return 'is empty';
  return undefined;
}
