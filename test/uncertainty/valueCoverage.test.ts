/**
 * Calibration of the money intervals on simulated data with known parameters: each customer's history and
 * future are simulated forward from the BG/NBD and Gamma-Gamma stories (written here independently of the
 * samplers, which condition on the calibration summary), and the intervals of revenue and discounted CLV over
 * the next 12 months must cover the simulated future as often as they claim.
 */
import { describe, expect, it } from 'vitest';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { createRandom, type Random } from '../../src/models/simulate/random.js';
import { predictiveLifetimeValue } from '../../src/uncertainty/libraryVerbs.js';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };
const STEP = 4.348;
const STEPS = 12;
const RATE = 0.01;

/** n customers: calibration summary (x, t_x, T, m̄) and the future's revenue and discounted value. */
function simulate(n: number, rng: Random) {
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  const revenue = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const age = 39 - (i % 84) / 7;
    const lambda = rng.gamma(BG.r, BG.alpha);
    const p = rng.beta(BG.a, BG.b);
    const nu = rng.gamma(GG.q, GG.gamma);
    let time = 0;
    let x = 0;
    let spent = 0;
    for (;;) {
      time += rng.exponential(lambda);
      if (time > age + STEP * STEPS) break;
      const z = rng.gamma(GG.p, nu);
      if (time <= age) {
        x++;
        recency[i] = time;
        spent += z;
      } else {
        const k = Math.ceil((time - age) / STEP);
        revenue[i] = (revenue[i] as number) + z;
        value[i] = (value[i] as number) + z / (1 + RATE) ** k;
      }
      // Drops out after each purchase with probability p.
      if (rng.bernoulli(p)) break;
    }
    frequency[i] = x;
    T[i] = age;
    monetaryValue[i] = x > 0 ? spent / x : 0;
  }
  return { customers: { frequency, recency, T, monetaryValue }, revenue, value };
}

const input = (customers: ReturnType<typeof simulate>['customers']) => ({
  transactionModel: fitFromParams({ model: 'betaGeo', params: BG }),
  spendModel: fitFromParams({ model: 'gammaGamma', params: GG }),
  customers,
  horizon: STEPS,
  step: STEP,
  discountRate: RATE,
});

/**
 * Share of customers inside their central 90 % interval, honest for the atom at 0 (no purchase): a customer
 * with nothing counts |[0, P0] ∩ [0.05, 0.95]| / P0 (the randomized PIT of the atom), any other one whether
 * the amount lies in [Q(0.05), Q(0.95)] (continuous there).
 */
function coverage(truth: Float64Array, low: Float64Array, high: Float64Array, none: Float64Array): number {
  let inside = 0;
  for (let i = 0; i < truth.length; i++) {
    const y = truth[i] as number;
    const p0 = none[i] as number;
    if (y === 0) inside += p0 > 0 ? Math.max(0, Math.min(p0, 0.95) - 0.05) / p0 : 0;
    else if ((low[i] as number) <= y && y <= (high[i] as number)) inside++;
  }
  return inside / truth.length;
}

describe('money intervals on simulated BG/NBD + Gamma-Gamma customers (known parameters)', () => {
  it('the 90 % intervals of 12-month revenue and discounted CLV cover the simulated future 88–92 % (20,000 customers)', () => {
    const { customers, revenue, value } = simulate(20000, createRandom(2026));
    const v = predictiveLifetimeValue(input(customers), { draws: 500, seed: 4, quantiles: [0.05, 0.95] });
    const revenueCoverage = coverage(
      revenue,
      v.revenue.quantiles[0] as Float64Array,
      v.revenue.quantiles[1] as Float64Array,
      v.probabilityNone,
    );
    const clvCoverage = coverage(
      value,
      v.clv.quantiles[0] as Float64Array,
      v.clv.quantiles[1] as Float64Array,
      v.probabilityNone,
    );
    expect(revenueCoverage).toBeGreaterThan(0.88);
    expect(revenueCoverage).toBeLessThan(0.92);
    expect(clvCoverage).toBeGreaterThan(0.88);
    expect(clvCoverage).toBeLessThan(0.92);
  });

  it('the 90 % interval of a 300-customer base’s total CLV covers the simulated total in 84–96 % of 200 runs', () => {
    const rng = createRandom(77);
    let covered = 0;
    const runs = 200;
    for (let run = 0; run < runs; run++) {
      const { customers, value } = simulate(300, rng);
      const v = predictiveLifetimeValue(input(customers), {
        draws: 200,
        seed: run + 1,
        quantiles: [0.05, 0.95],
      });
      let total = 0;
      for (const x of value) total += x;
      const q = v.totals[0]?.clv.quantiles as Float64Array;
      if ((q[0] as number) <= total && total <= (q[1] as number)) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.84);
    expect(covered / runs).toBeLessThan(0.96);
  });
});
