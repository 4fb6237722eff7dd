import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig([
  {
    // The pure core: ESM + CJS + declarations.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
  },
  {
    // clvkit/node (issue #7): the SQL engine runners; drivers stay external (optional peers, imported when used).
    entry: { node: 'src/node/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    clean: false,
    splitting: false,
    treeshake: true,
    external: ['@duckdb/node-api', 'pg'],
    // The core is imported from 'clvkit' (a self-reference), not bundled again: one copy of the error
    // classes and Decimal, so `instanceof ClvValidationError` holds across both entries.
    esbuildPlugins: [
      {
        name: 'clvkit-core-external',
        setup(build) {
          build.onResolve({ filter: /^\.\.\/(sql|transactions|errors|money)/ }, (args) =>
            args.importer.includes('/src/node/') ? { path: 'clvkit', external: true } : undefined,
          );
        },
      },
    ],
  },
  {
    // The Node CLI (bin `clvkit`): one ESM file with the core bundled in.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { CLVKIT_VERSION: JSON.stringify(version) },
    splitting: false,
    sourcemap: false,
    clean: false,
  },
  {
    // The spreadsheet functions: one browser-safe IIFE (global ClvKitSheets) with the core bundled in; the
    // Apps Script and Excel files are generated around it by scripts/build-sheets.ts.
    entry: { 'clvkit-sheets': 'src/sheets/index.ts' },
    outDir: 'dist/sheets',
    format: ['iife'],
    globalName: 'ClvKitSheets',
    platform: 'browser',
    target: 'es2019',
    minify: false,
    splitting: false,
    sourcemap: false,
    clean: false,
  },
]);
