// The bundled CJK subset font (src/renderer/src/fonts/, made by scripts/cjk-font.mjs) must cover every CJK
// character the bundled decks use: on a machine without a CJK font, anything it lacks renders as a box.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const FONTS = join(ROOT, 'src/renderer/src/fonts');
const REGENERATE =
  'npm install --no-save @fontsource/noto-sans-sc@5.3.0 subset-font@2.9.0 && node scripts/cjk-font.mjs';

// The same ranges as scripts/cjk-font.mjs.
const CJK_RE =
  /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3134f}]/gu;

function deckCharacters(): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') for (const ch of value.match(CJK_RE) ?? []) found.add(ch);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        walk(key);
        walk(inner);
      }
  };
  const dir = join(ROOT, 'decks');
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json') || name.endsWith('.schema.json')) continue;
    walk(JSON.parse(readFileSync(join(dir, name), 'utf8').replace(/^\uFEFF/, '')));
  }
  return found;
}

const manifest = new Set(readFileSync(join(FONTS, 'cjk-chars.txt'), 'utf8').trim());
const css = readFileSync(join(FONTS, 'cjk.css'), 'utf8');
const faces = [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map((m) => {
  const body = m[1]!;
  return {
    file: /url\(\s*['"]?\.\/([^'"?)]+)/.exec(body)?.[1],
    family: /font-family:\s*([^;]+);/.exec(body)?.[1]?.trim(),
    weight: /font-weight:\s*(\d+)/.exec(body)?.[1],
    range: /unicode-range:\s*([^;]+);/.exec(body)?.[1],
  };
});

/** The code points of a unicode-range value such as `U+4e9a, U+5316-5317`. */
function codePoints(range: string): number[] {
  return range.split(',').flatMap((part) => {
    const m = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m) throw new Error(`cannot read unicode-range part "${part}"`);
    const from = parseInt(m[1]!, 16);
    const to = parseInt(m[2] ?? m[1]!, 16);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

describe('bundled CJK font', () => {
  it('covers every CJK character in decks/*.json', () => {
    const missing = [...deckCharacters()].filter((ch) => !manifest.has(ch));
    expect(
      missing,
      `CJK characters in decks/*.json missing from src/renderer/src/fonts/cjk-chars.txt: ${missing.join(' ')}. ` +
        `Rebuild the font: ${REGENERATE}`,
    ).toEqual([]);
  });

  it('declares Retain CJK faces in weights 400 and 700', () => {
    if (manifest.size === 0) return expect(faces).toEqual([]);
    for (const face of faces) expect(face.family).toBe("'Retain CJK'");
    expect(new Set(faces.map((f) => f.weight))).toEqual(new Set(['400', '700']));
  });

  it('ships each woff2 that cjk.css references, small and really woff2', () => {
    for (const face of faces) {
      expect(face.file, 'an @font-face without a ./file.woff2 url').toMatch(/\.woff2$/);
      const path = join(FONTS, face.file!);
      expect(existsSync(path), `${face.file} is missing; ${REGENERATE}`).toBe(true);
      expect(readFileSync(path).subarray(0, 4).toString('latin1'), face.file).toBe('wOF2');
      expect(statSync(path).size, face.file).toBeLessThan(100 * 1024);
    }
  });

  it("has unicode-ranges that cover exactly the manifest's characters, in each weight", () => {
    const wanted = [...manifest].map((ch) => ch.codePointAt(0)!).sort((a, b) => a - b);
    for (const weight of ['400', '700']) {
      const covered = faces.filter((f) => f.weight === weight).flatMap((f) => codePoints(f.range ?? ''));
      expect(covered.length, `weight ${weight}: a code point is in two faces`).toBe(new Set(covered).size);
      expect(covered.sort((a, b) => a - b), `weight ${weight}`).toEqual(wanted);
    }
  });

  it('ships the font licence', () => {
    expect(readFileSync(join(FONTS, 'OFL.txt'), 'utf8')).toContain('SIL OPEN FONT LICENSE Version 1.1');
  });
});
