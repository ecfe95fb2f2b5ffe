// Builds the benchmark's page (out/bench), which generates collections and writes them with the app's own storage
// code. It is served from the same origin as the app (out/renderer), so both see the same IndexedDB.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname, 'page'),
  base: './',
  logLevel: 'warn',
  build: { outDir: resolve(import.meta.dirname, '../../out/bench'), emptyOutDir: true, target: 'es2022' },
});
