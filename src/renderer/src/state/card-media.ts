// Imported cards refer to their images and sounds by file name (`<img src="cat.jpg">`, `[sound:meow.mp3]`). The
// files live in IndexedDB; the page sees them as blob: URLs, made once per session and released when it ends.
import type { RetainDB } from '../storage/db';

const SOUND = /\[sound:([^\]]+)\]/g;

const isLocalName = (src: string) => !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src);

/** The media file names an HTML fragment refers to: its `src` attributes (those naming a file), then its sounds. */
export function mediaNames(html: string): string[] {
  const srcs = new Set<string>();
  const sounds = new Set<string>();
  scanHtml(html, {
    text: (text) => {
      for (const m of text.matchAll(SOUND)) sounds.add(m[1]!);
      return text;
    },
    src: (src) => {
      if (isLocalName(src)) srcs.add(decodeURIComponentSafe(src));
      return undefined;
    },
  });
  return [...srcs, ...sounds];
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
 * Only real attributes and text are rewritten: `src=` or `[sound:]` inside an attribute value, a comment or a
 * <style> stays as it is, so that the rewrite can never turn text into markup or split an attribute.
 */
export function withMediaUrls(html: string, urls: ReadonlyMap<string, string>): string {
  return scanHtml(html, {
    text: (text) =>
      text.replace(SOUND, (_whole, name: string) => {
        const url = urls.get(name);
        return url
          ? `<audio class="card-sound" controls preload="none" src="${url}"></audio>`
          : `<span class="missing-media">[missing sound: ${escapeAttr(name)}]</span>`;
      }),
    src: (src) => {
      if (!isLocalName(src)) return undefined;
      const url = urls.get(decodeURIComponentSafe(src));
      return url ?? `missing:${escapeAttr(src)}`;
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// A small HTML tokenizer after the WHATWG one: enough to tell text from tags, attribute values, comments and the
// raw text of <script>, <style>, <textarea>... Foreign content (<svg>, <math>) is read as HTML; the sanitizer
// removes it anyway.

interface Rewrite {
  /** A run of text (the data state): returns its replacement. */
  text(text: string): string;
  /** The value of a `src` attribute: returns the new value (written double-quoted), or undefined to keep it. */
  src(value: string): string | undefined;
}

const SPACE = /[\t\n\f\r ]/;
const LETTER = /[a-zA-Z]/;
/** Elements whose content is text up to their end tag, never markup. */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'textarea', 'title']);

function scanHtml(html: string, rewrite: Rewrite): string {
  let out = '';
  let i = 0; // everything before i is in out
  let textFrom = 0;
  const flushText = (to: number) => {
    if (to > textFrom) out += rewrite.text(html.slice(textFrom, to));
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html[lt + 1] ?? '';
    if (LETTER.test(next)) {
      const tag = readTag(html, lt + 1, rewrite);
      flushText(lt);
      out += tag.text;
      i = tag.end;
      if (tag.end >= html.length || tag.unfinished) {
        textFrom = i = html.length;
        break;
      }
      if (RAW_TEXT.has(tag.name) || tag.name === 'plaintext') {
        const end = tag.name === 'plaintext' ? html.length : rawTextEnd(html, i, tag.name);
        out += html.slice(i, end);
        i = end;
      }
      textFrom = i;
    } else if (next === '/' && LETTER.test(html[lt + 2] ?? '')) {
      // An end tag: its attributes (allowed, ignored) may hold a quoted `>`.
      const tag = readTag(html, lt + 2, { text: (t) => t, src: () => undefined });
      flushText(lt);
      out += tag.text;
      textFrom = i = tag.end;
    } else if (next === '!' || next === '?' || next === '/') {
      const end = html.startsWith('<!--', lt) ? commentEnd(html, lt + 4) : markupEnd(html, lt + 2);
      flushText(lt);
      out += html.slice(lt, end);
      textFrom = i = end;
    } else {
      i = lt + 1; // a lone `<` is text
    }
  }
  flushText(html.length);
  return out;
}

/** From just after `<` (or `</`): the tag as rewritten, its lower-case name and where it ends. */
function readTag(html: string, start: number, rewrite: Rewrite): { text: string; name: string; end: number; unfinished: boolean } {
  let j = start;
  while (j < html.length && !SPACE.test(html[j]!) && html[j] !== '/' && html[j] !== '>') j++;
  const name = html.slice(start, j).toLowerCase();
  let out = html.slice(start - 1 - (html[start - 1] === '/' ? 1 : 0), j);
  for (;;) {
    const from = j;
    while (j < html.length && (SPACE.test(html[j]!) || html[j] === '/')) j++;
    if (j >= html.length) return { text: out + html.slice(from), name, end: html.length, unfinished: true };
    if (html[j] === '>') return { text: out + html.slice(from, j + 1), name, end: j + 1, unfinished: false };
    // An attribute: its name (which may start with `=`), then maybe `=` and a value.
    const nameStart = j;
    j++;
    while (j < html.length && !SPACE.test(html[j]!) && !'/>='.includes(html[j]!)) j++;
    const attribute = html.slice(nameStart, j).toLowerCase();
    let k = j;
    while (k < html.length && SPACE.test(html[k]!)) k++;
    if (html[k] !== '=') {
      out += html.slice(from, j);
      continue;
    }
    k++;
    while (k < html.length && SPACE.test(html[k]!)) k++;
    const quote = html[k];
    let valueStart = k;
    let valueEnd: number;
    let after: number;
    if (quote === '"' || quote === "'") {
      valueStart = k + 1;
      valueEnd = html.indexOf(quote, valueStart);
      if (valueEnd < 0) return { text: out + html.slice(from), name, end: html.length, unfinished: true };
      after = valueEnd + 1;
    } else {
      valueEnd = k;
      while (valueEnd < html.length && !SPACE.test(html[valueEnd]!) && html[valueEnd] !== '>') valueEnd++;
      after = valueEnd;
    }
    const replaced = attribute === 'src' && valueEnd > valueStart ? rewrite.src(html.slice(valueStart, valueEnd)) : undefined;
    out += replaced === undefined ? html.slice(from, after) : `${html.slice(from, k)}"${replaced}"`;
    j = after;
  }
}

/** Where the raw text of `name` that starts at `from` ends: at its end tag, or the end of the input. */
function rawTextEnd(html: string, from: number, name: string): number {
  const lower = html.toLowerCase();
  let at = from;
  for (;;) {
    at = lower.indexOf(`</${name}`, at);
    if (at < 0) return html.length;
    const after = html[at + 2 + name.length];
    if (after === undefined || SPACE.test(after) || after === '/' || after === '>') return at;
    at += 2;
  }
}

/** Just after a comment whose text starts at `from` (`-->`, `--!>`, or `<!-->`/`<!--->` at once). */
function commentEnd(html: string, from: number): number {
  if (html[from] === '>') return from + 1;
  if (html.startsWith('->', from)) return from + 2;
  for (let at = from; at < html.length; at++) {
    if (html.startsWith('-->', at)) return at + 3;
    if (html.startsWith('--!>', at)) return at + 4;
  }
  return html.length;
}

/** Just after a bogus comment or declaration (`<!DOCTYPE ...>`, `<?...>`, `</ ...>`): its first `>`. */
function markupEnd(html: string, from: number): number {
  const gt = html.indexOf('>', from);
  return gt < 0 ? html.length : gt + 1;
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
