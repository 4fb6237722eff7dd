import { describe, expect, it } from 'vitest';
import { ClvFitError, ClvValidationError } from '../../src/errors.js';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitGammaGamma } from '../../src/models/gammaGamma.js';
import { repeatSpenders } from '../../src/models/repeatSpenders.js';
import { fitShiftedBetaGeometric } from '../../src/models/shiftedBetaGeometric.js';
import { bootstrapParameters } from '../../src/uncertainty/bootstrapParameters.js';
import { fitDrawsWithBootstrap } from '../../src/uncertainty/fitDrawsWithBootstrap.js';
import { drawParameters } from '../../src/uncertainty/libraryVerbs.js';
import { spendDrawSeed } from '../../src/uncertainty/predictiveLifetimeValue.js';
import { predictivePurchases } from '../../src/uncertainty/predictivePurchases.js';
import { loadCdnowSummary } from '../models/cdnow.js';

const cdnow = loadCdnowSummary();
const customers = { frequency: cdnow.frequency, recency: cdnow.recency, T: cdnow.T };
const fit = fitBetaGeo(customers);

describe('bootstrapParameters', () => {
  it('BG/NBD on CDNOW: the bootstrap spread of each parameter agrees with the asymptotic standard error (±30 %)', () => {
    const progress: number[] = [];
    const boot = bootstrapParameters(fit, customers, {
      draws: 120,
      seed: 1,
      onProgress: (done, total) => {
        expect(total).toBe(120);
        progress.push(done);
      },
    });
    expect(progress).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(boot.method).toBe('bootstrap');
    expect(boot.failedRefits).toBe(0);
    const k = boot.paramNames.length;
    boot.paramNames.forEach((name, j) => {
      let s = 0;
      let ss = 0;
      for (let d = 0; d < boot.draws; d++) {
        const v = boot.values[d * k + j] as number;
        s += v;
        ss += v * v;
      }
      const mean = s / boot.draws;
      const sd = Math.sqrt((ss - boot.draws * mean * mean) / (boot.draws - 1));
      const se = fit.standardErrors[name] as number;
      expect(sd / se).toBeGreaterThan(0.7);
      expect(sd / se).toBeLessThan(1.3);
      // The bootstrap distribution is centred near the estimate (within a third of a standard error).
      expect(Math.abs(mean - (fit.params[name] as number))).toBeLessThan(se / 3);
    });
    // Same seed, same draws; the matrix feeds the predictive verbs.
    const again = bootstrapParameters(fit, customers, { draws: 120, seed: 1 });
    expect(Array.from(again.values)).toEqual(Array.from(boot.values));
    const p = predictivePurchases(fit, 39, customers, { parameterDraws: boot, seed: 2 });
    expect(p.parameterUncertainty).toBe(true);
    expect(p.draws).toBe(120);
  });

  /** Each parameter's bootstrap standard deviation over its asymptotic standard error, and its mean's offset in SEs. */
  function spreadOverErrors(
    boot: ReturnType<typeof bootstrapParameters>,
    model: { params: Record<string, number>; standardErrors: Record<string, number> },
  ): { name: string; ratio: number; offset: number }[] {
    const k = boot.paramNames.length;
    return boot.paramNames.map((name, j) => {
      const v = Array.from({ length: boot.draws }, (_, d) => boot.values[d * k + j] as number);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
      const se = model.standardErrors[name] as number;
      return { name, ratio: sd / se, offset: (mean - (model.params[name] as number)) / se };
    });
  }

  it('Gamma-Gamma on CDNOW’s 946 repeat spenders: spreads near the asymptotic errors, the same seed the same draws', () => {
    const spenders = { frequency: [] as number[], monetaryValue: [] as number[] };
    cdnow.frequency.forEach((x, i) => {
      if (x > 0) {
        spenders.frequency.push(x);
        spenders.monetaryValue.push(cdnow.zbar[i] as number);
      }
    });
    const gg = fitGammaGamma(spenders);
    const boot = bootstrapParameters(gg, spenders, { draws: 100, seed: 5 });
    expect(boot.model).toBe('gammaGamma');
    expect(boot.paramNames).toEqual(['p', 'q', 'gamma']);
    // Seeds 5–7: ratios 1.03–1.26; p's bootstrap distribution is skewed right (its mean 0.1–0.5 SE above the estimate).
    for (const { ratio, offset } of spreadOverErrors(boot, gg)) {
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.4);
      expect(Math.abs(offset)).toBeLessThan(0.6);
    }
    expect(Array.from(bootstrapParameters(gg, spenders, { draws: 100, seed: 5 }).values)).toEqual(
      Array.from(boot.values),
    );
    // The fit's own rule for its data: a customer without repeat purchases is named, not resampled.
    expect(() => bootstrapParameters(gg, { frequency: [0, 2], monetaryValue: [0, 5] })).toThrow(/frequency/);
  });

  it('sBG on the regular cohort (Fader & Hardie 2007): customers resampled by the year they left, spreads near the errors', () => {
    const survivors = [1000, 631, 468, 382, 326, 289, 262, 241];
    const sbg = fitShiftedBetaGeometric({ survivors });
    const boot = bootstrapParameters(sbg, { survivors }, { draws: 150, seed: 2 });
    expect(boot.model).toBe('shiftedBetaGeometric');
    expect(boot.failedRefits).toBe(0);
    // Seeds 2–4: ratios 0.95–1.02, means within 0.12 SE of the estimate.
    for (const { ratio, offset } of spreadOverErrors(boot, sbg)) {
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.3);
      expect(Math.abs(offset)).toBeLessThan(1 / 3);
    }
    // Customers' data is not a survivor curve: the sBG's own message.
    expect(() => bootstrapParameters(sbg, customers)).toThrow(ClvValidationError);
    expect(() => bootstrapParameters(sbg, customers)).toThrow(/survivors/);
  });
});

describe('drawParameters falls back to the bootstrap when asked', () => {
  // The fit's covariance with a and b made perfectly correlated: not positive definite (a, b not identified).
  const cov = fit.covariance.map((row) => [...row]);
  const [ia, ib] = [fit.paramNames.indexOf('a'), fit.paramNames.indexOf('b')];
  const sa = Math.sqrt(cov[ia]?.[ia] as number);
  const sb = Math.sqrt(cov[ib]?.[ib] as number);
  (cov[ia] as number[])[ib] = 2 * sa * sb;
  (cov[ib] as number[])[ia] = 2 * sa * sb;
  const degenerate = { ...fit, covariance: cov };

  it('a covariance that is not positive definite: ClvFitError naming the parameter, or the bootstrap', () => {
    expect(() => drawParameters(degenerate, { draws: 20 })).toThrow(ClvFitError);
    expect(() => drawParameters(degenerate, { draws: 20 })).toThrow(/not positive definite at parameter b/);
    const draws = drawParameters(degenerate, { draws: 20, seed: 3, bootstrapCustomers: customers });
    expect(draws.method).toBe('bootstrap');
    expect(draws.draws).toBe(20);
    // Exactly bootstrapParameters' draws with the same count and seed; finite and positive.
    expect(Array.from(draws.values)).toEqual(
      Array.from(bootstrapParameters(fit, customers, { draws: 20, seed: 3 }).values),
    );
    expect(draws.values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    // A fit that is identified keeps its asymptotic draws, customers given or not.
    expect(drawParameters(fit, { draws: 5, seed: 3, bootstrapCustomers: customers }).method).toBe(
      'asymptotic',
    );
    // Bad input is still a validation error, not a silent bootstrap.
    expect(() => drawParameters(degenerate, { draws: 0, bootstrapCustomers: customers })).toThrow(
      ClvValidationError,
    );
  });
});

describe('fitDrawsWithBootstrap: the fallback of a CLV input’s two fits', () => {
  it('bootstraps only a fit whose covariance gives no draws: the spend fit over the repeat spenders, with the spend seed', () => {
    const withSpend = { ...customers, monetaryValue: cdnow.zbar };
    const spenders = repeatSpenders(withSpend);
    const gg = fitGammaGamma(spenders);
    // q and γ made perfectly correlated: not positive definite.
    const cov = gg.covariance.map((row) => [...row]);
    const qg = Math.sqrt((cov[1]?.[1] as number) * (cov[2]?.[2] as number));
    (cov[1] as number[])[2] = qg;
    (cov[2] as number[])[1] = qg;
    const input = { transactionModel: fit, spendModel: { ...gg, covariance: cov }, customers: withSpend };
    const boot = fitDrawsWithBootstrap(input, { draws: 20, seed: 4 });
    expect(boot.transactionDraws).toBeUndefined(); // the BG/NBD's own covariance gives its draws
    expect(boot.spendDraws?.method).toBe('bootstrap');
    expect(Array.from(boot.spendDraws?.values ?? [])).toEqual(
      Array.from(
        bootstrapParameters(
          gg,
          { frequency: spenders.frequency, monetaryValue: spenders.monetaryValue },
          { draws: 20, seed: spendDrawSeed(4) },
        ).values,
      ),
    );
    // Both fits identified: nothing to bootstrap.
    expect(fitDrawsWithBootstrap({ ...input, spendModel: gg }, { draws: 20, seed: 4 })).toEqual({});
  });
});
