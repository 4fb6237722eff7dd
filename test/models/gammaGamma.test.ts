import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import {
  fitGammaGamma,
  frequencySpendCorrelation,
  gammaGammaData,
  gammaGammaLogLikelihood,
  spendColumns,
} from '../../src/models/gammaGamma.js';
import { expectedSpend } from '../../src/models/predict.js';
import { simulateGammaGamma } from '../../src/models/simulate/gammaGamma.js';
import { lgamma } from '../../src/models/special/lgamma.js';
import { loadCdnowSummary } from './cdnow.js';

function cdnowRepeatSpend() {
  const d = loadCdnowSummary();
  const frequency: number[] = [];
  const monetaryValue: number[] = [];
  d.frequency.forEach((x, i) => {
    if (x > 0) {
      frequency.push(x);
      monetaryValue.push(d.zbar[i] as number);
    }
  });
  return { frequency, monetaryValue };
}

describe('Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005 JMR; Fader & Hardie 2013)', () => {
  const spend = cdnowRepeatSpend();
  const fit = fitGammaGamma(spend);

  it('uses the 946 repeat customers and reproduces p = 6.25, q = 3.74, γ = 15.44 (3 significant digits)', () => {
    expect(fit.n).toBe(946);
    expect(Number((fit.params.p as number).toPrecision(3))).toBe(6.25);
    expect(Number((fit.params.q as number).toPrecision(3))).toBe(3.74);
    expect(Number((fit.params.gamma as number).toPrecision(3))).toBe(15.4);
    expect(Math.abs((fit.params.gamma as number) - 15.44)).toBeLessThan(0.01);
  });

  it('reports the frequency–spend correlation (0.11 in Fader, Hardie & Lee 2005)', () => {
    expect(fit.frequencySpendCorrelation).toBeCloseTo(0.11, 2);
    expect(frequencySpendCorrelation(spend)).toBe(fit.frequencySpendCorrelation);
  });

  it('predicts conditional expected spend p(γ + x m̄)/(px + q − 1), between m̄ and the population mean', () => {
    const { p, q, gamma } = fit.params as { p: number; q: number; gamma: number };
    const out = expectedSpend(fit, { frequency: [2, 0, 20], monetaryValue: [22.35, 0, 100] });
    expect(out[0]).toBeCloseTo((p * (gamma + 2 * 22.35)) / (2 * p + q - 1), 12);
    expect(out[1]).toBeCloseTo((p * gamma) / (q - 1), 12); // population mean ≈ 35.1
    const population = (p * gamma) / (q - 1);
    expect(out[2] as number).toBeGreaterThan(population);
    expect(out[2] as number).toBeLessThan(100);
  });

  it('rejects customers without repeat purchases when fitting, with the rule message', () => {
    expect(() => fitGammaGamma({ frequency: [0, 2], monetaryValue: [0, 10] })).toThrow(
      'frequency[0]: expected a whole number of 1 or more, received 0',
    );
    expect(() =>
      expectedSpend({ model: 'betaGeo', params: {} }, { frequency: [1], monetaryValue: [1] }),
    ).toThrow(ClvValidationError);
  });

  it('analytic gradient equals central finite differences (params 1e-3..1e3)', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: -3, max: 3, noNaN: true }),
          fc.double({ min: -3, max: 3, noNaN: true }),
          fc.double({ min: -3, max: 3, noNaN: true }),
        ),
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0.01, max: 1e4, noNaN: true })),
          { minLength: 1, maxLength: 10 },
        ),
        (logs, rows) => {
          const data = spendColumns(
            { frequency: rows.map((r) => r[0]), monetaryValue: rows.map((r) => r[1]) },
            'test',
            true,
          );
          const theta = Float64Array.from(logs, (l) => 10 ** l);
          const grad = new Float64Array(3);
          const ll = gammaGammaLogLikelihood(theta, data, grad);
          for (let j = 0; j < 3; j++) {
            const h = 1e-4;
            const up = Float64Array.from(theta);
            const down = Float64Array.from(theta);
            up[j] = (theta[j] as number) * Math.exp(h);
            down[j] = (theta[j] as number) * Math.exp(-h);
            const numeric =
              (gammaGammaLogLikelihood(up, data) - gammaGammaLogLikelihood(down, data)) / (2 * h);
            const analytic = (theta[j] as number) * (grad[j] as number);
            // The terms of ll are each up to ~1e9 and cancel; their rounding (~1e-16 each) divided by 2h is the
            // noise of the differences.
            let scale = Math.abs(ll);
            const [p, q, g] = theta as unknown as [number, number, number];
            for (const [x, m] of rows)
              scale +=
                Math.abs(lgamma(p * x + q)) +
                Math.abs(lgamma(p * x)) +
                Math.abs(p * x * Math.log(x * m)) +
                Math.abs((p * x + q) * Math.log(g + x * m));
            const tol = 1e-5 * Math.max(1, Math.abs(numeric)) + (1e-15 * scale) / h;
            expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(tol);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the likelihood summed by levels of x equals the sum of ln f over customers, with weights (property)', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: 0.1, max: 20, noNaN: true }),
          fc.double({ min: 0.1, max: 20, noNaN: true }),
          fc.double({ min: 0.1, max: 500, noNaN: true }),
        ),
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: 6 }),
            fc.double({ min: 0.01, max: 1e3, noNaN: true }),
            fc.constantFrom(0, 1, 2.5),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        ([p, q, g], rows) => {
          const data = gammaGammaData(
            spendColumns(
              {
                frequency: rows.map((r) => r[0]),
                monetaryValue: rows.map((r) => r[1]),
                weights: rows.map((r) => r[2]),
              },
              'test',
              true,
            ),
          );
          expect(data.frequencyLevels.values.length).toBe(new Set(rows.map((r) => r[0])).size);
          let direct = 0;
          for (const [x, m, w] of rows) {
            const lnF =
              lgamma(p * x + q) -
              lgamma(p * x) -
              lgamma(q) +
              q * Math.log(g) +
              Math.log(x) +
              (p * x - 1) * Math.log(x * m) -
              (p * x + q) * Math.log(g + x * m);
            direct += w * lnF;
          }
          const ll = gammaGammaLogLikelihood(Float64Array.of(p, q, g), data);
          expect(Math.abs(ll - direct)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(direct)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('recovers simulated parameters within their 95% intervals for at least 4 of 5 seeds', () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const covered: Record<string, number> = { p: 0, q: 0, gamma: 0 };
    for (const seed of [1, 2, 3, 4, 5]) {
      const frequency = Array.from({ length: 20_000 }, (_, i) => 1 + (i % 6));
      const sim = simulateGammaGamma({ params: truth, frequency, seed });
      const fitted = fitGammaGamma(sim);
      for (const [name, value] of Object.entries(truth)) {
        const [lo, hi] = fitted.confidenceIntervals[name] as readonly [number, number];
        if (lo <= value && value <= hi) covered[name] = (covered[name] as number) + 1;
      }
    }
    for (const name of Object.keys(truth)) expect(covered[name]).toBeGreaterThanOrEqual(4);
  });
});
