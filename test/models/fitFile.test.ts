import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClvValidationError,
  expectedPurchases,
  expectedSpend,
  type Fit,
  fitBetaGeo,
  fitBetaGeoBetaBinom,
  fitFromJson,
  fitGammaGamma,
  fitModifiedBetaGeo,
  fitParetoNbd,
  fitShiftedBetaGeometric,
  fitToJson,
  predictCustomerLifetimeValue,
  probabilityAlive,
  survivalCurve,
} from '../../src/index.js';
import { DATA_DIR, loadCdnowSummary } from './cdnow.js';

const { frequency, recency, T, zbar } = loadCdnowSummary();
const customers = { frequency, recency, T };
const repeat = [...frequency.keys()].filter((i) => (frequency[i] as number) > 0);
const spend = {
  frequency: Float64Array.from(repeat, (i) => frequency[i] as number),
  monetaryValue: Float64Array.from(repeat, (i) => zbar[i] as number),
};
const bg = fitBetaGeo(customers);

/** Through text, as a file would go. */
const viaText = (fit: Fit, extra?: Parameters<typeof fitToJson>[1]) =>
  fitFromJson(JSON.parse(JSON.stringify(fitToJson(fit, extra))));

/** The messages of the ClvValidationError that `fitFromJson(json)` throws, one per line. */
function refusal(json: unknown): string {
  try {
    fitFromJson(json);
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return (e as ClvValidationError).issues.map((i) => i.message).join('\n');
  }
  throw new Error('fitFromJson accepted it');
}

describe('fit files: round trip', () => {
  it('writes the documented fields and reads back every digit', () => {
    const json = JSON.parse(JSON.stringify(fitToJson(bg, { timeUnit: 'week', createdWith: 'clvkit test' })));
    expect(Object.keys(json)).toEqual([
      'format',
      'version',
      'model',
      'label',
      'params',
      'standardErrors',
      'confidenceIntervals',
      'covariance',
      'logLikelihood',
      'aic',
      'bic',
      'n',
      'converged',
      'iterations',
      'gradientNorm',
      'penalizer',
      'timeUnit',
      'createdWith',
    ]);
    expect(json).toMatchObject({
      format: 'clvkit-fit',
      version: 1,
      model: 'betaGeo',
      label: 'BG/NBD',
      n: 2357,
    });
    expect(json.params.r).toBeCloseTo(0.2426, 4);
    const loaded = fitFromJson(json);
    expect(loaded.params).toEqual(bg.params);
    expect(loaded.standardErrors).toEqual(bg.standardErrors);
    expect(loaded.confidenceIntervals).toEqual(bg.confidenceIntervals);
    expect(loaded.covariance).toEqual(bg.covariance);
    expect(loaded.logLikelihood).toBe(bg.logLikelihood);
    expect(loaded.timeUnit).toBe('week');
    expect(fitFromJson(fitToJson(bg)).timeUnit).toBeUndefined();
  });

  it('the loaded fit predicts exactly as the fit, for every transaction model', () => {
    for (const fit of [bg, fitModifiedBetaGeo(customers), fitParetoNbd(customers)]) {
      const loaded = viaText(fit);
      expect(loaded.model).toBe(fit.model);
      expect(probabilityAlive(loaded, customers)).toEqual(probabilityAlive(fit, customers));
      expect(expectedPurchases(loaded, 39, customers)).toEqual(expectedPurchases(fit, 39, customers));
    }
  });

  it('a loaded Gamma-Gamma fit gives the same spend and CLV', () => {
    const gg = fitGammaGamma(spend);
    const loaded = viaText(gg);
    expect(expectedSpend(loaded, spend)).toEqual(expectedSpend(gg, spend));
    const input = {
      customers: { ...customers, monetaryValue: zbar },
      horizon: 12,
      discountRate: 0.01,
    } as const;
    const saved = predictCustomerLifetimeValue({
      ...input,
      transactionModel: viaText(bg),
      spendModel: loaded,
    });
    const live = predictCustomerLifetimeValue({ ...input, transactionModel: bg, spendModel: gg });
    expect(saved.clv.map(String)).toEqual(live.clv.map(String));
  });

  it('keeps BG/BB and shifted-beta-geometric fits', () => {
    const rows = readFileSync(`${DATA_DIR}donations.csv`, 'utf8').trim().split('\n').slice(1);
    const col = (k: number) => Float64Array.from(rows, (r) => Number(r.split(',')[k]));
    const donations = { frequency: col(0), recency: col(1), periods: col(2), weights: col(3) };
    const bb = fitBetaGeoBetaBinom(donations);
    const d = { frequency: donations.frequency, recency: donations.recency, T: donations.periods };
    expect(probabilityAlive(viaText(bb), d)).toEqual(probabilityAlive(bb, d));
    const sbg = fitShiftedBetaGeometric({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241] });
    expect(survivalCurve(viaText(sbg), 12)).toEqual(survivalCurve(sbg, 12));
  });

  it('covariance is written in the parameter order the file documents', () => {
    const pnbd = fitParetoNbd(customers);
    const json = fitToJson(pnbd);
    const names = ['r', 'alpha', 's', 'beta'];
    const i = pnbd.paramNames.indexOf('s');
    const j = pnbd.paramNames.indexOf('beta');
    expect(json.covariance?.[names.indexOf('s')]?.[names.indexOf('beta')]).toBe(pnbd.covariance[i]?.[j]);
  });

  it('any valid parameters survive the trip (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (values) => {
          const params = { r: values[0], alpha: values[1], a: values[2], b: values[3] } as Record<
            string,
            number
          >;
          const json = { ...fitToJson(bg), params };
          expect(fitFromJson(JSON.parse(JSON.stringify(json))).params).toEqual(params);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('fit files: refusals name the field', () => {
  const good = fitToJson(bg);
  const bad = (patch: Record<string, unknown>) => refusal({ ...good, ...patch });

  it('another version or kind of file: one message, checked first', () => {
    expect(refusal({ format: 'clvkit-fit', version: 2, model: 'betaGeo', anything: 1 })).toBe(
      'version: expected 1 (this clvkit reads version 1 fit files), received 2',
    );
    expect(bad({ format: 'lifetimes' })).toBe(
      `format: expected 'clvkit-fit' (a file written by clvkit fit --save or fitToJson), received "lifetimes"`,
    );
    expect(refusal([1, 2])).toBe('input: expected an object, received an array of 2');
    expect(refusal(null)).toBe('input: expected an object, received null');
  });

  it('an unknown model, a missing, extra or non-positive parameter', () => {
    expect(bad({ model: 'weibull' })).toBe(
      'model: expected one of betaGeo, modifiedBetaGeo, paretoNbd, betaGeoBetaBinom, shiftedBetaGeometric, gammaGamma, received "weibull"',
    );
    expect(bad({ params: { r: 1, alpha: 2, a: 3 } })).toBe(
      'params.b: expected a parameter b of betaGeo, received undefined',
    );
    expect(bad({ params: { ...good.params, s: 1 } })).toBe(
      'params.s: expected only r, alpha, a, b, received 1',
    );
    expect(bad({ params: { ...good.params, r: -1 } })).toContain('params.r:');
    expect(bad({ model: 'paretoNbd' })).toBe(
      [
        'params.s: expected a parameter s of paretoNbd, received undefined',
        'params.beta: expected a parameter beta of paretoNbd, received undefined',
        `params.a: expected only r, alpha, s, beta, received ${good.params.a}`,
        `params.b: expected only r, alpha, s, beta, received ${good.params.b}`,
        `standardErrors.a: expected only r, alpha, s, beta, received ${good.standardErrors.a}`,
        `standardErrors.b: expected only r, alpha, s, beta, received ${good.standardErrors.b}`,
        'confidenceIntervals.a: expected only r, alpha, s, beta, received an array of 2',
        'confidenceIntervals.b: expected only r, alpha, s, beta, received an array of 2',
      ].join('\n'),
    );
  });

  it('a misspelt field, a wrong covariance shape, a missing figure', () => {
    expect(bad({ paramz: {} })).toBe(
      'paramz: expected no such field (check the spelling), received an object',
    );
    expect(bad({ covariance: [[1]] })).toBe(
      'covariance: expected a 4 × 4 matrix (r, alpha, a, b), received an array of 1',
    );
    const { logLikelihood: _, ...rest } = good;
    expect(refusal(rest)).toBe('logLikelihood: expected number, received undefined');
  });

  it('fitToJson refuses a fit of a model the format does not know', () => {
    expect(() => fitToJson({ ...bg, model: 'weibull' } as never)).toThrow(
      'fit.model: expected one of betaGeo, modifiedBetaGeo, paretoNbd, betaGeoBetaBinom, shiftedBetaGeometric, gammaGamma, received "weibull"',
    );
  });
});
