// Builds the tiny bundled CJK font: exactly the CJK characters that decks/*.json use, cut out of Noto Sans SC,
// so that they render on machines without a CJK font while the app still fetches nothing from the network.
//
//   npm install --no-save @fontsource/noto-sans-sc@5.3.0 subset-font@2.9.0
//   node scripts/cjk-font.mjs
//
// Neither package is a project dependency (the font package is 74 MB): install them only to run this script.
// Writes into src/renderer/src/fonts/: cjk-<weight>-<chunk>.woff2, cjk.css (one @font-face per file, its
// unicode-range exactly the characters that file covers), cjk-chars.txt (the characters, one line) and OFL.txt.
// tests/unit/fonts.test.ts fails when a deck gains a CJK character that the manifest lacks.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const DECKS = join(ROOT, 'decks');
const OUT = join(ROOT, 'src/renderer/src/fonts');
const FONT_PACKAGE = '@fontsource/noto-sans-sc';
const FONT_VERSION = '5.3.0';
const SUBSET_PACKAGE = 'subset-font';
const SUBSET_VERSION = '2.9.0';
const WEIGHTS = [400, 700];

/**
 * What counts as a CJK character: CJK radicals, CJK symbols and punctuation, kana, bopomofo, enclosed CJK and
 * compatibility, Han (extension A, unified, compatibility ideographs, extensions B and later), halfwidth and
 * fullwidth forms. tests/unit/fonts.test.ts uses the same ranges.
 */
const CJK_RE =
  /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3134f}]/gu;

const INSTALL_HINT = `  npm install --no-save ${FONT_PACKAGE}@${FONT_VERSION} ${SUBSET_PACKAGE}@${SUBSET_VERSION}\n  node scripts/cjk-font.mjs`;

function fail(message) {
  console.error(`cjk-font: ${message}`);
  process.exit(1);
}

/** Every CJK character in the decks' string values (keys too), sorted by code point. */
function deckCharacters() {
  const found = new Set();
  const walk = (value) => {
    if (typeof value === 'string') for (const ch of value.match(CJK_RE) ?? []) found.add(ch);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        walk(key);
        walk(inner);
      }
  };
  for (const name of readdirSync(DECKS).sort()) {
    if (!name.endsWith('.json') || name.endsWith('.schema.json')) continue;
    const text = readFileSync(join(DECKS, name), 'utf8').replace(/^\uFEFF/, '');
    try {
      walk(JSON.parse(text));
    } catch (error) {
      fail(`decks/${name} is not valid JSON: ${error.message}`);
    }
  }
  return [...found].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
}

/** Parses `U+4e00-9fff, U+3001` into [from, to] pairs. */
function parseUnicodeRange(text) {
  return text.split(',').map((part) => {
    const m = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m) throw new Error(`unexpected unicode-range part: ${part}`);
    if (m[1].includes('?')) return [parseInt(m[1].replace(/\?/g, '0'), 16), parseInt(m[1].replace(/\?/g, 'f'), 16)];
    return [parseInt(m[1], 16), parseInt(m[2] ?? m[1], 16)];
  });
}

/** The package's @font-face chunks for one weight: [{ chunk, file, ranges }]. */
function fontsourceChunks(packageDir, weight) {
  const css = readFileSync(join(packageDir, `${weight}.css`), 'utf8');
  const chunks = [];
  for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
    if (!/font-style:\s*normal/.test(block)) continue;
    const url = /url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;}]+)/.exec(block)?.[1];
    if (!url || !range) continue;
    const chunk = /noto-sans-sc-(.+)-\d+-normal\.woff2$/.exec(url)?.[1];
    if (!chunk) throw new Error(`unexpected file name in ${weight}.css: ${url}`);
    chunks.push({ chunk, file: join(packageDir, url), ranges: parseUnicodeRange(range) });
  }
  if (chunks.length === 0) throw new Error(`no @font-face blocks found in ${packageDir}/${weight}.css`);
  return chunks;
}

/** Assigns each character to one chunk, preferring as few chunks as possible (greedy set cover). */
function assignChunks(chars, chunks) {
  const covers = (chunk, ch) => {
    const cp = ch.codePointAt(0);
    return chunk.ranges.some(([from, to]) => cp >= from && cp <= to);
  };
  const missing = chars.filter((ch) => !chunks.some((chunk) => covers(chunk, ch)));
  if (missing.length) throw new Error(`Noto Sans SC has no glyph for: ${missing.join(' ')}`);
  const assigned = new Map();
  let left = chars;
  while (left.length) {
    let best = null;
    let bestChars = [];
    for (const chunk of chunks) {
      const mine = left.filter((ch) => covers(chunk, ch));
      if (mine.length > bestChars.length) [best, bestChars] = [chunk, mine];
    }
    assigned.set(best, bestChars);
    left = left.filter((ch) => !bestChars.includes(ch));
  }
  return [...assigned].sort(([a], [b]) => a.chunk.localeCompare(b.chunk, 'en', { numeric: true }));
}

/** Code points mapped to a glyph by an sfnt's cmap (formats 4 and 12), to check the subset really has them. */
function cmapCodePoints(sfnt) {
  const data = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const numTables = data.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    if (String.fromCharCode(...sfnt.subarray(rec, rec + 4)) === 'cmap') cmap = data.getUint32(rec + 8);
  }
  if (cmap < 0) throw new Error('subset font has no cmap table');
  const points = new Set();
  const subtables = data.getUint16(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const at = cmap + data.getUint32(cmap + 4 + 8 * i + 4);
    const format = data.getUint16(at);
    if (format === 4) {
      const segs = data.getUint16(at + 6) / 2;
      const ends = at + 14;
      const starts = ends + 2 * segs + 2;
      const deltas = starts + 2 * segs;
      const offsets = deltas + 2 * segs;
      for (let s = 0; s < segs; s++) {
        const end = data.getUint16(ends + 2 * s);
        const start = data.getUint16(starts + 2 * s);
        const delta = data.getInt16(deltas + 2 * s);
        const rangeOffset = data.getUint16(offsets + 2 * s);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph;
          if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
          else {
            const g = data.getUint16(offsets + 2 * s + rangeOffset + 2 * (c - start));
            glyph = g === 0 ? 0 : (g + delta) & 0xffff;
          }
          if (glyph !== 0) points.add(c);
        }
      }
    } else if (format === 12) {
      const groups = data.getUint32(at + 12);
      for (let g = 0; g < groups; g++) {
        const rec = at + 16 + 12 * g;
        const start = data.getUint32(rec);
        const end = data.getUint32(rec + 4);
        const glyph = data.getUint32(rec + 8);
        for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) points.add(c);
      }
    }
  }
  return points;
}

/** `U+4e9a, U+5316-5317`: consecutive code points merged into ranges. */
function formatUnicodeRange(chars) {
  const cps = chars.map((ch) => ch.codePointAt(0)).sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j] + 1) j++;
    const hex = (cp) => cp.toString(16).padStart(4, '0');
    parts.push(i === j ? `U+${hex(cps[i])}` : `U+${hex(cps[i])}-${hex(cps[j])}`);
    i = j + 1;
  }
  return parts.join(', ');
}

async function main() {
  const require = createRequire(import.meta.url);
  let packageDir;
  let subsetFont;
  try {
    packageDir = dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
    subsetFont = require(SUBSET_PACKAGE);
  } catch {
    console.error(
      `cjk-font: ${FONT_PACKAGE} and ${SUBSET_PACKAGE} are needed but not installed (they are not project\n` +
        `dependencies). Install them without touching package.json or package-lock.json, then run this again:\n\n${INSTALL_HINT}\n`,
    );
    process.exit(1);
  }
  const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  if (version !== FONT_VERSION) console.warn(`cjk-font: warning: ${FONT_PACKAGE} is ${version}, this script was written for ${FONT_VERSION}`);

  const chars = deckCharacters();
  mkdirSync(OUT, { recursive: true });
  for (const name of readdirSync(OUT)) if (/^cjk-.*\.woff2$/.test(name)) rmSync(join(OUT, name));

  const faces = [];
  const files = [];
  for (const weight of WEIGHTS) {
    for (const [chunk, mine] of assignChunks(chars, fontsourceChunks(packageDir, weight))) {
      const source = readFileSync(chunk.file);
      const text = mine.join('');
      const sfnt = await subsetFont(source, text, { targetFormat: 'sfnt' });
      const have = cmapCodePoints(sfnt);
      const lost = mine.filter((ch) => !have.has(ch.codePointAt(0)));
      if (lost.length) throw new Error(`subset of ${chunk.file} lacks glyphs for: ${lost.join(' ')}`);
      const woff2 = await subsetFont(source, text, { targetFormat: 'woff2' });
      const name = `cjk-${weight}-${chunk.chunk}.woff2`;
      writeFileSync(join(OUT, name), woff2);
      files.push(`${name} ${woff2.length} bytes (${text})`);
      // ?no-inline: Vite would otherwise inline a file this small as a data: URL, which font-src 'self' blocks.
      faces.push(
        `@font-face {\n  font-family: 'Retain CJK';\n  src: url('./${name}?no-inline') format('woff2');\n  font-weight: ${weight};\n` +
          `  font-style: normal;\n  unicode-range: ${formatUnicodeRange(mine)};\n  font-display: block;\n}\n`,
      );
    }
  }

  writeFileSync(
    join(OUT, 'cjk.css'),
    `/* Generated by scripts/cjk-font.mjs from ${FONT_PACKAGE}@${version} (Noto Sans SC, SIL OFL 1.1: OFL.txt). Do not edit:\n` +
      `   the CJK characters of decks/*.json (cjk-chars.txt), for machines without a CJK font. To regenerate:\n` +
      `${INSTALL_HINT.replace(/^ {2}/gm, '     ')} */\n` +
      faces.join(''),
  );
  writeFileSync(join(OUT, 'cjk-chars.txt'), `${chars.join('')}\n`);
  copyFileSync(join(packageDir, 'LICENSE'), join(OUT, 'OFL.txt'));

  console.log(`cjk-font: ${chars.length} characters: ${chars.join('') || '(none)'}`);
  for (const line of files) console.log(`  ${line}`);
}

main().catch((error) => fail(error.stack ?? String(error)));
