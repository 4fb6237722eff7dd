import { describe, expect, it } from 'vitest';
import { fitBetaGeo, fitGammaGamma, repeatSpenders } from '../../src/index.js';
import { SHEET_MODELS } from '../../src/sheets/models.js';
import { predictiveLifetimeValueOfFits } from '../../src/uncertainty/predictiveLifetimeValue.js';
import { loadCdnowSummary } from '../models/cdnow.js';
import { call, err } from './sheetCall.js';

/**
 * What a spreadsheet user met, each as the sheet calls the function: verdicts of any ratio, dates of the years
 * 0–99, errors naming the argument and the row of the range as the user sees them, short messages, single-value
 * arguments given a range, and number text too small for a double.
 */
const col = (xs: ArrayLike<unknown>) => Array.from(xs, (x) => [x]);

// The first 300 CDNOW customers, as a sheet holds them.
const cdnow = loadCdnowSummary();
const first = (xs: Float64Array) => col(xs.slice(0, 300));
const customers = [first(cdnow.frequency), first(cdnow.recency), first(cdnow.T)];
const predictArgs = [...customers, first(cdnow.zbar)];

describe('CLV_CAC_VERDICT reads every ratio CLV_CAC_RATIO gives', () => {
  it('a ratio beyond the input bound, huge or tiny, has its verdict', () => {
    expect(call('CLV_CAC_RATIO', 1e14, 0.01)).toBe(1e16);
    expect(call('CLV_CAC_VERDICT', 1e14, 0.01)).toBe('underinvesting');
    expect(call('CLV_CAC_VERDICT', 480, 1e-300)).toBe('underinvesting');
    expect(call('CLV_CAC_VERDICT', 5e-324, 80)).toBe('losing');
    expect(call('CLV_CAC_VERDICT', -1e14, 0.01)).toBe('losing');
    // Ratios inside the bound read as before: 6, 3, 2 and 0.5.
    expect(call('CLV_CAC_VERDICT', [[600], [300], [200], [50]], 100)).toEqual([
      ['underinvesting'],
      ['healthy'],
      ['thin'],
      ['losing'],
    ]);
  });
});

describe('dates of the years 0–99 stay in their year', () => {
  it('CUSTOMER_SUMMARY: a Sheets date in 0099 is 0099, not 1999', () => {
    const row = (dates: unknown, end: unknown) =>
      (call('CUSTOMER_SUMMARY', [['a']], dates, [[10]], end) as unknown[][])[1];
    expect(row([['0099-01-01']], new Date('0099-12-31T00:00:00'))).toEqual(['a', 0, 0, 364, 0, 1, 10, 364]);
    expect(row([[new Date('0050-03-01T00:00:00')]], '0050-03-31')).toEqual(['a', 0, 0, 30, 0, 1, 10, 30]);
  });
});

describe('errors name the sheet’s argument and the row of the range, once', () => {
  it('CUSTOMER_SUMMARY: the row the user sees, blank rows counted', () => {
    const ids = [['a'], ['b']];
    const dates = [['2024-01-01'], ['2024-01-02']];
    expect(err(() => call('CUSTOMER_SUMMARY', ids, dates, [[10], [-3]]))).toBe(
      'CUSTOMER_SUMMARY: amounts must be 0 or more in row 2 of the range (got -3)',
    );
    expect(
      err(() =>
        call(
          'CUSTOMER_SUMMARY',
          [['a'], [''], ['b']],
          [['2024-01-01'], [''], ['2025-01-01']],
          [[10], [''], [3]],
          '2024-06-01',
        ),
      ),
    ).toBe(
      'CUSTOMER_SUMMARY: orderDates must be a date on or before observationEnd 2024-06-01 in row 3 of the range (got "2025-01-01")',
    );
  });

  it('RFM_SCORES, BGNBD_FIT, P_ALIVE, EXPECTED_PURCHASES and CLV_PREDICT: row numbers from 1, argument names', () => {
    expect(err(() => call('RFM_SCORES', [[5], [-1]], [[1], [2]], [[10], [20]]))).toBe(
      'RFM_SCORES: recencyDays must be a finite number of 0 or more in row 2 of the range (got -1)',
    );
    const bad = [
      [[1], [2]],
      [[-1], [2]],
      [[3], [4]],
    ];
    const recency = 'recency must be a finite number of 0 or more in row 1 of the range (got -1)';
    expect(err(() => call('BGNBD_FIT', ...bad))).toBe(`BGNBD_FIT: ${recency}`);
    expect(err(() => call('P_ALIVE', ...bad, 0.2, 4, 0.8, 2.4))).toBe(`P_ALIVE: ${recency}`);
    expect(err(() => call('EXPECTED_PURCHASES', 10, ...bad, 0.2, 4, 0.8, 2.4))).toBe(
      `EXPECTED_PURCHASES: ${recency}`,
    );
    const spend = first(cdnow.zbar);
    spend[2] = [-5];
    expect(err(() => call('CLV_PREDICT', ...customers, spend))).toBe(
      'CLV_PREDICT: monetaryValue must be a finite number of 0 or more in row 3 of the range (got -5)',
    );
  });

  it('NPS and CSAT: the row of the cell, blank cells above it counted', () => {
    expect(err(() => call('CSAT', [[''], [''], [7]]))).toBe(
      'CSAT: scores must be a whole number in [1, 5] in row 3 of the range (got 7)',
    );
    expect(err(() => call('NPS', [[9], [''], [11]]))).toBe(
      'NPS: scores must be a whole number in [0, 10] in row 3 of the range (got 11)',
    );
  });

  it('a column of 100,000 bad cells gives a short message: the first three and how many more', () => {
    const message = err(() => call('CSAT', col(new Array(100_000).fill(9))));
    const issue = (row: number) =>
      `scores must be a whole number in [1, 5] in row ${row} of the range (got 9)`;
    expect(message).toBe(`CSAT: ${issue(1)}; ${issue(2)}; ${issue(3)}; … and 99997 more`);
  });

  it('CLV_PREDICT: months and monthlyDiscountRate by their names', () => {
    expect(err(() => call('CLV_PREDICT', ...predictArgs, 0.5))).toBe(
      'CLV_PREDICT: months must be a whole number in [1, 100000] (got 0.5)',
    );
    expect(err(() => call('CLV_PREDICT', ...predictArgs, 12, -0.5))).toBe(
      'CLV_PREDICT: monthlyDiscountRate must be a finite number of 0 or more (got -0.5)',
    );
  });
});

describe('CLV_PREDICT_INTERVAL takes every interval below 100', () => {
  it('99.99999999999999 % spans the draws: its ends are the library’s quantiles (100 − interval) / 200 and 1 − that', () => {
    const interval = 99.99999999999999;
    const out = call('CLV_PREDICT_INTERVAL', ...predictArgs, 12, 0.01, 'week', '', interval) as number[][];
    const ninety = call('CLV_PREDICT_INTERVAL', ...predictArgs, 12, 0.01, 'week') as number[][];
    const c = {
      frequency: cdnow.frequency.slice(0, 300),
      recency: cdnow.recency.slice(0, 300),
      T: cdnow.T.slice(0, 300),
    };
    const lo = (100 - interval) / 200;
    const v = predictiveLifetimeValueOfFits(
      SHEET_MODELS,
      {
        transactionModel: fitBetaGeo(c),
        spendModel: fitGammaGamma(repeatSpenders({ ...c, monetaryValue: cdnow.zbar.slice(0, 300) })),
        customers: { ...c, monetaryValue: cdnow.zbar.slice(0, 300) },
        timeUnit: 'week',
        horizon: 12,
        discountRate: 0.01,
      },
      { draws: 1000, seed: 1, quantiles: [lo, 1 - lo], totals: false },
    );
    expect(lo).toBeGreaterThan(0);
    expect(1 - lo).toBeLessThan(1);
    for (const i of [0, 5, 150, 299]) {
      expect(out[i]?.[1]).toBe(v.clv.money.quantiles[0]?.[i]?.toNumber());
      expect(out[i]?.[2]).toBe(v.clv.money.quantiles[1]?.[i]?.toNumber());
      expect(out[i]?.[1]).toBeLessThanOrEqual(ninety[i]?.[1] as number);
      expect(out[i]?.[2]).toBeGreaterThanOrEqual(ninety[i]?.[2] as number);
    }
    expect(out.some((row, i) => (row[2] as number) > (ninety[i]?.[2] as number))).toBe(true);
  });
});

describe('a single-value argument given a range of several cells is an error, not its first cell', () => {
  it('optional numbers and words: bins, satisfiedAtLeast, months, monthlyDiscountRate, margin, interval, seed, observationEnd, timeUnit', () => {
    const single = (fn: string, name: string, n = 2) =>
      `${fn}: ${name} must be a single cell (got ${n} cells)`;
    const rfm = [
      [[1], [20], [5]],
      [[3], [1], [6]],
      [[50], [10], [80]],
    ];
    expect(err(() => call('RFM_SCORES', ...rfm, [[2], [9]]))).toBe(single('RFM_SCORES', 'bins'));
    expect(err(() => call('CSAT', [[5], [4]], [[4], [1]]))).toBe(single('CSAT', 'satisfiedAtLeast'));
    const two = [[12], [24]];
    expect(err(() => call('CLV_PREDICT', ...predictArgs, two))).toBe(single('CLV_PREDICT', 'months'));
    expect(err(() => call('CLV_PREDICT', ...predictArgs, 12, two))).toBe(
      single('CLV_PREDICT', 'monthlyDiscountRate'),
    );
    expect(err(() => call('CLV_PREDICT', ...predictArgs, 12, 0.01, [['week'], ['day']]))).toBe(
      single('CLV_PREDICT', 'timeUnit'),
    );
    expect(err(() => call('CLV_PREDICT', ...predictArgs, 12, 0.01, 'week', [[0.5], [0.6]]))).toBe(
      single('CLV_PREDICT', 'margin'),
    );
    const interval = [...predictArgs, 12, 0.01, 'week', ''];
    expect(err(() => call('CLV_PREDICT_INTERVAL', ...interval, [[90], [50]]))).toBe(
      single('CLV_PREDICT_INTERVAL', 'interval'),
    );
    expect(err(() => call('CLV_PREDICT_INTERVAL', ...interval, 90, [[1], [2], [3]]))).toBe(
      single('CLV_PREDICT_INTERVAL', 'seed', 3),
    );
    const orders = [[['a']], [['2024-01-01']], [[10]]];
    expect(err(() => call('CUSTOMER_SUMMARY', ...orders, [['2024-12-31'], ['2025-12-31']]))).toBe(
      single('CUSTOMER_SUMMARY', 'observationEnd'),
    );
    expect(err(() => call('CUSTOMER_SUMMARY', ...orders, '', [['week'], ['day']]))).toBe(
      single('CUSTOMER_SUMMARY', 'timeUnit'),
    );
    // A one-cell range is a single cell.
    expect(call('RFM_SCORES', ...rfm, [[3]])).toEqual(call('RFM_SCORES', ...rfm, 3));
    expect(call('CSAT', [[5], [4]], [[5]])).toBe(50);
  });
});

describe('number text too small (or too large) for the input bound is refused, not read as 0', () => {
  it('CLV and NPS say why, as the core does', () => {
    const bound = 'must be a number of magnitude below 1e15 (and 0 or at least 1e-324)';
    expect(err(() => call('CLV', '1e-400', 4, 3))).toBe(`CLV: avgPurchaseValue ${bound} (got "1e-400")`);
    expect(err(() => call('NPS', [[9], ['1e-400']]))).toBe(
      `NPS: scores ${bound} in row 2 of the range (got "1e-400")`,
    );
    expect(err(() => call('CLV', '1e20', 4, 3))).toBe(`CLV: avgPurchaseValue ${bound} (got "1e20")`);
    expect(call('CLV', '0', 4, 3)).toBe(0);
  });
});
