/**
 * Coverage on held-out data nobody tuned on (issue 16): the grocery cohort of Platzer & Reutterer (2016;
 * calibration through 2006-12-31, holdout 2007) and CLVTools' apparel data (estimation through 2006-12-31,
 * holdout to 2010-12-20), summarized by the library as in BTYDplus' and CLVTools' vignettes. CDNOW is in
 * predictivePurchases.test.ts. Bounds: the randomized-PIT coverage within 4 points of the nominal level.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitParetoNbd } from '../../src/models/paretoNbd.js';
import { summarizeTransactions } from '../../src/transactions/summarizeTransactions.js';
import { predictiveCoverage } from '../../src/uncertainty/coverage.js';
import { predictivePurchases } from '../../src/uncertainty/predictivePurchases.js';
import { DATA_DIR } from '../models/cdnow.js';

function holdoutSplit(file: string, observationEnd: string) {
  const transactions = readFileSync(`${DATA_DIR}${file}`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [customerId, date] = line.split(',');
      return { customerId: customerId as string, date: date as string };
    });
  const { columns } = summarizeTransactions(transactions, {
    timeUnit: 'week',
    calibrationEnd: '2006-12-31',
    observationEnd,
  });
  return {
    customers: { frequency: columns.frequency, recency: columns.recency, T: columns.T },
    holdout: columns.frequencyHoldout as Float64Array,
  };
}

const DATASETS = [
  // BTYDplus vignette: 1,525 customers, 5,569 repeat transactions in calibration, 3,389 in the 52-week holdout.
  {
    name: 'grocery',
    file: 'grocery/grocery_transactions.csv',
    end: '2007-12-30',
    t: 52,
    calibration: 5569,
    total: 3389,
  },
  // CLVTools vignette: 600 customers, 1,266 repeat transactions in estimation, 1,317 in 1,450 days of holdout.
  {
    name: 'apparel',
    file: 'apparel/apparel_transactions.csv',
    end: '2010-12-20',
    t: 1450 / 7,
    calibration: 1266,
    total: 1317,
  },
] as const;

describe('coverage of per-customer intervals on grocery and apparel holdouts', () => {
  for (const d of DATASETS) {
    const { customers, holdout } = holdoutSplit(d.file, d.end);
    it(`${d.name}: the summaries match the vignettes`, () => {
      expect(customers.frequency.reduce((a, b) => a + b, 0)).toBe(d.calibration);
      expect(holdout.reduce((a, b) => a + b, 0)).toBe(d.total);
    });
    for (const [label, fitOf] of [
      ['BG/NBD', fitBetaGeo],
      ['Pareto/NBD', fitParetoNbd],
    ] as const) {
      it(`${d.name}, ${label}: randomized-PIT coverage of the 90 % and 80 % intervals within 4 points`, () => {
        const fit = fitOf(customers);
        const p = predictivePurchases(fit, d.t, customers, { draws: 1000, seed: 1, observed: holdout });
        const c90 = predictiveCoverage(p.pit, 0.9);
        const c80 = predictiveCoverage(p.pit, 0.8);
        expect(Math.abs(c90.randomized - 0.9)).toBeLessThan(0.04);
        expect(Math.abs(c80.randomized - 0.8)).toBeLessThan(0.04);
        expect(c90.closed).toBeGreaterThan(c90.randomized);
        expect(c90.open).toBeLessThan(c90.randomized);
      });
    }
  }
});
