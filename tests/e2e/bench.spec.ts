// The benchmark keeps working: a tiny run (200 cards, 1,500 reviews, 20 ratings; imports of 2,000 cards instead of
// 100,000) through the same script as `npm run bench`, checking that every figure comes out. No timing is asserted:
// these machines are shared and noisy.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test('npm run bench produces every figure (tiny collection)', async () => {
  test.setTimeout(180_000);
  expect(existsSync(join(ROOT, 'out/bench/index.html')), 'build the bench page first: npm run build:bench').toBe(true);
  const dir = mkdtempSync(join(tmpdir(), 'retain-bench-test-'));
  const out = join(dir, 'bench.json');
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [
      'scripts/bench.mjs', '--sizes', 'tiny', '--steps', '20', '--import-size', '2000', '--schema-floor', '--out', out,
    ], {
      cwd: ROOT,
      timeout: 170_000,
    });
    expect(stdout).toContain('| figure');
    const figures = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number>;
    // optimize_ms needs the optimizer's native package, an optional dependency: where it is absent, the benchmark
    // says it skipped the figure.
    const optimizer = (await import(join(ROOT, 'out/bench-node/optimizer.js'))) as { loadBinding(): { ok: boolean; reason?: string } };
    const binding = optimizer.loadBinding();
    if (binding.ok) expect(stderr).toMatch(/optimize: \d+ items from \d+ reviews/);
    else expect(stderr).toContain('optimize: skipped');
    for (const name of [
      'write_ms', 'floor_ms', 'write_ratio', 'deck_list_ms', 'startup_ms', 'cold_startup_ms', 'review_step_p50_ms',
      'review_step_p95_ms', 'review_step_frame_p50_ms', 'review_step_frame_p95_ms', 'heap_mb', 'stats_ms',
      'browse_open_ms', 'search_ms', 'browse_sort_ms', 'browse_reopen_ms', ...(binding.ok ? ['optimize_ms'] : []),
    ]) {
      const value = figures[`tiny.${name}`];
      expect(Number.isFinite(value) && value! > 0, `tiny.${name} = ${value}`).toBe(true);
    }
    const firstFrame = figures['tiny.review_step_first_frame_pct'];
    expect(firstFrame !== undefined && firstFrame >= 0 && firstFrame <= 100, `first frame share ${firstFrame}`).toBe(true);
    // The keypress comes before the question is in the DOM, and that before (or in) the frame that shows it.
    expect(figures['tiny.review_step_p50_ms']!).toBeLessThanOrEqual(figures['tiny.review_step_frame_p50_ms']!);
    // The import figures do not depend on the collection's size: no size in their names.
    expect(stdout).toContain('import_colpkg_ratio');
    for (const name of [
      'import_csv_100k_ms', 'import_csv_100k_ratio', 'import_csv_100k_schema_ratio',
      'import_colpkg_ms', 'import_colpkg_ratio', 'import_colpkg_schema_ratio',
    ]) {
      const value = figures[name];
      expect(Number.isFinite(value) && value! > 0, `${name} = ${value}`).toBe(true);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
