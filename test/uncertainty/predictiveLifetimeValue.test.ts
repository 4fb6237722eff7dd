import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitBetaGeoBetaBinom } from '../../src/models/betaGeoBetaBinom.js';
import type { NumericColumn } from '../../src/models/data/columns.js';
import type { Fit } from '../../src/models/fit/fitModel.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { fitGammaGamma } from '../../src/models/gammaGamma.js';
import { discountedPurchases, discountingSettings } from '../../src/models/lifetimeValue.js';
import { fitModifiedBetaGeo } from '../../src/models/modifiedBetaGeo.js';
import { fitParetoNbd } from '../../src/models/paretoNbd.js';
import { conditionalProbabilityOfPurchases, predictCustomerLifetimeValue } from '../../src/models/predict.js';
import { MODELS } from '../../src/models/registry.js';
import { repeatSpenders } from '../../src/models/repeatSpenders.js';
import { fitShiftedBetaGeometric } from '../../src/models/shiftedBetaGeometric.js';
import { customerEquity } from '../../src/uncertainty/customerEquity.js';
import { drawParameters, predictiveLifetimeValue } from '../../src/uncertainty/libraryVerbs.js';
import { loadCdnowSummary } from '../models/cdnow.js';
import { loadDonations, REGULAR, regularCustomers, sum } from './cases.js';

const cdnow = loadCdnowSummary();
const customers = {
  frequency: cdnow.frequency,
  recency: cdnow.recency,
  T: cdnow.T,
  monetaryValue: cdnow.zbar,
};
const bg = fitBetaGeo(customers);
const gg = fitGammaGamma(repeatSpenders(customers));
const input = { transactionModel: bg, spendModel: gg, customers, timeUnit: 'week' as const };

interface Case {
  readonly fit: Fit;
  readonly step: number;
  readonly horizon: number;
  readonly customers: {
    frequency: NumericColumn;
    recency: NumericColumn;
    T: NumericColumn;
    weights?: NumericColumn;
  };
}
const cases: Record<string, () => Case> = {
  betaGeo: () => ({ fit: bg, step: 4.348, horizon: 9, customers }),
  modifiedBetaGeo: () => ({ fit: fitModifiedBetaGeo(customers), step: 4.348, horizon: 9, customers }),
  paretoNbd: () => ({ fit: fitParetoNbd(customers), step: 4.348, horizon: 9, customers }),
  betaGeoBetaBinom: () => {
    const d = loadDonations();
    return { fit: fitBetaGeoBetaBinom({ ...d, periods: d.T }), step: 1, horizon: 5, customers: d };
  },
  shiftedBetaGeometric: () => ({
    fit: fitShiftedBetaGeometric({ survivors: REGULAR.slice(0, 8) }),
    step: 1,
    horizon: 5,
    customers: regularCustomers(),
  }),
};

describe('purchase paths: every model’s discounted purchases agree with the point CLV’s rule', () => {
  for (const [model, make] of Object.entries(cases)) {
    it(`${model}: E[Σ_k N_k / (1+d)^k] = Σ_k ΔE[Y(k s)] / (1+d)^k within 4 MC standard errors, at d = 0 and 0.05`, () => {
      const { fit, step, horizon, customers: c } = make();
      for (const discountRate of [0, 0.05]) {
        // The donations stand for 11,104 customers: fewer draws give the same precision of the total.
        const D = model === 'betaGeoBetaBinom' ? 300 : 1000;
        const settings = {
          transactionModel: fit,
          customers: c,
          valuePerPurchase: 1,
          horizon,
          step,
          discountRate,
        };
        const equity = customerEquity(settings, { draws: D, seed: 5 });
        const point = discountedPurchases(
          discountingSettings(MODELS, settings, 'test'),
          discountingSettings(MODELS, settings, 'test').customers,
        );
        const w = c.weights ?? new Float64Array(c.frequency.length).fill(1);
        let expected = 0;
        for (let i = 0; i < w.length; i++) expected += (point.discounted[i] as number) * (w[i] as number);
        const se = equity.total.standardDeviation / Math.sqrt(D);
        expect(Math.abs(equity.total.mean - expected), `${model} d=${discountRate}`).toBeLessThan(
          4 * se + 1e-9,
        );
      }
    });
  }
});

describe('predictiveLifetimeValue', () => {
  const D = 1000;
  const v = predictiveLifetimeValue(input, { draws: D, seed: 3 });
  const point = predictCustomerLifetimeValue(input);

  it('BG/NBD + Gamma-Gamma on CDNOW: the total CLV’s mean is Σ point CLV within 4 MC standard errors', () => {
    const total = v.totals[0];
    expect(total?.customers).toBe(2357);
    const se = (total?.clv.standardDeviation as number) / Math.sqrt(D);
    expect(Math.abs((total?.clv.mean as number) - sum(point.values))).toBeLessThan(4 * se);
    // Per customer: the means of the first D draws also add up to it, within the sum of their MC errors.
    expect(sum(v.clv.mean) / sum(point.values)).toBeGreaterThan(0.98);
    expect(sum(v.clv.mean) / sum(point.values)).toBeLessThan(1.02);
  });

  it('P(no purchase) is the conditional PMF at 0 over the horizon; quantiles are ordered; money in cents', () => {
    const p0 = conditionalProbabilityOfPurchases(bg, 0, 12 * v.step, customers);
    expect(Math.abs(sum(v.probabilityNone) - sum(p0))).toBeLessThan(4 * Math.sqrt(sum(p0) / D));
    for (let i = 0; i < 2357; i += 97) {
      const [lo, mid, hi] = v.clv.quantiles.map((q) => q[i] as number) as [number, number, number];
      expect(lo).toBeLessThanOrEqual(mid);
      expect(mid).toBeLessThanOrEqual(hi);
      expect((v.revenue.quantiles[2]?.[i] as number) + 1e-9).toBeGreaterThanOrEqual(hi);
      // P(none) ≥ 5 % ⇔ the 5 % quantile is 0 (draws are 0 exactly when nothing is bought).
      expect(lo === 0).toBe((v.probabilityNone[i] as number) >= 0.05);
      expect(v.clv.money.quantiles[2]?.[i]?.toString()).toBe((Math.round(hi * 100 + 1e-9) / 100).toString());
    }
    expect(v.totals[0]?.clv.money.mean.decimalPlaces()).toBeLessThanOrEqual(2);
  });

  it('the margin scales the CLV draw by draw; revenue stays undiscounted spend', () => {
    const m = predictiveLifetimeValue({ ...input, margin: 0.25 }, { draws: 200, seed: 3 });
    const full = predictiveLifetimeValue(input, { draws: 200, seed: 3 });
    expect(m.totals[0]?.clv.draws[7]).toBeCloseTo(0.25 * (full.totals[0]?.clv.draws[7] as number), 6);
    expect(m.totals[0]?.revenue.draws).toEqual(full.totals[0]?.revenue.draws);
    // Discounting makes the CLV smaller than the revenue of the same draw.
    expect(full.totals[0]?.clv.draws[7] as number).toBeLessThan(full.totals[0]?.revenue.draws[7] as number);
  });

  it('groups partition the joint draws; parameter draws widen the total’s interval', () => {
    const groups = Array.from(customers.frequency, (x) => (x === 0 ? 'one-off' : 'repeat'));
    const g = predictiveLifetimeValue(input, { draws: 300, seed: 9, groups });
    const all = predictiveLifetimeValue(input, { draws: 300, seed: 9 });
    expect(g.totals.map((t) => t.group)).toEqual(['repeat', 'one-off']);
    for (const d of [0, 150, 299])
      expect((g.totals[0]?.clv.draws[d] as number) + (g.totals[1]?.clv.draws[d] as number)).toBeCloseTo(
        all.totals[0]?.clv.draws[d] as number,
        6,
      );
    const withParams = predictiveLifetimeValue(input, {
      parameterDraws: drawParameters(bg, { draws: 300, seed: 2 }),
      spendParameterDraws: drawParameters(gg, { draws: 300, seed: 4 }),
      seed: 9,
    });
    const width = (t: typeof all) =>
      (t.totals[0]?.clv.quantiles[2] as number) - (t.totals[0]?.clv.quantiles[0] as number);
    expect(withParams.parameterUncertainty).toBe(true);
    expect(width(withParams)).toBeGreaterThan(width(all));
  });

  it('customers alike in (x, t_x, T) but not in m̄ get their own intervals; identical ones share theirs', () => {
    const few = {
      frequency: [3, 3, 3],
      recency: [20, 20, 20],
      T: [30, 30, 30],
      monetaryValue: [10, 100, 10],
    };
    const w = predictiveLifetimeValue({ ...input, customers: few }, { draws: 2000, seed: 1 });
    const [cheap, dear, same] = [0, 1, 2].map((i) => w.clv.quantiles[2]?.[i] as number);
    expect(dear).toBeGreaterThan(3 * (cheap as number));
    expect(same).toBe(cheap);
    expect(w.clv.mean[2]).toBe(w.clv.mean[0]);
    expect(w.probabilityNone[1]).toBeCloseTo(w.probabilityNone[0] as number, 1);
  });

  it('totals: false draws each distinct customer once: no sums, the same per-customer distribution', () => {
    const repeated = {
      frequency: Float64Array.from({ length: 4 * 2357 }, (_, i) => customers.frequency[i % 2357] as number),
      recency: Float64Array.from({ length: 4 * 2357 }, (_, i) => customers.recency[i % 2357] as number),
      T: Float64Array.from({ length: 4 * 2357 }, (_, i) => customers.T[i % 2357] as number),
      monetaryValue: Float64Array.from(
        { length: 4 * 2357 },
        (_, i) => customers.monetaryValue[i % 2357] as number,
      ),
    };
    const D = 2000;
    const fast = predictiveLifetimeValue(
      { ...input, customers: repeated },
      { draws: D, seed: 6, totals: false },
    );
    expect(fast.totals).toEqual([]);
    expect(fast.clv.quantiles[2]?.[2357 + 17]).toBe(fast.clv.quantiles[2]?.[17]);
    const full = predictiveLifetimeValue(input, { draws: 400, seed: 6 });
    // Σ P(none) over the first copy, and the full run's, against the model's Σ P(no purchase | history). The
    // full run's customers are independent; the per-customer run's share variates across customers with the
    // same x, so its bound adds the customers' standard errors (perfect correlation, the worst case).
    const exact = conditionalProbabilityOfPurchases(bg, 0, fast.t, customers);
    let a = 0;
    let b = 0;
    let e = 0;
    let correlated = 0;
    for (let i = 0; i < 2357; i++) {
      a += fast.probabilityNone[i] as number;
      b += full.probabilityNone[i] as number;
      const p = exact[i] as number;
      e += p;
      correlated += Math.sqrt((p * (1 - p)) / D);
    }
    expect(Math.abs(a - e)).toBeLessThan(4 * correlated);
    expect(Math.abs(b - e)).toBeLessThan(4 * Math.sqrt(e / 400));
    expect(() => customerEquity({ ...input }, { totals: false })).toThrow(/options.totals/);
  });

  it('is reproducible by seed', () => {
    const a = predictiveLifetimeValue(input, { draws: 50, seed: 17 });
    const b = predictiveLifetimeValue(input, { draws: 50, seed: 17 });
    expect(a.totals[0]?.clv.draws).toEqual(b.totals[0]?.clv.draws);
    expect(a.clv.quantiles[2]).toEqual(b.clv.quantiles[2]);
  });

  it('refuses bad options and mismatched spend draws by name', () => {
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ClvValidationError);
        return (e as ClvValidationError).message;
      }
      return 'no error';
    };
    expect(fail(() => predictiveLifetimeValue(input, { quantiles: [1.5] }))).toMatch(/quantiles/);
    expect(
      fail(() =>
        predictiveLifetimeValue(input, { draws: 10, spendParameterDraws: drawParameters(gg, { draws: 20 }) }),
      ),
    ).toMatch(/spendParameterDraws/);
    expect(fail(() => predictiveLifetimeValue(input, { groups: ['a'] }))).toMatch(/options.groups/);
    expect(fail(() => predictiveLifetimeValue({ ...input, spendModel: bg }))).toMatch(/expectedSpend/);
  });
});

describe('customerEquity', () => {
  it('sBG by hand: one active subscriber’s equity is Σ_k v S(T+k)/S(T) / (1+d)^k; a churned one is worth 0', () => {
    const fit = fitFromParams({ model: 'shiftedBetaGeometric', params: { alpha: 0.704, beta: 1.182 } });
    const D = 40000;
    const e = customerEquity(
      {
        transactionModel: fit,
        customers: { frequency: [7, 3], recency: [7, 3], T: [7, 7] },
        valuePerPurchase: '120',
        horizon: 5,
        discountRate: 0.1,
        groups: undefined as never,
      } as never,
      { draws: D, seed: 1, groups: ['active', 'churned'] },
    );
    let survival = 1;
    let expected = 0;
    for (let k = 1; k <= 5; k++) {
      survival *= (1.182 + 7 + k - 1) / (0.704 + 1.182 + 7 + k - 1);
      expected += (120 * survival) / 1.1 ** k;
    }
    const [active, churned] = e.groups;
    expect(Math.abs((active?.mean as number) - expected)).toBeLessThan(
      4 * ((active?.standardDeviation as number) / Math.sqrt(D)),
    );
    expect(churned?.mean).toBe(0);
    expect(Array.from(churned?.quantiles ?? [])).toEqual([0, 0, 0]);
    // The draws take the values of 0 … 5 renewals: the 95 % quantile is all five, discounted.
    let all5 = 0;
    for (let k = 1; k <= 5; k++) all5 += 120 / 1.1 ** k;
    expect(active?.quantiles[2]).toBeCloseTo(all5, 9);
    expect(e.total.money.quantiles[2]?.toFixed(2)).toBe((Math.round(all5 * 100) / 100).toFixed(2));
  });

  it('future cohorts: A new customers a step, each a new customer acquired at the step’s start', () => {
    const fit = fitFromParams({ model: 'shiftedBetaGeometric', params: { alpha: 0.704, beta: 1.182 } });
    const D = 20000;
    const e = customerEquity(
      {
        transactionModel: fit,
        customers: { frequency: [3], recency: [3], T: [7] },
        valuePerPurchase: 10,
        horizon: 3,
        discountRate: 0,
        acquisitionsPerStep: 2,
      },
      { draws: D, seed: 2 },
    );
    // A cohort acquired at the start of step j renews in steps j … 3: E = Σ_{m=1}^{3−j+1} S(m)/S(0) each.
    const s = (m: number) => {
      let v = 1;
      for (let j = 0; j < m; j++) v *= (1.182 + j) / (0.704 + 1.182 + j);
      return v;
    };
    let expected = 0;
    for (let j = 1; j <= 3; j++) for (let m = 1; m <= 3 - j + 1; m++) expected += 2 * 10 * s(m);
    expect(e.newCustomers?.customers).toBe(6);
    expect(Math.abs((e.newCustomers?.mean as number) - expected)).toBeLessThan(
      4 * ((e.newCustomers?.standardDeviation as number) / Math.sqrt(D)),
    );
    expect(e.total.mean).toBeCloseTo(e.newCustomers?.mean as number, 9);
    expect(e.total.customers).toBe(7);
  });

  it('a plan of acquisitions, one count a step: the same draws as one count for every step, and A_j customers at step j', () => {
    const fit = fitFromParams({ model: 'shiftedBetaGeometric', params: { alpha: 0.704, beta: 1.182 } });
    const D = 20000;
    const equity = (acquisitionsPerStep: number | number[]) =>
      customerEquity(
        {
          transactionModel: fit,
          customers: { frequency: [3], recency: [3], T: [7] },
          valuePerPurchase: 10,
          horizon: 3,
          discountRate: 0,
          acquisitionsPerStep,
        },
        { draws: D, seed: 2 },
      );
    // [2, 2, 2] is 2 a step, draw for draw.
    expect(equity([2, 2, 2]).newCustomers?.draws).toEqual(equity(2).newCustomers?.draws);
    // [3, 0, 1]: 3 customers renewing in steps 1 … 3, none acquired at step 2, 1 renewing in step 3 only.
    const s = (m: number) => {
      let v = 1;
      for (let j = 0; j < m; j++) v *= (1.182 + j) / (0.704 + 1.182 + j);
      return v;
    };
    const plan = [3, 0, 1];
    let expected = 0;
    for (let j = 1; j <= 3; j++)
      for (let m = 1; m <= 3 - j + 1; m++) expected += (plan[j - 1] as number) * 10 * s(m);
    const e = equity(plan);
    expect(e.newCustomers?.customers).toBe(4);
    expect(Math.abs((e.newCustomers?.mean as number) - expected)).toBeLessThan(
      4 * ((e.newCustomers?.standardDeviation as number) / Math.sqrt(D)),
    );
    // A plan of zeros acquires no one, as acquisitionsPerStep: 0 does.
    expect(equity([0, 0, 0]).newCustomers).toBeUndefined();
    expect(equity([0, 0, 0]).total.draws).toEqual(equity(0).total.draws);
  });

  it('refuses a plan of acquisitions of another length than the horizon, or with a count that is not whole', () => {
    const fit = fitFromParams({ model: 'shiftedBetaGeometric', params: { alpha: 0.704, beta: 1.182 } });
    const base = {
      transactionModel: fit,
      customers: { frequency: [3], recency: [3], T: [7] },
      valuePerPurchase: 10,
      horizon: 3,
    };
    const issuesOf = (acquisitionsPerStep: unknown) => {
      try {
        customerEquity({ ...base, acquisitionsPerStep } as never, { draws: 10, seed: 1 });
      } catch (e) {
        expect(e).toBeInstanceOf(ClvValidationError);
        return (e as ClvValidationError).issues.map((i) => `${i.path}: ${i.expected}`);
      }
      return [];
    };
    expect(issuesOf([1, 2])).toEqual(["acquisitionsPerStep: one number for each of the horizon's 3 steps"]);
    expect(issuesOf([1, 1.5, -2])).toEqual([
      expect.stringMatching(/^acquisitionsPerStep\[1\]: /),
      expect.stringMatching(/^acquisitionsPerStep\[2\]: /),
    ]);
    expect(issuesOf(true)).toEqual([expect.stringMatching(/^acquisitionsPerStep: /)]);
    // Every new customer is simulated over the horizon in every draw: 1e9 a step, or one a step over 100,000
    // steps, is refused at once rather than run for hours.
    const runaway = (acquisitionsPerStep: unknown, draws: number, horizon = 3) => {
      try {
        customerEquity({ ...base, horizon, acquisitionsPerStep } as never, { draws, seed: 1 });
      } catch (e) {
        return (e as ClvValidationError).issues[0]?.expected;
      }
      return 'ran';
    };
    expect(runaway(1e9, 1000)).toBe(
      'new customers × draws × (steps + 35) of at most 3e+11 (each new customer is simulated over the horizon in every draw; here 3,000,000,000 × 1,000 × 38 = 1.14e+14): give fewer draws or a shorter horizon',
    );
    expect(runaway(1, 100, 100_000)).toMatch(
      /^new customers × draws × \(steps \+ 35\) of at most 3e\+11 .*here 100,000 × 100 × 100,035 = 1\.00e\+12/,
    );
    expect(runaway([0, 0, 1_000_000], 1)).toBe('ran');
  });

  it('transaction models with Gamma-Gamma: today’s equity is the total CLV of predictiveLifetimeValue (same draws)', () => {
    const eq = customerEquity({ ...input }, { draws: 200, seed: 8 });
    const v = predictiveLifetimeValue(input, { draws: 200, seed: 8 });
    expect(eq.groups[0]?.draws).toEqual(v.totals[0]?.clv.draws);
    expect(eq.total.mean).toBeCloseTo(v.totals[0]?.clv.mean as number, 6);
  });

  it('needs exactly one of spendModel and valuePerPurchase; acquisitions are whole', () => {
    expect(() => customerEquity({ transactionModel: bg, customers, timeUnit: 'week' })).toThrow(/spendModel/);
    expect(() =>
      customerEquity({ transactionModel: bg, customers, valuePerPurchase: 5, acquisitionsPerStep: 1.5 }),
    ).toThrow(/acquisitionsPerStep/);
    expect(() => customerEquity({ transactionModel: bg, customers, valuePerPurchase: -1 })).toThrow(
      /valuePerPurchase/,
    );
  });
});
