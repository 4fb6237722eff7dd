import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { pureTopLevel } from './scripts/pure-top-level.js';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/**
 * What every library entry (clvkit, clvkit/node, clvkit/special, clvkit/report) shares: ESM + CJS + declarations,
 * no source maps. `clean` is off: dist is emptied once by the build script, as parallel configs must not clean
 * each other's output.
 */
const library = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  clean: false,
  target: 'node20',
  splitting: false,
  treeshake: true,
} satisfies Options;

/**
 * Modules the spreadsheet build leaves out, each with the stand-in it takes instead (whose every export throws a
 * ClvError), so that the Apps Script file stays within 200 KB (issue #13):
 * - the merge of spilled runs: no spreadsheet function spills a summary to disk;
 * - the joint engine of the money verbs: CLV_PREDICT_INTERVAL asks for no sums over customers;
 * - the path-sampler histories of the per-customer engine and the BG family's draw-by-draw samplers: the
 *   spreadsheet's BG/NBD draws from its scaled paths.
 * - the BG family's customer simulator and its probability of n purchases: no spreadsheet function simulates
 *   customers or asks for that probability.
 * - the discounted expected residual purchases of the BG family and the Pareto/NBD (their quadrature and series):
 *   no spreadsheet function asks for them.
 * - a summary's cohort tables: no spreadsheet function asks for them.
 */
const SHEETS_LEFT_OUT: readonly (readonly [RegExp, string])[] = [
  [/\/mergeSortedRuns\.js$/, 'src/sheets/noSpillMerge.ts'],
  [/\/simulateJointValue\.js$/, 'src/sheets/noSumsOverCustomers.ts'],
  [/\/samplerHistoryDraws\.js$/, 'src/sheets/noPathSamplerHistories.ts'],
  [/\/betaGeo\/futurePurchaseDraws\.js$/, 'src/sheets/noBetaGeoSamplers.ts'],
  [/\/simulate\/betaGeo\.js$/, 'src/sheets/noCustomerSimulation.ts'],
  [/\/betaGeo\/conditionalPmf\.js$/, 'src/sheets/noConditionalPmf.ts'],
  [/\/(betaGeo|paretoNbd)\/residualPurchases\.js$/, 'src/sheets/noResidualPurchases.ts'],
  [/\/summaryCohorts\.js$/, 'src/sheets/noCohorts.ts'],
];

const sheetsLeaveOut: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'sheets-leave-out',
  setup(build) {
    for (const [filter, standIn] of SHEETS_LEFT_OUT)
      build.onResolve({ filter }, () => ({ path: resolve(standIn) }));
  },
};

/**
 * For the entries beside the core (clvkit/special, clvkit/report): the error classes come from 'clvkit' (one copy,
 * so `instanceof ClvValidationError` holds across the entries); the pure helpers of src/errors.ts (makeIssue,
 * describeReceived, printedIssue, thrownMessage) are bundled. `classes`: the error classes the entry uses.
 */
const errorsFromClvkit = (classes: readonly string[]): NonNullable<Options['esbuildPlugins']>[number] => ({
  name: 'clvkit-errors-external',
  setup(build) {
    build.onResolve({ filter: /^clvkit$/ }, () => ({ path: 'clvkit', external: true }));
    build.onResolve({ filter: /\/errors\.js$/ }, (args) =>
      args.importer.includes('/src/') ? { path: 'errors', namespace: 'clvkit-errors' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'clvkit-errors' }, () => ({
      contents: `export { ${classes.join(', ')} } from 'clvkit';\nexport { describeReceived, makeIssue, printedIssue, thrownMessage } from ${JSON.stringify(`${process.cwd()}/src/errors.ts`)};\n`,
      resolveDir: process.cwd(),
      loader: 'ts',
    }));
  },
});

export default defineConfig([
  {
    // The pure core: ESM + CJS + declarations.
    ...library,
    entry: { index: 'src/index.ts' },
    // Top-level constants marked pure, so importing one formula bundles only what it reaches (issue #13).
    esbuildPlugins: [pureTopLevel(`${process.cwd()}/src`)],
  },
  {
    // clvkit/report: the report's charts (data in, SVG out), pure: ESM + CJS + declarations. Its input schemas
    // bundle the core's validation helpers; top-level constants marked pure, so only what they reach is kept.
    ...library,
    entry: { report: 'src/report/index.ts' },
    esbuildPlugins: [
      errorsFromClvkit(['ClvError', 'ClvValidationError']),
      pureTopLevel(`${process.cwd()}/src`),
    ],
  },
  {
    // clvkit/special: the special functions (log-gamma, digamma, …), pure float64: ESM + CJS + declarations.
    ...library,
    entry: { special: 'src/special.ts' },
    esbuildPlugins: [errorsFromClvkit(['ClvFitError', 'ClvValidationError'])],
  },
  {
    // clvkit/node (issue #7): the SQL engine runners; drivers stay external (optional peers, imported when used).
    ...library,
    entry: { node: 'src/node/index.ts' },
    platform: 'node',
    // import.meta.url in the CJS build too (fitThreads finds its worker file next to the entry).
    shims: true,
    external: ['@duckdb/node-api', 'pg', '@clickhouse/client'],
    // The core is imported from 'clvkit' (a self-reference), not bundled again: one copy of the error
    // classes and Decimal, so `instanceof ClvValidationError` holds across both entries. The error classes come
    // from 'clvkit' for the core's helpers it bundles too (src/schemas: the option checks).
    esbuildPlugins: [
      errorsFromClvkit(['ClvEngineError', 'ClvError', 'ClvValidationError']),
      {
        name: 'clvkit-core-external',
        setup(build) {
          build.onResolve({ filter: /^\.\.\/(sql|transactions|errors|money|models)/ }, (args) =>
            args.importer.includes('/src/node/') ? { path: 'clvkit', external: true } : undefined,
          );
        },
      },
    ],
  },
  {
    // The worker threads, each one ESM file loaded from next to the module that starts it (only numbers and
    // bytes cross between threads):
    // - fitThreadWorker: clvkit/node's fitThreads and predictOnThreads, with its own copy of the core; loaded by
    //   the ESM and the CJS build of clvkit/node and by the CLI;
    // - parseWorker: the CLI reader's (src/cli/ingest/lineParser.ts), parsing blocks of lines while the reader
    //   applies the ones before;
    // - figureRowsWorker: the CLI's (src/cli/writeFigureRows.ts), printing blocks of score rows as CSV while the
    //   command gathers the next ones.
    entry: {
      fitThreadWorker: 'src/node/fitThreadWorker.ts',
      parseWorker: 'src/cli/ingest/parseWorker.ts',
      figureRowsWorker: 'src/cli/figureRowsWorker.ts',
    },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    minify: true,
    splitting: false,
    sourcemap: false,
    clean: false,
  },
  {
    // The Node CLI (bin `clvkit`): one ESM file with the core bundled in. Whitespace and syntax minified, names
    // kept (identifiers are not minified: a stack trace still names the function).
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    esbuildOptions(options) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
    },
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
    // Minified (the file is pasted into the Apps Script editor); the @customfunction wrappers with their JSDoc
    // are written around it, unminified, by scripts/build-sheets.ts.
    minify: true,
    splitting: false,
    sourcemap: false,
    clean: false,
    // The spreadsheet functions run the model verbs over SHEET_MODELS (src/sheets/models.ts) and import nothing
    // that reaches src/models/registry.ts, so this file carries BG/NBD and Gamma-Gamma and no other model's
    // kernels (issue #13, 200 KB; test/bundle/sheetsModels.test.ts).
    esbuildPlugins: [sheetsLeaveOut],
  },
]);
