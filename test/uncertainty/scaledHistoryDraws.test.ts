/**
 * The per-customer engine's scaled paths (`futurePurchaseScaledPaths`, src/uncertainty/scaledHistoryDraws.ts):
 * customers with the same x share each draw's variates and only scale them. Every CDNOW customer's simulated
 * purchases over 12 months are checked against the model's closed forms (Fader, Hardie & Lee 2005 for the BG/NBD
 * and its conditional PMF; Batislam et al. 2007; Fader & Hardie 2005, 2006 for the Pareto/NBD): P(no purchase),
 * the mean and the 95 % quantile, customer by customer; and the discounting of the paths' steps.
 */
import { describe, expect, it } from 'vitest';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitGammaGamma } from '../../src/models/gammaGamma.js';
import { fitModifiedBetaGeo } from '../../src/models/modifiedBetaGeo.js';
import { fitParetoNbd } from '../../src/models/paretoNbd.js';
import {
  conditionalProbabilityOfPurchases,
  expectedPurchases,
  predictCustomerLifetimeValue,
} from '../../src/models/predict.js';
import { repeatSpenders } from '../../src/models/repeatSpenders.js';
import { predictiveLifetimeValue } from '../../src/uncertainty/libraryVerbs.js';
import { loadCdnowWithSpend } from '../models/cdnow.js';

const customers = loadCdnowWithSpend();
const n = customers.frequency.length;
const gg = fitGammaGamma(repeatSpenders(customers));
const D = 20_000;
/** Purchase counts whose conditional PMF is summed (CDNOW's heaviest buyers stay far below). */
const COUNTS = 120;

describe('scaled paths: every customer against the closed forms', () => {
  for (const [name, fitOf] of [
    ['BG/NBD', fitBetaGeo],
    ['MBG/NBD', fitModifiedBetaGeo],
    ['Pareto/NBD', fitParetoNbd],
  ] as const) {
    it(`${name}: P(none), mean and 95 % quantile of each customer's 12-month purchases`, () => {
      const fit = fitOf(customers);
      const input = { transactionModel: fit, spendModel: gg, customers, timeUnit: 'week' as const };
      const v = predictiveLifetimeValue(input, { draws: D, seed: 11, totals: false, quantiles: [0.95] });
      const t = v.t;
      const mean = expectedPurchases(fit, t, customers);
      const pmf = Array.from({ length: COUNTS }, (_, y) =>
        conditionalProbabilityOfPurchases(fit, y, t, customers),
      );
      let worstNone = 0;
      let worstMean = 0;
      let quantileMisses = 0;
      for (let i = 0; i < n; i++) {
        let mass = 0;
        let square = 0;
        let cdf = 0;
        let q95 = -1;
        let cdfAtQuantile = 0;
        for (let y = 0; y < COUNTS; y++) {
          const p = (pmf[y] as Float64Array)[i] as number;
          mass += p;
          square += y * y * p;
          cdf += p;
          if (q95 < 0 && cdf >= 0.95) {
            q95 = y;
            cdfAtQuantile = cdf;
          }
        }
        expect(mass).toBeGreaterThan(1 - 1e-9);
        const p0 = (pmf[0] as Float64Array)[i] as number;
        worstNone = Math.max(
          worstNone,
          Math.abs((v.probabilityNone[i] as number) - p0) / Math.sqrt((p0 * (1 - p0)) / D),
        );
        const m = mean[i] as number;
        worstMean = Math.max(
          worstMean,
          Math.abs((v.purchases.mean[i] as number) - m) / Math.sqrt((square - m * m) / D),
        );
        // The simulated 95 % quantile is the exact one unless the exact CDF lies within MC error of 95 %.
        const below = cdfAtQuantile - ((pmf[q95] as Float64Array)[i] as number);
        const near = 4 * Math.sqrt((0.95 * 0.05) / D);
        if (
          (v.purchases.quantiles[0] as Float64Array)[i] !== q95 &&
          below < 0.95 - near &&
          cdfAtQuantile > 0.95 + near
        )
          quantileMisses++;
      }
      // 2,357 customers (correlated through shared variates): no customer beyond 5 standard errors.
      expect(worstNone).toBeLessThan(5);
      expect(worstMean).toBeLessThan(5);
      expect(quantileMisses).toBe(0);
    });
  }

  it("BG/NBD: the discounting of each step's purchases (5 % a month) is the point CLV's", () => {
    const fit = fitBetaGeo(customers);
    const input = { transactionModel: fit, spendModel: gg, customers, timeUnit: 'week' as const };
    const at = (discountRate: number) => ({
      simulated: predictiveLifetimeValue({ ...input, discountRate }, { draws: D, seed: 3, totals: false }),
      point: predictCustomerLifetimeValue({ ...input, discountRate }).values,
    });
    const flat = at(0);
    const steep = at(0.05);
    // The same draws with and without discounting: the ratio of the discounted to the undiscounted mean is the
    // paths' placing of purchases in steps, and must be the point CLV's ratio (which E[purchases per step] sets).
    let worst = 0;
    let compared = 0;
    let bias = 0;
    for (let i = 0; i < n; i++) {
      // Customers who buy in under 1 % of the draws (all but gone) have too few purchases for a ratio.
      if ((flat.simulated.probabilityNone[i] as number) > 0.99) continue;
      compared++;
      const simulated = (steep.simulated.clv.mean[i] as number) / (flat.simulated.clv.mean[i] as number);
      const exact = (steep.point[i] as number) / (flat.point[i] as number);
      worst = Math.max(worst, Math.abs(simulated / exact - 1));
      bias += simulated / exact - 1;
    }

    expect(compared).toBeGreaterThan(0.9 * n);
    // Seed 3: worst customer 1.05 %, mean 0.045 %; a purchase placed one step late would move it by 5 %.
    expect(worst).toBeLessThan(0.02);
    expect(Math.abs(bias / compared)).toBeLessThan(0.003);
    const ratio = (steep.point[0] as number) / (flat.point[0] as number);
    expect(ratio).toBeLessThan(0.8); // the test has teeth: discounting moves the CLV by over 20 %
  });
});
