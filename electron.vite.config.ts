import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './src/core/csp';

// RETAIN_OUT builds elsewhere than out/ (two builds side by side; the e2e tests read the same variable).
const OUT = process.env['RETAIN_OUT'] ?? 'out';

const version = (JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string }).version;

// The page's CSP comes from src/core/csp.ts, the same policy the main process sends as a header. The dev server
// needs inline styles and its websocket, so it gets the dev variant.
function contentSecurityPolicy(): Plugin {
  let policy = META_CONTENT_SECURITY_POLICY;
  return {
    name: 'retain-csp',
    configResolved(config) {
      const port = config.server.port ?? 5173;
      if (config.command === 'serve') policy = devContentSecurityPolicy(`http://localhost:${port}`);
    },
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }];
    },
  };
}

// One build for both targets: out/main and out/preload run in Electron; out/renderer is the same app that
// `npm run web` and the end-to-end tests serve over http to a plain browser.
export default defineConfig({
  main: {
    build: { outDir: `${OUT}/main`, rollupOptions: { input: resolve(__dirname, 'src/main/index.ts') } },
  },
  preload: {
    build: {
      outDir: `${OUT}/preload`,
      // A sandboxed preload must be CommonJS and may only require 'electron'.
      rollupOptions: {
        input: resolve(__dirname, 'src/preload/index.ts'),
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [svelte({ configFile: resolve(__dirname, 'svelte.config.js') }), contentSecurityPolicy()],
    define: { __APP_VERSION__: JSON.stringify(version) },
    build: {
      // electron-vite leaves the renderer unminified; a smaller bundle parses faster at every start.
      minify: true,
      outDir: `${OUT}/renderer`,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
