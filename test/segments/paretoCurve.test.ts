import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import {
  cohortRetention,
  decileTable,
  fitBetaGeoBetaBinom,
  rfmScores,
  segmentSummary,
  sumMoney,
} from '../../src/index.js';
import { Decimal } from '../../src/money.js';
import { paretoCurve, paretoShare } from '../../src/segments/index.js';
import { messageOf } from '../messageOf.js';

describe('paretoCurve', () => {
  it('reads the worked example at the points asked, in their order', () => {
    const curve = paretoCurve([50, 30, 10, 5, 5], [0.3, 0.2, 1]);
    expect(curve.map((p) => [p.fraction.toString(), p.share.toString()])).toEqual([
      ['0.3', '0.65'], // 50 + ½ × 30 of 100
      ['0.2', '0.5'],
      ['1', '1'],
    ]);
  });
  it('defaults to 5%, 10%, …, 100% and rises to 1', () => {
    const curve = paretoCurve(Float64Array.from({ length: 100 }, (_, i) => i + 1));
    expect(curve.map((p) => p.fraction.toNumber())).toEqual(
      Array.from({ length: 20 }, (_, k) => (k + 1) / 20),
    );
    // Top 5 of 1..100: 96 + … + 100 = 490 of 5050.
    expect(curve[0]?.share.toString()).toBe(new Decimal(490).div(5050).toString());
    expect(curve[19]?.share.toString()).toBe('1');
    for (let k = 1; k < 20; k++) expect(curve[k]?.share.gte(curve[k - 1]?.share as Decimal)).toBe(true);
  });
  it('equals paretoShare at every point, ties and fractional customers included (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(0.1, 0.2, 7.25)), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (values, permille) => {
          fc.pre(values.some((v) => v > 0));
          const fractions = permille.map((p) => p / 1000);
          const curve = paretoCurve(values, fractions);
          fractions.forEach((f, j) => {
            expect(curve[j]?.share.toString()).toBe(paretoShare(values, f).toString());
          });
        },
      ),
      { numRuns: 400 },
    );
  });
  it('names bad fractions and values', () => {
    expect(messageOf(() => paretoCurve([1, 2], [0.5, 0, 2]))).toContain('fractions[1]: expected a fraction');
    expect(messageOf(() => paretoCurve([1, 2], [0.5, 0, 2]))).toContain('fractions[2]');
    expect(messageOf(() => paretoCurve([1, 2], []))).toContain(
      'fractions: expected a non-empty array of fractions',
    );
    expect(messageOf(() => paretoCurve([0, 0]))).toContain('values: expected a total above 0');
    expect(messageOf(() => paretoCurve([1, -2]))).toContain('values[1]');
  });
});

describe('many bad values make one bounded error', () => {
  it('5,000 negative values: 1,000 issues kept, every one counted', () => {
    const values = Array.from({ length: 5000 }, (_, i) => -1 - i);
    let error: unknown;
    try {
      paretoCurve(values);
    } catch (e) {
      error = e;
    }
    const e = error as ClvValidationError;
    expect(e).toBeInstanceOf(ClvValidationError);
    expect([e.issues.length, e.issueCount]).toEqual([1000, 5000]);
    expect(e.issues[0]?.path).toBe('values[0]');
    expect(e.message.endsWith('… and 4990 more')).toBe(true);
  });

  it('the same bound in RFM scoring, segment summaries, sumMoney, BG/BB data, evaluation columns and cohort retention', () => {
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as ClvValidationError;
      }
      throw new Error('no error');
    };
    const n = 5000;
    const badRows = Array.from({ length: n }, (_, i) => ({
      customerId: `c${i}`,
      daysSinceLastPurchase: -1,
      orderCount: 1,
      totalSpend: 10,
      averageOrderValue: 10,
    }));
    const cases: [string, () => unknown, string][] = [
      ['rfmScores rows', () => rfmScores(badRows), 'customers[0].daysSinceLastPurchase'],
      [
        'rfmScores columns',
        () =>
          rfmScores({
            daysSinceLastPurchase: new Array(n).fill(-1),
            orderCount: new Array(n).fill(1),
            totalSpend: new Array(n).fill(1),
          }),
        'customers.daysSinceLastPurchase[0]',
      ],
      [
        'segmentSummary',
        () => segmentSummary({ totalSpend: new Array(n).fill(Number.NaN) }, new Array(n).fill('a')),
        'customers.totalSpend[0]',
      ],
      ['sumMoney', () => sumMoney(new Array(n).fill(Number.POSITIVE_INFINITY)), 'values[0]'],
      [
        'fitBetaGeoBetaBinom',
        () =>
          fitBetaGeoBetaBinom({
            frequency: new Array(n).fill(3),
            recency: new Array(n).fill(3),
            periods: new Array(n).fill(2),
          }),
        'frequency[0]',
      ],
      ['decileTable', () => decileTable(new Array(n).fill(Number.NaN), new Array(n).fill(1)), 'actual[0]'],
      [
        'cohortRetention',
        () =>
          cohortRetention(
            Array.from({ length: n }, () => ({ customerId: 'a', date: 'not a date', amount: 1 })),
          ),
        'transactions[0].date',
      ],
    ];
    for (const [name, call, first] of cases) {
      const e = thrown(call);
      expect(e, name).toBeInstanceOf(ClvValidationError);
      expect([e.issues.length, e.issueCount], name).toEqual([1000, n]);
      expect(e.issues[0]?.path, name).toBe(first);
    }
  });
});
