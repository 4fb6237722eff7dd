import { describe, expect, it } from 'vitest';
import { betaGeoModel } from '../../src/models/betaGeo.js';
import { customerColumns } from '../../src/models/data/customers.js';
import { everyNthCustomer, everyNthOfGroups } from '../../src/models/data/everyNthCustomer.js';
import { ungroupedCustomers } from '../../src/models/data/fitCustomers.js';
import { groupCustomers } from '../../src/models/data/groupCustomers.js';
import { bfgs } from '../../src/models/fit/bfgs.js';
import { fitModel } from '../../src/models/fit/fitModel.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { modifiedBetaGeoModel } from '../../src/models/modifiedBetaGeo.js';
import { paretoNbdModel } from '../../src/models/paretoNbd.js';
import { createRandom } from '../../src/models/simulate/random.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';

/** n customers of a CDNOW-like cohort with ages from timestamps (no two share T), simulated from `params`. */
function continuousCustomers(model: 'betaGeo' | 'paretoNbd', params: Record<string, number>, n: number) {
  const rng = createRandom(7);
  const T = Float64Array.from({ length: n }, () => (273 + rng.uniform() * 84) / 7);
  const sim = simulateCustomers(fitFromParams({ model, params }), { T, seed: 2005 });
  return { frequency: sim.frequency, recency: sim.recency, T: sim.T };
}

describe('everyNthCustomer', () => {
  it('takes rows 0, k, 2k, … with their weights, and recounts the total and the frequency levels', () => {
    const rows = ungroupedCustomers(
      customerColumns({
        frequency: [0, 2, 0, 3, 0, 1, 4],
        recency: [0, 3, 0, 4, 0, 2, 5],
        T: [9, 8, 7, 9, 6, 9, 8],
        weights: [1, 2, 3, 4, 5, 6, 7],
      }),
    );
    // ungroupedCustomers puts x = 0 first: rows (x, w) = (0,1) (0,3) (0,5) (2,2) (3,4) (1,6) (4,7), 28 customers
    // at cumulative weights 0 1 4 9 11 15 21 (before each row); one in 5 kept: customers 0, 5, 10, 15, 20, 25
    // fall in rows 0, 2, 3, 5, 5, 6.
    const s = everyNthCustomer(rows, 5);
    expect(Array.from(s.frequency)).toEqual([0, 0, 2, 1, 4]);
    expect(Array.from(s.T)).toEqual([9, 6, 8, 9, 8]);
    expect(Array.from(s.weights ?? [])).toEqual([1, 1, 1, 2, 1]);
    expect(s.count).toBe(6);
    expect(Array.from(s.frequencyLevels.values)).toEqual([0, 1, 2, 4]);
    expect(everyNthCustomer(rows, 1).weights).toEqual(rows.weights);
    // Without weights: every k-th row.
    const plain = ungroupedCustomers(
      customerColumns({ frequency: [0, 1, 2, 3, 4], recency: [0, 1, 2, 3, 4], T: [5, 5, 5, 5, 5] }),
    );
    expect(Array.from(everyNthCustomer(plain, 2).frequency)).toEqual([0, 2, 4]);
    expect(everyNthCustomer(plain, 2).weights).toBeUndefined();
  });

  it('keeps each group’s share of customers to within one (grouped customers)', () => {
    // Groups of weights 7, 3, 1, 9 (20 customers); one in 4 kept: customers 0, 4 (group 1), 8 (group 2), 12, 16 (group 4).
    const groups = groupCustomers(
      customerColumns({
        frequency: [1, 2, 3, 4],
        recency: [1, 2, 3, 4],
        T: [9, 9, 9, 9],
        weights: [7, 3, 1, 9],
      }),
    );
    const s = everyNthOfGroups(groups, 4);
    expect(Array.from(s.frequency)).toEqual([1, 2, 4]);
    expect(Array.from(s.weights)).toEqual([2, 1, 2]);
    expect(s.count).toBe(5);
  });
});

describe('BFGS from a given inverse Hessian', () => {
  it('converges in one step on a quadratic when H₀ is its exact inverse Hessian', () => {
    // f = ½ xᵀ A x − bᵀx with A = [[4, 1], [1, 3]], b = (1, 2): minimum at A⁻¹b = (1/11, 7/11).
    const f = (x: Float64Array, g: Float64Array) => {
      const a = x[0] as number;
      const c = x[1] as number;
      g[0] = 4 * a + c - 1;
      g[1] = a + 3 * c - 2;
      return 0.5 * (4 * a * a + 2 * a * c + 3 * c * c) - a - 2 * c;
    };
    const inverse = Float64Array.of(3 / 11, -1 / 11, -1 / 11, 4 / 11);
    const r = bfgs(f, Float64Array.of(5, -5), {
      maxIterations: 50,
      tolerance: 1e-12,
      initialInverseHessian: inverse,
    });
    expect(r.iterations).toBe(1);
    expect(r.x[0]).toBeCloseTo(1 / 11, 12);
    expect(r.x[1]).toBeCloseTo(7 / 11, 12);
  });
});

describe('the warm start of large row-by-row fits (fitModel)', () => {
  // 240,000 customers with distinct ages: above four times the 50,000-customer sample, so the warm start runs.
  const bg = continuousCustomers('betaGeo', { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 240_000);

  for (const spec of [betaGeoModel, modifiedBetaGeoModel]) {
    it(`${spec.label}: reaches the optimum of the fit from the starting values, with a third of the evaluations over every customer`, () => {
      const data = spec.prepare(bg, 'test');
      expect(data.grouped).toBe(false);
      let warmEvaluations = 0;
      const warm = fitModel(spec, data, { onEvaluation: () => warmEvaluations++ });
      let coldEvaluations = 0;
      const cold = fitModel({ ...spec, subsample: undefined }, data, {
        onEvaluation: () => coldEvaluations++,
      });
      expect(warm.converged).toBe(true);
      // The same maximum: log-likelihoods within 1e-6 (of ~1.3e6); the parameters then differ by a millionth
      // of their standard errors or less (the surface is flat along a–b, so both stop where the gradient
      // meets the tolerance, some 1e-5 apart relative).
      expect(Math.abs(warm.logLikelihood - cold.logLikelihood)).toBeLessThan(1e-6);
      for (const name of spec.paramNames)
        expect(
          Math.abs((warm.params[name] as number) - (cold.params[name] as number)) /
            (cold.standardErrors[name] as number),
        ).toBeLessThan(1e-2);
      // Standard errors come from the same Hessian at (nearly) the same point.
      for (const name of spec.paramNames)
        expect(
          Math.abs((warm.standardErrors[name] as number) / (cold.standardErrors[name] as number) - 1),
        ).toBeLessThan(1e-4);
      // Both stop where float64 resolves no further decrease of a sum over 240,000 customers (gradients ~1e-7).
      expect(warm.gradientNorm).toBeLessThanOrEqual(1e-6);
      // Evaluations over all 240,000 customers: the full BFGS steps and the Hessian's 8 (the sample's are not counted).
      expect(warmEvaluations).toBeLessThanOrEqual(14);
      expect(coldEvaluations).toBeGreaterThanOrEqual(2 * warmEvaluations);
    });
  }

  it('BG/NBD on grouped customers (ages in whole days): the same maximum, fewer evaluations', () => {
    const T = Float64Array.from({ length: 240_000 }, (_, i) => (273 + (i % 84)) / 7);
    const sim = simulateCustomers(
      fitFromParams({ model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }),
      {
        T,
        seed: 11,
        resolution: 1 / 7,
      },
    );
    const data = betaGeoModel.prepare(sim, 'test');
    expect(data.grouped).toBe(true);
    let warmEvaluations = 0;
    const warm = fitModel(betaGeoModel, data, { onEvaluation: () => warmEvaluations++ });
    const cold = fitModel({ ...betaGeoModel, subsample: undefined }, data);
    expect(Math.abs(warm.logLikelihood - cold.logLikelihood)).toBeLessThan(1e-6);
    for (const name of betaGeoModel.paramNames)
      expect(
        Math.abs((warm.params[name] as number) - (cold.params[name] as number)) /
          (cold.standardErrors[name] as number),
      ).toBeLessThan(1e-2);
    expect(warmEvaluations).toBeLessThanOrEqual(14);
  });

  it('Pareto/NBD: the same maximum as from the starting values', () => {
    const customers = continuousCustomers(
      'paretoNbd',
      { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
      200_000,
    );
    const data = paretoNbdModel.prepare(customers, 'test');
    expect(data.grouped).toBe(false);
    let warmEvaluations = 0;
    const warm = fitModel(paretoNbdModel, data, { onEvaluation: () => warmEvaluations++ });
    const cold = fitModel({ ...paretoNbdModel, subsample: undefined }, data);
    expect(Math.abs(warm.logLikelihood - cold.logLikelihood)).toBeLessThan(1e-5);
    for (const name of paretoNbdModel.paramNames)
      expect(
        Math.abs((warm.params[name] as number) - (cold.params[name] as number)) /
          (cold.standardErrors[name] as number),
      ).toBeLessThan(1e-2);
    expect(warmEvaluations).toBeLessThanOrEqual(15);
  });
});
