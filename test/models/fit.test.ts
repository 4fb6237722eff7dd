import { describe, expect, it } from 'vitest';
import { ClvFitError, ClvValidationError } from '../../src/errors.js';
import { bfgs } from '../../src/models/fit/bfgs.js';
import { invertSpd } from '../../src/models/fit/covariance.js';
import { fitModel } from '../../src/models/fit/fitModel.js';
import type { ModelDefinition } from '../../src/models/fit/modelDefinition.js';
import { nelderMead } from '../../src/models/fit/nelderMead.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { fitParetoNbd } from '../../src/models/paretoNbd.js';
import { fitShiftedBetaGeometric } from '../../src/models/shiftedBetaGeometric.js';
import { createRandom } from '../../src/models/simulate/random.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';
import { digamma } from '../../src/models/special/digamma.js';
import { lgamma } from '../../src/models/special/lgamma.js';

/** Rosenbrock's banana function, minimum 0 at (1, 1). */
function rosenbrock(x: Float64Array, g: Float64Array): number {
  const a = x[0] as number;
  const b = x[1] as number;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
}

describe('optimisers', () => {
  it('BFGS with the strong-Wolfe line search minimises Rosenbrock from (−1.2, 1)', () => {
    const r = bfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 200, tolerance: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
    expect(r.iterations).toBeLessThan(60);
  });

  it('BFGS stops, converged, where float64 can no longer resolve a decrease (a small gradient, as in a sum over a million customers)', () => {
    // f carries rounding noise of ~1e-13 relative (as a float64 sum over many customers does); its minimum is
    // at (11/15, −29/15). Near it no step lowers f by more than the noise while the gradient is ~1e-6, above
    // the tolerance of 1e-12 — before, BFGS reported a failed line search here.
    const f = (x: Float64Array, g: Float64Array) => {
      const a = x[0] as number;
      const b = x[1] as number;
      g[0] = 2 * (a - 1) + 0.2 * (a - b);
      g[1] = 8 * (b + 2) - 0.2 * (a - b);
      const noise = Math.abs(Math.sin(a * 1e9 + b * 7e8)) * 3e-11;
      return 300 + (a - 1) ** 2 + 4 * (b + 2) ** 2 + 0.1 * (a - b) ** 2 + noise;
    };
    const r = bfgs(f, Float64Array.of(5, 5), { maxIterations: 200, tolerance: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.reason).toBe('no decrease left that float64 can resolve, at a small gradient');
    expect(Math.abs((r.x[0] as number) - 11 / 15)).toBeLessThan(1e-5);
    expect(Math.abs((r.x[1] as number) + 29 / 15)).toBeLessThan(1e-5);
    expect(r.gradientNorm).toBeGreaterThan(1e-12);
    // With a gradient above √tolerance it is still a failure.
    const steep = (x: Float64Array, g: Float64Array) => {
      g[0] = 1e-3;
      return 1e12 + 1e-3 * (x[0] as number);
    };
    expect(bfgs(steep, Float64Array.of(0), { maxIterations: 50, tolerance: 1e-8 }).converged).toBe(false);
  });
  it('Nelder–Mead minimises Rosenbrock without gradients', () => {
    const r = nelderMead(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 5000, tolerance: 1e-15 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });

  it('invertSpd inverts a positive-definite matrix and rejects an indefinite one', () => {
    const inv = invertSpd(Float64Array.of(4, 2, 2, 3), 2) as Float64Array;
    // [[4,2],[2,3]]⁻¹ = [[3,−2],[−2,4]] / 8
    for (const [i, v] of [0.375, -0.25, -0.25, 0.5].entries()) expect(inv[i]).toBeCloseTo(v, 14);
    expect(invertSpd(Float64Array.of(1, 2, 2, 1), 2)).toBeUndefined();
  });
});

/** Gamma(shape k, rate λ) observations: ln L = Σ k ln λ − ln Γ(k) + (k−1) ln x − λ x. */
const gammaModel: ModelDefinition<Float64Array> = {
  model: 'gammaTest',
  label: 'Gamma',
  paramNames: ['k', 'lambda'],
  logLikelihood(params, xs, grad) {
    const k = params[0] as number;
    const lambda = params[1] as number;
    let sx = 0;
    let slx = 0;
    for (const x of xs) {
      sx += x;
      slx += Math.log(x);
    }
    const n = xs.length;
    if (grad) {
      grad[0] = n * Math.log(lambda) - n * digamma(k) + slx;
      grad[1] = (n * k) / lambda - sx;
    }
    return n * k * Math.log(lambda) - n * lgamma(k) + (k - 1) * slx - lambda * sx;
  },
  initialParams: () => Float64Array.of(1, 1),
  count: (xs) => xs.length,
};

describe('fitModel', () => {
  const rng = createRandom(11);
  const xs = Float64Array.from({ length: 5000 }, () => rng.gamma(2.5, 0.8));

  it('finds the maximum-likelihood estimate (score equations hold) with intervals covering the truth', () => {
    const fit = fitModel(gammaModel, xs);
    expect(fit.converged).toBe(true);
    const { k, lambda } = fit.params as { k: number; lambda: number };
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const meanLog = xs.reduce((a, b) => a + Math.log(b), 0) / xs.length;
    expect(lambda).toBeCloseTo(k / mean, 8);
    expect(Math.log(k) - digamma(k)).toBeCloseTo(Math.log(mean) - meanLog, 8);
    const [kLo, kHi] = fit.confidenceIntervals.k as readonly [number, number];
    expect(kLo).toBeLessThan(2.5);
    expect(kHi).toBeGreaterThan(2.5);
    // Inverse Fisher information of the gamma model: var(k) = k / (n (k ψ'(k) − 1)), ψ' by differences of ψ.
    const trigamma = (digamma(k + 1e-5) - digamma(k - 1e-5)) / 2e-5;
    const expectedSe = Math.sqrt(k / (xs.length * (k * trigamma - 1)));
    expect(Math.abs((fit.standardErrors.k as number) / expectedSe - 1)).toBeLessThan(1e-4);
    expect(fit.aic).toBeCloseTo(4 - 2 * fit.logLikelihood, 10);
    expect(fit.bic).toBeCloseTo(2 * Math.log(5000) - 2 * fit.logLikelihood, 10);
    expect(Object.isFrozen(fit)).toBe(true);
    expect(Object.isFrozen(fit.params)).toBe(true);
  });

  it('reports every likelihood evaluation to onEvaluation, in order, ending at the optimum', () => {
    const seen: [number, number][] = [];
    const fit = fitModel(gammaModel, xs, { onEvaluation: (n, ll) => seen.push([n, ll]) });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.map(([n]) => n)).toEqual(seen.map((_, i) => i + 1));
    const best = Math.max(...seen.map(([, ll]) => ll));
    expect(best).toBeCloseTo(fit.logLikelihood, 6);
    expect(() => fitModel(gammaModel, xs, { onEvaluation: 3 as never })).toThrow(
      'onEvaluation: expected a function (evaluation, logLikelihood) => void',
    );
  });

  it('reaches the same optimum from a far starting point and with restarts', () => {
    const base = fitModel(gammaModel, xs);
    const far = fitModel(gammaModel, xs, { initialParams: { k: 1e-4, lambda: 1e4 }, restarts: 3 });
    expect(far.params.k).toBeCloseTo(base.params.k as number, 6);
    expect(far.logLikelihood).toBeCloseTo(base.logLikelihood, 6);
  });

  it('shrinks parameters with the penalizer', () => {
    const base = fitModel(gammaModel, xs);
    const pen = fitModel(gammaModel, xs, { penalizer: 0.1 });
    expect(pen.params.k as number).toBeLessThan(base.params.k as number);
    expect(pen.penalizer).toBe(0.1);
  });

  it('rejects bad options with ClvValidationError', () => {
    expect(() => fitModel(gammaModel, xs, { penalizer: -1 })).toThrow(ClvValidationError);
    expect(() => fitModel(gammaModel, xs, { initialParams: { shape: 1 } })).toThrow(/initialParams.shape/);
    expect(() => fitModel(gammaModel, xs, { restarts: 1.5 })).toThrow(/restarts: expected a whole number/);
  });

  it('throws ClvFitError with diagnostics when the likelihood is never finite', () => {
    const broken: ModelDefinition<Float64Array> = { ...gammaModel, logLikelihood: () => Number.NaN };
    try {
      fitModel(broken, xs);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ClvFitError);
      expect((e as ClvFitError).diagnostics.model).toBe('gammaTest');
    }
  });

  it('throws ClvFitError when parameters are not identified', () => {
    // Only the product k·λ enters: a flat ridge, singular Hessian (or no convergence).
    const ridge: ModelDefinition<Float64Array> = {
      ...gammaModel,
      logLikelihood(params, _xs, grad) {
        const p = (params[0] as number) * (params[1] as number);
        if (grad) {
          grad[0] = -2 * (p - 2) * (params[1] as number);
          grad[1] = -2 * (p - 2) * (params[0] as number);
        }
        return -((p - 2) ** 2);
      },
    };
    expect(() => fitModel(ridge, xs)).toThrow(ClvFitError);
  });

  it('bounds the whole fit by maxIterations: the Nelder–Mead fallback gets 2k steps per iteration, not a fixed 1,600', () => {
    // Five CDNOW-like customers do not identify the Pareto/NBD: BFGS stops after its one iteration and the
    // simplex then drifted towards r ≈ 10⁹ for 1,600 steps (8,191 evaluations, each slower the farther out).
    const customers = [
      { frequency: 1, recency: 8.57, T: 39 },
      { frequency: 0, recency: 0, T: 39 },
      { frequency: 3, recency: 20, T: 39 },
      { frequency: 1, recency: 2, T: 39 },
      { frequency: 0, recency: 0, T: 30 },
    ];
    let evaluations = 0;
    expect(() =>
      fitParetoNbd(customers, { maxIterations: 1, onEvaluation: (e) => (evaluations = e) }),
    ).toThrow(ClvFitError);
    // One BFGS iteration (its line search), 8 simplex steps (≤ k + 2 evaluations each, k + 1 to start), one more.
    expect(evaluations).toBeGreaterThan(8);
    expect(evaluations).toBeLessThan(80);
  });

  it('fails fast when the Pareto/NBD runs s and β away together (exponential lifetimes, 7 repeaters in 2,000)', () => {
    // Lifetimes of mean 0.5 against purchase gaps of 250: the data fix only s/β, and the search runs both up.
    // Each evaluation at s ≈ 10⁷ summed a ₂F₁ series of ~10⁷ terms per key: 124 s to this failure before.
    const customers = simulateCustomers(
      fitFromParams({ model: 'paretoNbd', params: { r: 0.2, alpha: 50, s: 2, beta: 1 } }),
      { customers: 2000, T: 39, seed: 3 },
    );
    expect(() => fitParetoNbd(customers)).toThrow(/parameter s not identified: the search ran to s = /);
  });

  it('throws ClvFitError when a parameter’s 95 % interval spans more than 10^5 times its estimate (never [0, ∞))', () => {
    // A cohort that all left at the first renewal: θ = 1 for everyone, α → ∞ and β → 0 with a finite
    // Hessian at the optimiser's stop (α ≈ 1.3·10⁴, se(ln α) ≈ 10⁶ before this rule).
    expect(() => fitShiftedBetaGeometric({ survivors: [100, 0] })).toThrow(
      /parameter alpha not identified: its 95 % interval exceeds 10\^5× the estimate/,
    );
    // The same rule keeps every identified fit: the published regular cohort (α 0.704, β 1.182).
    const fit = fitShiftedBetaGeometric({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241] });
    for (const [lo, hi] of Object.values(fit.confidenceIntervals)) expect(hi / lo).toBeLessThan(2);
  });
});
