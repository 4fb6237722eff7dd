import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { betaGeoBetaBinomLogLikelihoodColumns } from '../../src/models/betaGeoBetaBinom/likelihood.js';
import { fitBetaGeoBetaBinom } from '../../src/models/betaGeoBetaBinom.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { customerLogLikelihood, expectedPurchases, probabilityAlive } from '../../src/models/predict.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';
import { logFiniteDifference } from './finiteDifference.js';

/** Reference data lives outside the repository: ../shared/data relative to the repository root. */
const dataDir = join(fileURLToPath(new URL('../../', import.meta.url)), '../shared/data');

function loadDonations() {
  const rows = readFileSync(join(dataDir, 'donations.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const col = (j: number) => Float64Array.from(rows, (r) => r[j] as number);
  return { frequency: col(0), recency: col(1), periods: col(2), weights: col(3) };
}

/** Fader, Hardie & Berger (2010), the 1995 donor cohort. */
const PUBLISHED = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
const asArray = (p: typeof PUBLISHED) => Float64Array.from([p.alpha, p.beta, p.gamma, p.delta]);

type Params = typeof PUBLISHED;
type Donor = { readonly frequency: number; readonly recency: number; readonly periods: number };
/** The verbs on one donor (x, t_x, n), with n as the verbs' T. */
const bgbb = (p: Params) => fitFromParams({ model: 'betaGeoBetaBinom', params: p });
const one = (c: Donor) => ({ frequency: [c.frequency], recency: [c.recency], T: [c.periods] });
const aliveOf = (p: Params, c: Donor) => probabilityAlive(bgbb(p), one(c))[0] as number;
const expectedOf = (p: Params, n: number, c: Donor) => expectedPurchases(bgbb(p), n, one(c))[0] as number;
/** Σ w_i ln L_i from the per-customer verb. */
function totalLogLikelihood(
  p: Params,
  data: { frequency: Float64Array; recency: Float64Array; periods: Float64Array; weights: Float64Array },
): number {
  const ll = customerLogLikelihood(bgbb(p), {
    frequency: data.frequency,
    recency: data.recency,
    T: data.periods,
  });
  let total = 0;
  for (let i = 0; i < ll.length; i++) total += (data.weights[i] as number) * (ll[i] as number);
  return total;
}

function columns(x: number, tx: number, n: number) {
  return {
    frequency: Float64Array.of(x),
    recency: Float64Array.of(tx),
    periods: Float64Array.of(n),
    weights: Float64Array.of(1),
  };
}

describe('BG/BB log-likelihood', () => {
  it('is −33,225.6 on the donations data at the published parameters, within 0.1', () => {
    const ll = betaGeoBetaBinomLogLikelihoodColumns(asArray(PUBLISHED), loadDonations());
    expect(Math.abs(ll - -33225.6)).toBeLessThanOrEqual(0.1);
  });

  it('sums to 1 over every possible history of n opportunities', () => {
    // All (x, t_x) with 0 ≤ x ≤ t_x ≤ n, x = 0 ⇔ t_x = 0, each with its number of orderings C(t_x − 1, x − 1).
    const binom = (a: number, b: number) => {
      let v = 1;
      for (let i = 1; i <= b; i++) v = (v * (a - b + i)) / i;
      return v;
    };
    for (const n of [1, 3, 6, 10]) {
      let total = Math.exp(betaGeoBetaBinomLogLikelihoodColumns(asArray(PUBLISHED), columns(0, 0, n)));
      for (let tx = 1; tx <= n; tx++)
        for (let x = 1; x <= tx; x++)
          total +=
            binom(tx - 1, x - 1) *
            Math.exp(betaGeoBetaBinomLogLikelihoodColumns(asArray(PUBLISHED), columns(x, tx, n)));
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
    }
  });

  it('gradient equals finite differences (property, parameters 1e-2..1e2; 1e-6 relative + 1e-9)', () => {
    const param = fc.double({ min: Math.log(1e-2), max: Math.log(1e2), noNaN: true }).map(Math.exp);
    fc.assert(
      fc.property(
        fc.tuple(param, param, param, param),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (p, n, a, b) => {
          const tx = Math.min(a, n);
          const x = tx === 0 ? 0 : 1 + (b % tx);
          const data = columns(x, tx, n);
          const params = Float64Array.from(p);
          const g = new Float64Array(4);
          betaGeoBetaBinomLogLikelihoodColumns(params, data, g);
          for (let j = 0; j < 4; j++) {
            const numeric = logFiniteDifference(
              (q) => betaGeoBetaBinomLogLikelihoodColumns(q, data),
              params,
              j,
            );
            const analytic = (g[j] as number) * (params[j] as number);
            expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-6 * Math.abs(numeric) + 1e-9);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('BG/BB predictions', () => {
  const param = fc.double({ min: Math.log(1e-2), max: Math.log(1e2), noNaN: true }).map(Math.exp);
  const params = fc.record({ alpha: param, beta: param, gamma: param, delta: param });
  const customer = fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }))
    .map(([periods, a, b]) => {
      const recency = Math.min(a, periods);
      return { periods, recency, frequency: recency === 0 ? 0 : 1 + (b % recency) };
    });

  it('P(alive) is in [0, 1]', () => {
    fc.assert(
      fc.property(params, customer, (p, c) => {
        const a = aliveOf(p, c);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('expected purchases are ≥ 0 and non-decreasing in the number of future opportunities', () => {
    fc.assert(
      fc.property(params, customer, fc.integer({ min: 0, max: 200 }), (p, c, n) => {
        const a = expectedOf(p, n, c);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(expectedOf(p, n + 1, c)).toBeGreaterThanOrEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it('the closed form (beyond 10,000 opportunities) continues the direct sum', () => {
    // Increments are the expected transactions at one opportunity, smooth in n: the step across the switch
    // matches the step before it to 1e-3 (they differ by the slow decay of S(n) itself, about 1e-4 here).
    const c = { frequency: 3, recency: 6, periods: 6 };
    for (const p of [PUBLISHED, { ...PUBLISHED, gamma: 1.5 }, { ...PUBLISHED, gamma: 1 }]) {
      const before = expectedOf(p, 9_999, c);
      const at = expectedOf(p, 10_000, c);
      const after = expectedOf(p, 10_001, c);
      expect(after).toBeGreaterThan(at);
      expect(Math.abs(after - at - (at - before)) / (at - before)).toBeLessThan(1e-3);
    }
  });

  it('one period ahead equals P(alive at n+1) × E[p | history]', () => {
    // E[X(n, n+1)] = B(α+x+1, β+n−x)/B(α+x, β+n−x) · P(alive at n+1) = (α+x)/(α+β+n) · P(alive).
    const c = { frequency: 2, recency: 4, periods: 6 };
    const alive = aliveOf(PUBLISHED, c);
    const expected = ((PUBLISHED.alpha + 2) / (PUBLISHED.alpha + PUBLISHED.beta + 6)) * alive;
    expect(expectedOf(PUBLISHED, 1, c)).toBeCloseTo(expected, 12);
  });

  it('rejects invalid input with ClvValidationError', () => {
    expect(() => aliveOf(PUBLISHED, { frequency: 3, recency: 2, periods: 6 })).toThrow(ClvValidationError);
    expect(() =>
      expectedOf({ ...PUBLISHED, gamma: 0 }, 3, {
        frequency: 0,
        recency: 0,
        periods: 6,
      }),
    ).toThrow(ClvValidationError);
    expect(() => expectedOf(PUBLISHED, 1.5, { frequency: 0, recency: 0, periods: 6 })).toThrow(
      ClvValidationError,
    );
  });
});

function toThreeDigits(a: number, b: number): void {
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(b))) - 2);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(0.5 * unit + 1e-12);
}

describe('fitBetaGeoBetaBinom', () => {
  it('reproduces Fader, Hardie & Berger (2010): α, β, γ, δ to 3 significant digits, LL −33,225.6 ± 0.1', () => {
    const fit = fitBetaGeoBetaBinom(loadDonations());
    expect(fit.model).toBe('betaGeoBetaBinom');
    expect(fit.converged).toBe(true);
    toThreeDigits(fit.params.alpha as number, PUBLISHED.alpha);
    toThreeDigits(fit.params.beta as number, PUBLISHED.beta);
    toThreeDigits(fit.params.gamma as number, PUBLISHED.gamma);
    toThreeDigits(fit.params.delta as number, PUBLISHED.delta);
    expect(Math.abs(fit.logLikelihood - -33225.6)).toBeLessThanOrEqual(0.1);
    expect(fit.n).toBe(11104);
  });

  it('recovers its parameters from 50,000 simulated customers (95% intervals; ≥ 14 of 16 over 4 seeds)', () => {
    let inside = 0;
    for (const seed of [1, 2, 3, 4]) {
      const sim = simulateCustomers(bgbb(PUBLISHED), { customers: 50_000, T: 6, seed });
      const fit = fitBetaGeoBetaBinom({ frequency: sim.frequency, recency: sim.recency, periods: sim.T });
      for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
        const [lo, hi] = fit.confidenceIntervals[name] as readonly [number, number];
        if (PUBLISHED[name] >= lo && PUBLISHED[name] <= hi) inside += 1;
      }
    }
    expect(inside).toBeGreaterThanOrEqual(14);
  });

  it('accepts rows as well as columns, and n as periods or T, with the same result', () => {
    const columns = loadDonations();
    const rows = Array.from(columns.frequency, (x, i) => ({
      frequency: x,
      recency: columns.recency[i] as number,
      periods: columns.periods[i] as number,
      weight: columns.weights[i] as number,
    }));
    const fromColumns = fitBetaGeoBetaBinom(columns);
    expect(fitBetaGeoBetaBinom(rows).params).toEqual(fromColumns.params);
    const { periods, ...rest } = columns;
    expect(fitBetaGeoBetaBinom({ ...rest, T: periods }).params).toEqual(fromColumns.params);
  });

  it('rejects invalid data with ClvValidationError naming the rows', () => {
    try {
      fitBetaGeoBetaBinom({ frequency: [2, 2], recency: [1, 2], periods: [6, 1] });
      expect.unreachable();
    } catch (e) {
      expect((e as ClvValidationError).issues.map((i) => i.path)).toEqual(['recency[0]', 'frequency[1]']);
    }
    expect(() => fitBetaGeoBetaBinom({ frequency: [0.5], recency: [1], periods: [6] })).toThrow(
      ClvValidationError,
    );
    expect(() => fitBetaGeoBetaBinom({ frequency: [0], recency: [0], periods: [6], weights: [0] })).toThrow(
      ClvValidationError,
    );
  });
});

describe('BG/BB through the verbs', () => {
  it('takes n as T, whole periods only, and one pattern is one value however many donors share it', () => {
    const fit = bgbb(PUBLISHED);
    const customers = { frequency: [3, 0, 3], recency: [6, 0, 6], T: [6, 6, 6] };
    const alive = probabilityAlive(fit, customers);
    expect(alive[0]).toBe(alive[2]);
    expect(alive[1]).toBeLessThan(alive[0] as number);
    // The log-likelihood per donor reproduces the weighted total of the likelihood the fit maximises.
    const d = loadDonations();
    expect(totalLogLikelihood(PUBLISHED, d)).toBeCloseTo(
      betaGeoBetaBinomLogLikelihoodColumns(asArray(PUBLISHED), d),
      8,
    );
    expect(() => expectedPurchases(fit, 2.5, customers)).toThrow(ClvValidationError);
    expect(() => probabilityAlive(fit, { frequency: [1], recency: [1.5], T: [6] })).toThrow(
      ClvValidationError,
    );
  });
});

describe('BG/BB periods bounded at a million (its sums run over the opportunities)', () => {
  const fit = fitFromParams({
    model: 'betaGeoBetaBinom',
    params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 },
  });
  it('refuses a horizon, a customer or fit data beyond 1,000,000 opportunities, naming the field', () => {
    expect(() => expectedPurchases(fit, 1_000_001, [{ frequency: 1, recency: 2, T: 6 }])).toThrow(
      /t: expected whole BG\/BB periods \(a whole number in \[0, 1000000\]\)/,
    );
    expect(() => probabilityAlive(fit, [{ frequency: 1, recency: 2, T: 2_000_000 }])).toThrow(
      /customers\[0\]\.T: expected whole BG\/BB periods, at most 1000000/,
    );
    expect(() => fitBetaGeoBetaBinom([{ frequency: 1, recency: 2, periods: 1e7 }])).toThrow(
      ClvValidationError,
    );
    expect(expectedPurchases(fit, 1_000_000, [{ frequency: 1, recency: 2, T: 6 }])[0]).toBeGreaterThan(0);
  });
});
