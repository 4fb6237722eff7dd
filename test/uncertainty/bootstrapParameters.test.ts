import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { bootstrapParameters } from '../../src/uncertainty/bootstrapParameters.js';
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

  it('refuses a model not fitted on customers', () => {
    const sbg = fitFromParams({ model: 'shiftedBetaGeometric', params: { alpha: 0.7, beta: 1.2 } });
    expect(() => bootstrapParameters(sbg, customers)).toThrow(ClvValidationError);
    expect(() => bootstrapParameters(sbg, customers)).toThrow(/fit\.model/);
  });
});
