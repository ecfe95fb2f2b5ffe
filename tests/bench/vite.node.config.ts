// Builds the benchmark's Node half that is TypeScript (out/bench-node/optimizer.js): the app's own optimizer module
// (src/main/optimizer.ts), which `npm run bench` runs on the large collection's history for large.optimize_ms. The
// binding stays outside the bundle: it is loaded at run time, as in the app.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  build: {
    ssr: resolve(import.meta.dirname, '../../src/main/optimizer.ts'),
    outDir: resolve(import.meta.dirname, '../../out/bench-node'),
    emptyOutDir: true,
    target: 'node20',
  },
});
