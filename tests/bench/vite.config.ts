// Builds the benchmark's page (out/bench), which generates collections and writes them with the app's own storage
// code, and generates files to import and imports them with the app's own import code. It is served from the same
// origin as the app (out/renderer), so both see the same IndexedDB.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The Anki fixture builders (tests/fixtures/anki) also serve the Node tests; the Node modules they import are
// stand-ins here, which throw if called.
const nodeOnly = resolve(import.meta.dirname, 'page/node-only.ts');

export default defineConfig({
  root: resolve(import.meta.dirname, 'page'),
  base: './',
  logLevel: 'warn',
  resolve: { alias: { 'node:crypto': nodeOnly, 'node:fs': nodeOnly, 'node:module': nodeOnly } },
  build: { outDir: resolve(import.meta.dirname, '../../out/bench'), emptyOutDir: true, target: 'es2022' },
});
