// Saves bytes or text as a file through the browser's download (in Electron, the save dialog asks where).
export function downloadFile(name: string, data: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has started reading the blob by then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
