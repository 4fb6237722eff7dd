/**
 * What the tarball holds (`npm pack --dry-run`): only what users need, every link of its documents resolving
 * inside it, and a size ceiling.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmPack, ROOT } from './packed.js';

/**
 * The packed tarball's ceiling: 1.27 MB before issue 13 (1.5 MB of source maps, a 1.07 MB intermediate); raised
 * from 800,000 for issue 18's fit worker (dist/fitThreadWorker.js, its own copy of the core: ~21 KB gzipped), then
 * from 830,000 for issue 18's spill to disk (the run writing and k-way merge in the core's five copies — ESM, CJS,
 * the CLI, Apps Script, Excel —, clvkit/node's temporaryRunStore, their declarations and docs: ~24.5 KB gzipped),
 * then from 855,000 for issue 14's one-read DuckDB summary (summaryWithDaysSql, the typed amount rule; 856,108 bytes),
 * then from 870,000 for issue 18's second core in the CLI and clvkit/node: the reader's parse worker
 * (dist/parseWorker.js, ~2.5 KB gzipped) and predictOnThreads, whose slices the fit worker predicts (the model CLV
 * and P(alive) code in its copy of the core: ~3.3 KB gzipped; 873,179 bytes), then from 880,000 for the Pareto/NBD
 * tail's quadrature bridge and the bootstrap of every model (#16) in the core's copies, with their docs and
 * changelog (881,116 bytes), then from 890,000 for issue 18's score rows printed on the second core (the
 * printing worker dist/figureRowsWorker.js, ~2.6 KB gzipped, the ring writer in the CLI, the typed order in the
 * core's copies, their docs and changelog; 890,275 bytes), then from 900,000 for issue 16's scaled paths of the
 * per-customer intervals (the shared-variate engine, the sorted selection and the models' scaled kernels in the
 * core's copies — index.js and index.cjs +11.8 KB each unminified, the CLI +7.5 KB —, their docs and changelog;
 * 893,821 → 904,482 bytes before the docs; 912,875 with them and issue 14's DuckDB rework), then from 915,000 for
 * issue 16's engine as classes compiled once per process (the random source, the scaled paths, the spend values,
 * the kinetic selection: `this.` where closures had local names, in the core's copies; 915,064 bytes), then from
 * 920,000 for issue 14's checked entries beside the core: clvkit/report's input schemas, with the core's validation
 * helpers bundled (report.js and report.cjs 15 → 28 KB, ~4 KB gzipped each), clvkit/special's checked forms
 * (927,213 bytes), and clvkit/node's option checks and engine errors (node.js and node.cjs +5.5 KB, ~1.2 KB
 * gzipped each), with their docs and changelog (933,224 bytes), then from 940,000 for the fixes found over extreme
 * inputs in round 2's fifteenth session (index.js 506.7 → 517.3 KB in each of the core's three copies: the
 * cohort table's bound, the calendar's whole milliseconds and day rule, exact revenue and payback sums, survey
 * bands, the BG family's placed tanh-sinh rule and positive series, the Pareto/NBD's log-concave integral, the
 * formula sums' wide digits, the sheets' argument names; the changelog +16 KB; 957,748 bytes), then from 965,000 for the regularized incomplete gamma of large a (Temme's
 * expansion: its coefficient table, 12 × 30 doubles, in each of the core's copies) and the evaluation's scaled
 * sums (981,576 bytes), then from 990,000 for issue 14's real exports of round 2's seventeenth session (the
 * currency column found by name, --refund-col, an order's fields on one of its lines, the report's currency,
 * one account line: the CLI +3 KB unminified; docs/real-exports.md +4 KB and the changelog +9 KB;
 * 992,691 bytes), then from 1,000,000 for issue 14's real exports of round 2's eighteenth session (--only, the
 * byte fast path for a currency column, the engines' table columns, the --order-col hint, groupOrderLines'
 * orderLevelFields and blankFieldReason in the core's copies: index.js +1.6 KB, the CLI +6 KB unminified; the
 * real-exports page +3 KB and the changelog +5 KB; 999,639 bytes, 1,001,259 at the session's end), then from
 * 1,010,000 for round 2's twentieth session (customerEquity's plan of acquisitions and its bound, and ruleColumn,
 * in the core's copies; the spreadsheet bench's twelve rows in docs/benchmarks.md, the sizing section of
 * docs/spreadsheets.md, the README's engines and CI paragraphs, the changelog; 1,011,406 bytes): ceiling 1,020,000.
 * The CLI bundle is whitespace- and syntax-minified (names kept) and docs/benchmarks.json (bench data) is left out.
 */
const MAX_PACKED_BYTES = 1_020_000;

/** Folders whose files are listed by folder (their contents belong to the docs and the spreadsheet builds). */
const FOLDERS = ['dist/excel/', 'dist/sheets/', 'docs/', 'examples/excel/', 'examples/google-sheets/'];

const destination = mkdtempSync(join(tmpdir(), 'clvkit-pack-'));
afterAll(() => rmSync(destination, { recursive: true, force: true }));
const pack = npmPack(destination, true);
const files = pack.files.map((f) => f.path).sort();

describe('npm pack', () => {
  it('holds exactly the entries, the CLI, the spreadsheet builds, the docs and the examples they link to', () => {
    const groups = [...new Set(files.map((f) => FOLDERS.find((folder) => f.startsWith(folder)) ?? f))].sort();
    expect(groups).toEqual(
      [
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'package.json',
        'dist/cli.js',
        'dist/figureRowsWorker.js',
        'dist/fitThreadWorker.js',
        'dist/index.cjs',
        'dist/index.d.cts',
        'dist/index.d.ts',
        'dist/index.js',
        'dist/node.cjs',
        'dist/node.d.cts',
        'dist/node.d.ts',
        'dist/node.js',
        'dist/parseWorker.js',
        ...FOLDERS,
        'dist/report.cjs',
        'dist/report.d.cts',
        'dist/report.d.ts',
        'dist/report.js',
        'dist/special.cjs',
        'dist/special.d.cts',
        'dist/special.d.ts',
        'dist/special.js',
      ].sort(),
    );
  });

  it('ships no source maps and not the intermediate sheets bundle', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).not.toContain('dist/sheets/clvkit-sheets.global.js');
  });

  it(`stays under ${MAX_PACKED_BYTES.toLocaleString('en-US')} bytes packed`, () => {
    expect(
      pack.size,
      `the tarball is ${pack.size} bytes packed (ceiling ${MAX_PACKED_BYTES}): see npm pack --dry-run`,
    ).toBeLessThanOrEqual(MAX_PACKED_BYTES);
  });

  it('every file package.json points at (exports, main, module, types, bin) is in it', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    const targets = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith('./')) targets.add(normalize(v));
      else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) walk(x);
    };
    for (const key of ['exports', 'main', 'module', 'types', 'bin']) walk(manifest[key]);
    expect(targets.size).toBeGreaterThan(8);
    expect([...targets].filter((t) => !files.includes(t))).toEqual([]);
  });

  it('every relative link of its Markdown files resolves to a file in it', () => {
    const broken: string[] = [];
    const markdown = files.filter((f) => f.endsWith('.md'));
    expect(markdown).toContain('README.md');
    expect(markdown).toContain('docs/sql.md');
    let links = 0;
    for (const file of markdown) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const path = (target as string).split('#')[0] as string;
        if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path)) continue; // anchors and URLs
        links++;
        const resolved = normalize(join(dirname(file), path));
        if (!files.includes(resolved)) broken.push(`${file} → ${target}`);
      }
    }
    expect(links).toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });
});
