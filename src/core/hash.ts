// FNV-1a, 32 bits: short, stable hashes. Not for security.

/** FNV-1a over a string's UTF-16 code units, as an unsigned 32-bit number. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** FNV-1a over bytes, as an unsigned 32-bit number. */
export function fnv1aBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** fnv1a as 8 hex digits: enough to tell that a bundled deck file changed since it was last loaded. */
export function contentHash(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0');
}
