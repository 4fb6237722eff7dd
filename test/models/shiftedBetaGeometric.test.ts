import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import {
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  retentionCurve,
  shiftedBetaGeometricExpectedLifetime,
  shiftedBetaGeometricLogLikelihoodSurvivors,
  survivalCurve,
} from '../../src/models/shiftedBetaGeometric.js';
import { simulateShiftedBetaGeometric } from '../../src/models/simulate/simulateShiftedBetaGeometric.js';
import { logFiniteDifference } from './finiteDifference.js';

/** Fader & Hardie (2007): the 'regular' cohort, survivors at the start of years 0–12. */
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const CALIBRATION = Float64Array.from(REGULAR.slice(0, 8));
const PUBLISHED = { alpha: 0.704, beta: 1.182 };

describe('sBG log-likelihood', () => {
  it('is −1,680.3 on years 0–7 of the regular cohort at the published parameters (within 0.1)', () => {
    const ll = shiftedBetaGeometricLogLikelihoodSurvivors(Float64Array.of(0.704, 1.182), CALIBRATION);
    expect(Math.abs(ll - -1680.3)).toBeLessThanOrEqual(0.1);
  });

  it('gradient equals finite differences (property; 1e-6 relative + 1e-8)', () => {
    const param = fc.double({ min: Math.log(1e-3), max: Math.log(1e3), noNaN: true }).map(Math.exp);
    fc.assert(
      fc.property(
        param,
        param,
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 }),
        (a, b, drops) => {
          // A non-increasing survivor curve from the drops.
          const curve = [1000];
          for (const d of drops) curve.push(Math.max(0, (curve[curve.length - 1] as number) - d));
          const survivors = Float64Array.from(curve);
          const params = Float64Array.of(a, b);
          const g = new Float64Array(2);
          shiftedBetaGeometricLogLikelihoodSurvivors(params, survivors, g);
          for (let j = 0; j < 2; j++) {
            const numeric = logFiniteDifference(
              (q) => shiftedBetaGeometricLogLikelihoodSurvivors(q, survivors),
              params,
              j,
            );
            const analytic = (g[j] as number) * (params[j] as number);
            expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-6 * Math.abs(numeric) + 1e-8);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('sBG curves and lifetimes', () => {
  it('projects years 8–12 of the regular cohort within 2% (published α, β: 220, 204, 191, 180, 170)', () => {
    const projected = survivalCurve(PUBLISHED, 12);
    for (let t = 8; t <= 12; t++) {
      const actual = REGULAR[t] as number;
      expect(Math.abs(1000 * (projected[t] as number) - actual) / actual).toBeLessThan(0.02);
    }
  });

  it('survival is the product of the retention rates, which rise towards 1', () => {
    const S = survivalCurve(PUBLISHED, 20);
    const r = retentionCurve(PUBLISHED, 20);
    expect(S[0]).toBe(1);
    for (let t = 1; t <= 20; t++) {
      expect(S[t]).toBeCloseTo((S[t - 1] as number) * (r[t - 1] as number), 15);
      if (t > 1) expect(r[t - 1]).toBeGreaterThan(r[t - 2] as number);
    }
    expect(r[0]).toBeCloseTo(1.182 / (0.704 + 1.182), 15);
  });

  it('expected lifetime is Σ S(t) = (α+β−1)/(α−1) for α > 1, and null for α ≤ 1', () => {
    const p = { alpha: 3, beta: 4 };
    const S = survivalCurve(p, 200_000);
    let sum = 0;
    for (const s of S) sum += s;
    expect(shiftedBetaGeometricExpectedLifetime(p)).toBe(3);
    expect(Math.abs(sum - 3)).toBeLessThan(1e-6);
    expect(shiftedBetaGeometricExpectedLifetime(PUBLISHED)).toBeNull();
  });

  it('the expected lifetime at the ends of float64: α = β = 1e308 lives 2 periods; a lifetime past 1.8e308 is refused', () => {
    // (α + β − 1)/(α − 1) = 1 + β/(α − 1): α + β overflowed to Infinity before.
    expect(shiftedBetaGeometricExpectedLifetime({ alpha: 1e308, beta: 1e308 })).toBe(2);
    expect(shiftedBetaGeometricExpectedLifetime({ alpha: 1e300, beta: 3e300 })).toBe(4);
    expect(() => shiftedBetaGeometricExpectedLifetime({ alpha: 1 + 2 ** -52, beta: 1e300 })).toThrow(
      ClvValidationError,
    );
  });
  it('survival and retention when β is below the spacing of 1 (β + t − 1 was (β + t) − 1 = 0 at t = 1, and 0/0)', () => {
    // r_t = (β + t − 1)/(α + β + t − 1): at t = 1 it is β/(α + β) = 1/3 for α = 2β, however small β is.
    const p = { alpha: 2e-300, beta: 1e-300 };
    expect(retentionCurve(p, 2)[0]).toBeCloseTo(1 / 3, 15);
    expect(retentionCurve(p, 2)[1]).toBeCloseTo(1, 15);
    expect(survivalCurve(p, 2)[1]).toBeCloseTo(1 / 3, 15);
  });

  it('DERL equals the discounted sum Σ_k S(n+k)/S(n−1) (1+d)^−k (1e-10)', () => {
    for (const renewals of [0, 1, 4, 20]) {
      for (const d of [0.01, 0.1, 0.5]) {
        const n = renewals + 1;
        const S = survivalCurve(PUBLISHED, n + 6000);
        let sum = 0;
        for (let k = 0; k + n < S.length; k++)
          sum += ((S[n + k] as number) / (S[n - 1] as number)) * (1 + d) ** -k;
        const derl = discountedExpectedResidualLifetime(PUBLISHED, { discountRate: d, renewals });
        expect(Math.abs(derl - sum) / sum).toBeLessThan(d < 0.05 ? 1e-8 : 1e-10);
      }
    }
  });

  it('rejects invalid input with ClvValidationError', () => {
    expect(() => survivalCurve({ alpha: -1, beta: 1 }, 3)).toThrow(ClvValidationError);
    expect(() => retentionCurve(PUBLISHED, 2.5)).toThrow(ClvValidationError);
    expect(() => discountedExpectedResidualLifetime(PUBLISHED, { discountRate: 0, renewals: 1 })).toThrow(
      ClvValidationError,
    );
  });
});

function toThreeDigits(a: number, b: number): void {
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(b))) - 2);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(0.5 * unit + 1e-12);
}

describe('fitShiftedBetaGeometric', () => {
  it('reproduces Fader & Hardie (2007) on years 0–7: α 0.704, β 1.182 (3 digits), LL −1,680.3 ± 0.1', () => {
    const fit = fitShiftedBetaGeometric({ survivors: REGULAR.slice(0, 8) });
    expect(fit.model).toBe('shiftedBetaGeometric');
    toThreeDigits(fit.params.alpha as number, 0.704);
    toThreeDigits(fit.params.beta as number, 1.182);
    expect(Math.abs(fit.logLikelihood - -1680.3)).toBeLessThanOrEqual(0.1);
  });

  it('projects the remaining counts 223, 207, 194, 183, 173 from its own fit within 2% (≈ 3.5 customers)', () => {
    const fit = fitShiftedBetaGeometric({ survivors: REGULAR.slice(0, 8) });
    const projected = survivalCurve(fit, 12);
    for (let t = 8; t <= 12; t++) {
      const actual = REGULAR[t] as number;
      expect(Math.abs(1000 * (projected[t] as number) - actual) / actual).toBeLessThan(0.02);
    }
  });

  it('recovers α, β from simulated cohorts of 20,000 (95% intervals; ≥ 9 of 10 over 5 seeds)', () => {
    let inside = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const fit = fitShiftedBetaGeometric(
        simulateShiftedBetaGeometric(PUBLISHED, { customers: 20_000, periods: 10, seed }),
      );
      for (const name of ['alpha', 'beta'] as const) {
        const [lo, hi] = fit.confidenceIntervals[name] as readonly [number, number];
        if (PUBLISHED[name] >= lo && PUBLISHED[name] <= hi) inside += 1;
      }
    }
    expect(inside).toBeGreaterThanOrEqual(9);
  });

  it('rejects a survivor curve that rises, or has fewer than two counts', () => {
    expect(() => fitShiftedBetaGeometric({ survivors: [100, 120] })).toThrow(ClvValidationError);
    expect(() => fitShiftedBetaGeometric({ survivors: [100] })).toThrow(ClvValidationError);
  });
});

describe('sBG functions read an sBG fit or bare parameters, nothing else', () => {
  it("refuse another model's fit, whose alpha and beta are not the sBG's", () => {
    const bgbb = fitFromParams({
      model: 'betaGeoBetaBinom',
      params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 },
    });
    expect(() => survivalCurve(bgbb, 3)).toThrow(
      /survivalCurve: invalid input — model: expected 'shiftedBetaGeometric' \(a fit of that model\), received "betaGeoBetaBinom"/,
    );
    const sbg = fitFromParams({ model: 'shiftedBetaGeometric', params: { alpha: 0.704, beta: 1.182 } });
    expect(survivalCurve(sbg, 1)[1]).toBeCloseTo(1.182 / (0.704 + 1.182), 12);
  });
  it('discountedExpectedResidualLifetime checks its options object and bounds renewals', () => {
    const p = { alpha: 0.704, beta: 1.182 };
    expect(() => discountedExpectedResidualLifetime(p, undefined as never)).toThrow(
      /options: expected \{ discountRate, renewals \}/,
    );
    expect(() => discountedExpectedResidualLifetime(p, { discountRate: 0.1, renewals: 1e308 })).toThrow(
      /renewals: expected a whole number in \[0, 1000000\]/,
    );
  });
});
