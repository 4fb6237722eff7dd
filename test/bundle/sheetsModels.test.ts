/**
 * The spreadsheet bundle's models (issue #13, 200 KB): the spreadsheet functions run the model verbs over
 * src/sheets/models.ts's SHEET_MODELS and import nothing that reaches src/models/registry.ts, so
 * dist/sheets/clvkit.gs.js carries BG/NBD and Gamma-Gamma and no other model. Checked on the source's module
 * graph (esbuild's metafile, as tsup bundles the sheets entry) and on the built file, which is read from dist/
 * (built by `npm test`'s pretest when stale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/models/registry.js';
import { functions } from '../../src/sheets/index.js';
import { SHEET_MODELS } from '../../src/sheets/models.js';
import { loadCdnowSummary } from '../models/cdnow.js';

const root = join(__dirname, '../..');
const gs = readFileSync(join(root, 'dist/sheets/clvkit.gs.js'), 'utf8');
/** A model's id as the minified bundle writes the string literal. */
const idIn = (model: string) => gs.includes(`"${model}"`);

/** Every source module an entry's browser bundle loads (esbuild's metafile inputs), as paths from the root. */
async function modulesOf(entry: string): Promise<readonly string[]> {
  const result = await build({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).filter((path) => path.startsWith('src/'));
}

/** The modules of the models other than the spreadsheet's: their records, kernels and simulators. */
const OTHER_MODEL_MODULE =
  /^src\/models\/(paretoNbd|betaGeoBetaBinom|shiftedBetaGeometric|modifiedBetaGeo)\b/;

describe('the spreadsheet bundle’s models', () => {
  it("lists the library's own model records, BG/NBD and Gamma-Gamma", () => {
    expect(SHEET_MODELS.map((m) => m.model)).toEqual(['betaGeo', 'gammaGamma']);
    for (const m of SHEET_MODELS) expect(MODELS).toContain(m);
  });

  it('the sheets source never reaches the registry nor another model’s modules; the library’s verbs reach all', async () => {
    const sheets = await modulesOf('src/sheets/index.ts');
    expect(sheets).toContain('src/sheets/functions.ts');
    expect(sheets).toContain('src/models/betaGeo.ts');
    expect(sheets).toContain('src/models/gammaGamma.ts');
    expect(sheets).toContain('src/models/predictionVerbs.ts');
    expect(sheets).not.toContain('src/models/registry.ts');
    expect(sheets.filter((path) => OTHER_MODEL_MODULE.test(path))).toEqual([]);
    // The same check on the library's verbs finds every model: the pattern names real modules.
    const library = await modulesOf('src/models/predict.ts');
    expect(library).toContain('src/models/registry.ts');
    for (const model of ['paretoNbd', 'betaGeoBetaBinom', 'shiftedBetaGeometric', 'modifiedBetaGeo'])
      expect(library).toContain(`src/models/${model}.ts`);
  });

  it('runs CLV_PREDICT_INTERVAL (the fits, their parameter draws and the simulation) as the library does', () => {
    const context: Record<string, (...args: unknown[]) => unknown> = {};
    runInNewContext(gs, context, { filename: 'clvkit.gs.js' });
    const cdnow = loadCdnowSummary();
    const col = (xs: ArrayLike<number>) => Array.from(xs, (x) => [x]).slice(0, 400);
    const args = [
      col(cdnow.frequency),
      col(cdnow.recency),
      col(cdnow.T),
      col(cdnow.zbar),
      12,
      0.01,
      'week',
      '',
      80,
      3,
    ];
    const built = context.CLV_PREDICT_INTERVAL?.(...args) as number[][];
    const library = (functions.CLV_PREDICT_INTERVAL as (...a: unknown[]) => number[][])(...args);
    expect(built).toHaveLength(400);
    expect(built).toEqual(library);
    expect(
      built.some(
        ([mean, low, high]) => (low as number) < (mean as number) && (mean as number) < (high as number),
      ),
    ).toBe(true);
  });

  it('the built file carries the models of SHEET_MODELS and none of the others', () => {
    for (const m of MODELS)
      expect(idIn(m.model), m.model).toBe(SHEET_MODELS.some((s) => s.model === m.model));
    // Nor their labels (the string literals of the model records and their error messages).
    for (const m of MODELS)
      expect(gs.includes(`"${m.label}"`), m.label).toBe(SHEET_MODELS.some((s) => s.model === m.model));
  });
});
