// The direction of imports, enforced: a rule that only lives in a document erodes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
}

const rel = (file: string) => relative(ROOT, file);

describe('src/core is the pure domain', () => {
  const files = sourceFiles(join(ROOT, 'src/core'));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('imports only other core modules, ts-fsrs and small pure libraries (no Electron, DOM, Dexie or Svelte)', () => {
    // fflate (zip) and fzstd (zstd) are pure JavaScript with no I/O: the import parsers need them. valibot checks
    // the records of a backup file.
    const libraries = ['ts-fsrs', 'fflate', 'fzstd', 'valibot'];
    const core = join(ROOT, 'src/core');
    const insideCore = (file: string, spec: string) =>
      spec.startsWith('.') && !relative(core, resolve(dirname(file), spec)).startsWith('..');
    const bad = files.flatMap((f) =>
      importsOf(f)
        .filter((spec) => !(insideCore(f, spec) || libraries.includes(spec)))
        .map((spec) => `${rel(f)} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('never reads the clock: time is always an argument', () => {
    const bad = files.filter((f) => /\bDate\.now\(|new Date\(\s*\)/.test(readFileSync(f, 'utf8'))).map(rel);
    expect(bad).toEqual([]);
  });
});

describe('layers', () => {
  const renderer = sourceFiles(join(ROOT, 'src/renderer/src'));

  it('only the platform module touches the preload bridge (window.api)', () => {
    const bad = renderer
      .filter((f) => !rel(f).startsWith('src/renderer/src/platform/'))
      .filter((f) => /\bwindow\.api\b|globalThis\.api\b|\bapi\?\.\w|\(globalThis as/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(bad).toEqual([]);
  });

  it('only storage/ uses Dexie, and screens do not reach into storage', () => {
    const bad = renderer.flatMap((f) =>
      importsOf(f)
        .filter((spec) =>
          rel(f).startsWith('src/renderer/src/storage/')
            ? false
            : spec === 'dexie' || (rel(f).startsWith('src/renderer/src/features/') && spec.includes('/storage/')),
        )
        .map((spec) => `${rel(f)} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('screens (features/) draw state: they import neither storage nor the platform bridge', () => {
    const bad = renderer
      .filter((f) => rel(f).startsWith('src/renderer/src/features/'))
      .flatMap((f) =>
        importsOf(f)
          .filter((spec) => /\/(storage|platform)(\/|$)/.test(spec) || spec === 'dexie')
          .map((spec) => `${rel(f)} imports ${spec}`),
      );
    expect(bad).toEqual([]);
  });

  it('the main process and the preload never import renderer code', () => {
    const files = [...sourceFiles(join(ROOT, 'src/main')), ...sourceFiles(join(ROOT, 'src/preload'))];
    const bad = files.flatMap((f) => importsOf(f).filter((s) => s.includes('renderer')).map((s) => `${rel(f)} imports ${s}`));
    expect(bad).toEqual([]);
  });
});
