// Imported cards refer to their images and sounds by file name (`<img src="cat.jpg">`, `[sound:meow.mp3]`). The
// files live in IndexedDB; the page sees them as blob: URLs, made once per session and released when it ends.
import type { RetainDB } from '../storage/db';

const SRC = /(\bsrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^"'\s>]+))/gi;
const SOUND = /\[sound:([^\]]+)\]/g;

const isLocalName = (src: string) => !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src);

/** The media file names an HTML fragment refers to. */
export function mediaNames(html: string): string[] {
  const names = new Set<string>();
  for (const m of html.matchAll(SRC)) {
    const src = m[2] ?? m[3] ?? m[4] ?? '';
    if (isLocalName(src)) names.add(decodeURIComponentSafe(src));
  }
  for (const m of html.matchAll(SOUND)) names.add(m[1]!);
  return [...names];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Points references at the files' URLs: `src` attributes to blob URLs (a file not in the collection keeps a name
 * that loads nothing: the sanitizer drops any src that is not a blob: URL), and `[sound:...]` to an audio player.
 */
export function withMediaUrls(html: string, urls: ReadonlyMap<string, string>): string {
  return html
    .replace(SRC, (whole, attr: string, dq?: string, sq?: string, bare?: string) => {
      const src = dq ?? sq ?? bare ?? '';
      if (!isLocalName(src)) return whole;
      const url = urls.get(decodeURIComponentSafe(src));
      return url ? `${attr}"${url}"` : `${attr}"missing:${escapeAttr(src)}"`;
    })
    .replace(SOUND, (_whole, name: string) => {
      const url = urls.get(name);
      return url
        ? `<audio class="card-sound" controls preload="none" src="${url}"></audio>`
        : `<span class="missing-media">[missing sound: ${escapeAttr(name)}]</span>`;
    });
}

/** blob: URLs for a session's media, read from storage on first use. */
export class MediaUrls {
  private readonly urls = new Map<string, string>();

  constructor(private readonly db: RetainDB) {}

  /** Makes sure the files `html` refers to have URLs; returns the map to render with. */
  async resolve(html: string): Promise<ReadonlyMap<string, string>> {
    const wanted = mediaNames(html).filter((n) => !this.urls.has(n));
    if (wanted.length > 0) {
      const found = await this.db.media.bulkGet(wanted);
      for (const m of found) if (m) this.urls.set(m.name, URL.createObjectURL(new Blob([m.data as Uint8Array<ArrayBuffer>])));
    }
    return this.urls;
  }

  release(): void {
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls.clear();
  }
}
