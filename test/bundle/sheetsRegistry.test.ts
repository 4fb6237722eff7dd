/**
 * The spreadsheet bundle's model registry (tsup.config.ts, sheets entry): src/sheets/models.ts's SHEET_MODELS in
 * place of the library's MODELS, so dist/sheets/clvkit.gs.js carries the models the spreadsheet functions run
 * and no other (issue #13, 200 KB). Reads dist/ (built by `npm test`'s pretest when stale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/models/registry.js';
import { functions } from '../../src/sheets/index.js';
import { SHEET_MODELS } from '../../src/sheets/models.js';
import { loadCdnowSummary } from '../models/cdnow.js';

const gs = readFileSync(join(__dirname, '../../dist/sheets/clvkit.gs.js'), 'utf8');
/** A model's id as the minified bundle writes the string literal. */
const idIn = (model: string) => gs.includes(`"${model}"`);

describe('the spreadsheet bundle registry', () => {
  it("lists the library's own model records, BG/NBD and Gamma-Gamma", () => {
    expect(SHEET_MODELS.map((m) => m.model)).toEqual(['betaGeo', 'gammaGamma']);
    for (const m of SHEET_MODELS) expect(MODELS).toContain(m);
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

  it('bundles the models of SHEET_MODELS and none of the others', () => {
    for (const m of MODELS)
      expect(idIn(m.model), m.model).toBe(SHEET_MODELS.some((s) => s.model === m.model));
  });
});
