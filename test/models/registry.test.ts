/**
 * One test body for every model of the registry: each verb on each model (so a new model cannot skip one
 * silently), the properties every model's predictions must have, its gradient, and simulate → fit.
 */
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import type { CustomerColumns } from '../../src/models/data/customers.js';
import { fitSpec } from '../../src/models/fit/fitSpec.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import type { ModelId, ModelKernels, ModelSpec } from '../../src/models/model.js';
import {
  conditionalProbabilityOfPurchases,
  customerLogLikelihood,
  discountedExpectedResidualPurchases,
  expectedCumulativePurchases,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  expectedRepeatCountDistribution,
  expectedSpend,
  probabilityAlive,
  probabilityOfPurchases,
} from '../../src/models/predict.js';
import { MODELS } from '../../src/models/registry.js';
import { simulateGammaGamma } from '../../src/models/simulate/gammaGamma.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';
import { customerEquity } from '../../src/uncertainty/customerEquity.js';
import { predictivePurchases } from '../../src/uncertainty/predictivePurchases.js';
import { logFiniteDifference } from './finiteDifference.js';

/** Every model's test case: parameters near published fits, and how long customers are observed. */
const CASES: Record<
  ModelId,
  { readonly params: Record<string, number>; readonly T: number; readonly t: number }
> = {
  betaGeo: { params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, T: 39, t: 39 },
  modifiedBetaGeo: { params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, T: 39, t: 39 },
  paretoNbd: { params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, T: 39, t: 39 },
  betaGeoBetaBinom: { params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, T: 6, t: 5 },
  shiftedBetaGeometric: { params: { alpha: 0.704, beta: 1.182 }, T: 7, t: 5 },
  gammaGamma: { params: { p: 6.25, q: 3.74, gamma: 15.44 }, T: 0, t: 0 },
};

/**
 * The verbs a transaction model must define, and how the test calls each. `futurePurchaseScaledPaths` is a faster
 * form of the path sampler that only the continuous-time models have (checked below, and against the closed
 * forms in test/uncertainty/scaledHistoryDraws.test.ts).
 */
const VERBS: Record<
  Exclude<keyof ModelKernels, 'futurePurchaseScaledPaths'>,
  (fit: ReturnType<typeof fitFromParams>, c: CustomerColumns, t: number) => unknown
> = {
  probabilityAlive: (fit, c) => probabilityAlive(fit, c),
  expectedPurchases: (fit, c, t) => expectedPurchases(fit, t, c),
  expectedPurchasesNewCustomer: (fit, _c, t) => expectedPurchasesNewCustomer(fit, t),
  probabilityOfPurchases: (fit, _c, t) => probabilityOfPurchases(fit, 1, t),
  conditionalProbabilityOfPurchases: (fit, c, t) => conditionalProbabilityOfPurchases(fit, 0, t, c),
  discountedExpectedResidualPurchases: (fit, c) => discountedExpectedResidualPurchases(fit, 0.01, c),
  customerLogLikelihood: (fit, c) => customerLogLikelihood(fit, c),
  futurePurchaseSampler: (fit, c, t) => predictivePurchases(fit, t, c, { draws: 20 }).mean,
  futurePurchasePathSampler: (fit, c, t) =>
    customerEquity(
      { transactionModel: fit, customers: c, valuePerPurchase: 1, horizon: t, step: 1 },
      { draws: 20 },
    ).total.mean,
};

const transactionModels = MODELS.filter((m) => m.dataKind !== 'spend');

function sample(spec: ModelSpec, customers: number, seed: number) {
  const c = CASES[spec.model];
  const fit = fitFromParams({ model: spec.model, params: c.params });
  // Ages spread like a cohort acquired over a quarter (whole periods for the discrete models).
  const T = Float64Array.from({ length: customers }, (_, i) =>
    spec.dataKind === 'continuous' ? c.T - (i % 84) / 7 : c.T,
  );
  return { fit, case: c, customers: simulateCustomers(fit, { T, seed, resolution: 1 / 7 }) };
}

describe('the registry', () => {
  it('has a test case for every model and one id, label and alias each', () => {
    expect(Object.keys(CASES).sort()).toEqual(MODELS.map((m) => m.model).sort());
    const names = MODELS.flatMap((m) => [m.model, ...m.aliases]);
    expect(new Set(names).size).toBe(names.length);
    for (const m of MODELS) {
      expect(m.paramNames).toEqual(Object.keys(CASES[m.model].params));
      expect(Object.keys(m.paramDescriptions)).toEqual([...m.paramNames]);
      expect(m.source.length).toBeGreaterThan(20);
    }
  });

  it('every transaction model defines every verb; the spend model refuses them by name', () => {
    for (const spec of MODELS) {
      const {
        fit,
        customers,
        case: c,
      } = spec.dataKind === 'spend'
        ? {
            ...sample(MODELS[0] as ModelSpec, 20, 1),
            fit: fitFromParams({ model: spec.model, params: CASES[spec.model].params }),
          }
        : sample(spec, 50, 1);
      for (const [verb, call] of Object.entries(VERBS)) {
        if (spec.dataKind === 'spend') {
          if (verb === 'customerLogLikelihood') continue;
          expect(() => call(fit, customers, c.t), `${spec.model}.${verb}`).toThrow(
            new RegExp(
              `fit.model: expected a model that defines ${verb}.*received "gammaGamma \\(Gamma-Gamma\\)"`,
            ),
          );
        } else {
          expect(spec.kernels[verb as keyof ModelKernels], `${spec.model} defines ${verb}`).toBeTypeOf(
            'function',
          );
          const value = call(fit, customers, c.t);
          const values = typeof value === 'number' ? [value] : Array.from(value as Float64Array);
          expect(values.every(Number.isFinite), `${spec.model}.${verb} finite`).toBe(true);
        }
      }
    }
    for (const spec of transactionModels)
      expect(typeof spec.kernels.futurePurchaseScaledPaths, spec.model).toBe(
        spec.dataKind === 'continuous' ? 'function' : 'undefined',
      );
    expect(() =>
      expectedSpend(fitFromParams({ model: 'betaGeo', params: CASES.betaGeo.params }), {
        frequency: [1],
        monetaryValue: [3],
      }),
    ).toThrow(ClvValidationError);
  });
});

describe.each(transactionModels.map((m) => [m.label, m] as const))('%s through the verbs', (_label, spec) => {
  const { fit, customers, case: c } = sample(spec, 400, 7);

  it('P(alive) is in [0, 1]; expected purchases are ≥ 0 and non-decreasing in t', () => {
    for (const p of probabilityAlive(fit, customers)) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    const steps = [0, 1, 2, c.t, 2 * c.t];
    let previous: Float64Array = new Float64Array(customers.frequency.length);
    for (const t of steps) {
      const e = expectedPurchases(fit, t, customers);
      for (let i = 0; i < e.length; i++) {
        expect(e[i]).toBeGreaterThanOrEqual((previous[i] as number) * (1 - 1e-12));
      }
      previous = e;
    }
    let last = 0;
    for (const t of steps) {
      const e = expectedPurchasesNewCustomer(fit, t);
      expect(e).toBeGreaterThanOrEqual(last * (1 - 1e-12));
      last = e;
    }
  });

  it('the conditional PMF sums to 1 over n and its mean is expectedPurchases (1e-6)', () => {
    const some = {
      frequency: customers.frequency.slice(0, 40),
      recency: customers.recency.slice(0, 40),
      T: customers.T.slice(0, 40),
    };
    const total = new Float64Array(40);
    const mean = new Float64Array(40);
    for (let n = 0; n <= 400; n++) {
      const p = conditionalProbabilityOfPurchases(fit, n, c.t, some);
      for (let i = 0; i < 40; i++) {
        total[i] = (total[i] as number) + (p[i] as number);
        mean[i] = (mean[i] as number) + n * (p[i] as number);
      }
    }
    const e = expectedPurchases(fit, c.t, some);
    for (let i = 0; i < 40; i++) {
      expect(Math.abs((total[i] as number) - 1)).toBeLessThan(1e-6);
      expect(Math.abs((mean[i] as number) - (e[i] as number))).toBeLessThan(1e-6 * (1 + (e[i] as number)));
    }
  });

  it("a new customer's PMF sums to 1 and its mean is E[X(t)]; the repeat-count histogram counts every customer", () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n <= 400; n++) {
      const p = probabilityOfPurchases(fit, n, c.t);
      total += p;
      mean += n * p;
    }
    expect(Math.abs(total - 1)).toBeLessThan(1e-6);
    expect(Math.abs(mean - expectedPurchasesNewCustomer(fit, c.t))).toBeLessThan(1e-6);
    const histogram = expectedRepeatCountDistribution(fit, customers, 5);
    expect(histogram.reduce((a, b) => a + b, 0)).toBeCloseTo(customers.frequency.length, 6);
  });

  it('DERT lies between 0 and the undiscounted expectation over a long horizon, and falls as the rate rises', () => {
    const slow = discountedExpectedResidualPurchases(fit, 0.001, customers);
    const fast = discountedExpectedResidualPurchases(fit, 0.05, customers);
    for (let i = 0; i < slow.length; i++) {
      expect(fast[i]).toBeGreaterThanOrEqual(0);
      expect(fast[i]).toBeLessThanOrEqual((slow[i] as number) * (1 + 1e-9));
    }
  });

  it('the tracking curve is cumulative: non-decreasing, its increments summing to its last value', () => {
    const times = Array.from({ length: 12 }, (_, k) => (k + 1) * Math.max(1, Math.round(c.T / 6)));
    const curve = expectedCumulativePurchases(fit, { ages: customers.T, times });
    let sum = 0;
    for (let j = 0; j < times.length; j++) {
      sum += curve.incremental[j] as number;
      if (j > 0) expect(curve.cumulative[j]).toBeGreaterThanOrEqual(curve.cumulative[j - 1] as number);
    }
    expect(sum).toBeCloseTo(curve.cumulative[times.length - 1] as number, 9);
  });

  it("the likelihood's gradient equals finite differences; the per-customer log-likelihood sums to it", () => {
    const data =
      spec.model === 'shiftedBetaGeometric'
        ? { survivors: survivorsOf(customers, c.T) }
        : fitData(spec, customers);
    const prepared = spec.prepare(data, 'test');
    const theta = Float64Array.from(spec.paramNames, (name) => c.params[name] as number);
    const grad = new Float64Array(theta.length);
    const ll = spec.logLikelihood(theta, prepared, grad);
    for (let j = 0; j < theta.length; j++) {
      const numeric = logFiniteDifference((q) => spec.logLikelihood(q, prepared), theta, j);
      expect(Math.abs((theta[j] as number) * (grad[j] as number) - numeric)).toBeLessThan(
        1e-6 * (1 + Math.abs(ll)),
      );
    }
    const perCustomer = customerLogLikelihood(fit, customers).reduce((a, b) => a + b, 0);
    expect(perCustomer).toBeCloseTo(ll, 6);
  });

  it('simulate → fit recovers every parameter within 3 standard errors (20,000 customers)', () => {
    const big = sample(spec, 20_000, 11).customers;
    const data =
      spec.model === 'shiftedBetaGeometric' ? { survivors: survivorsOf(big, c.T) } : fitData(spec, big);
    const estimate = fitSpec(spec, data, 'test');
    for (const name of spec.paramNames) {
      const se = estimate.standardErrors[name] as number;
      expect(Math.abs((estimate.params[name] as number) - (c.params[name] as number)), name).toBeLessThan(
        3 * se,
      );
    }
  });
});

describe('Gamma-Gamma through the verbs', () => {
  it('expected spend lies between the customer mean and the population mean; the per-customer log-likelihood sums to the fit', () => {
    const params = CASES.gammaGamma.params as { p: number; q: number; gamma: number };
    const frequency = Float64Array.from({ length: 2000 }, (_, i) => 1 + (i % 9));
    const spend = simulateGammaGamma({ params, frequency, seed: 3 });
    const fit = fitSpec(MODELS.find((m) => m.model === 'gammaGamma') as ModelSpec, spend, 'test');
    const e = expectedSpend(fit, spend);
    const population =
      ((fit.params.p as number) * (fit.params.gamma as number)) / ((fit.params.q as number) - 1);
    for (let i = 0; i < e.length; i++) {
      const m = spend.monetaryValue[i] as number;
      expect(e[i]).toBeGreaterThanOrEqual(Math.min(m, population) - 1e-9);
      expect(e[i]).toBeLessThanOrEqual(Math.max(m, population) + 1e-9);
    }
    expect(customerLogLikelihood(fit, spend).reduce((a, b) => a + b, 0)).toBeCloseTo(fit.logLikelihood, 6);
  });
});

/** A model's fitting data from simulated customers (BG/BB takes n as periods). */
function fitData(spec: ModelSpec, c: CustomerColumns) {
  return spec.dataKind === 'discrete'
    ? { frequency: c.frequency, recency: c.recency, periods: c.T }
    : { frequency: c.frequency, recency: c.recency, T: c.T };
}

/** sBG customers (x renewals of T decisions, all with the same T) as a cohort's survivor curve. */
function survivorsOf(c: CustomerColumns, T: number): Float64Array {
  const survivors = new Float64Array(T + 1);
  for (let i = 0; i < c.frequency.length; i++)
    for (let t = 0; t <= (c.frequency[i] as number); t++) survivors[t] = (survivors[t] as number) + 1;
  return survivors;
}
