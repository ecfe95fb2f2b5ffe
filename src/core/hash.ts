// A short, stable content hash (FNV-1a, 32 bits, over UTF-16 code units): enough to tell that a bundled deck file
// changed since it was last loaded. Not for security.
export function contentHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
