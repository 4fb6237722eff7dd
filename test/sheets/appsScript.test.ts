import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { customerLifetimeValue, fitBetaGeo, probabilityAlive, roundMoney } from '../../src/index.js';
import { loadCdnowSummary } from '../models/cdnow.js';
import { err } from './sheetCall.js';

const GS = join(__dirname, '../../dist/sheets/clvkit.gs.js');
const source = readFileSync(GS, 'utf8');

/** The built Apps Script file in a bare V8 context: no require, module, process or Buffer. */
function sheet(extra: Record<string, unknown> = {}) {
  const context: Record<string, unknown> = { ...extra };
  runInNewContext(source, context, { filename: 'clvkit.gs.js' });
  return context as Record<string, (...args: unknown[]) => unknown>;
}
const S = sheet();

describe('the Apps Script build', () => {
  it('runs in a bare V8 context and declares every function as a global with @customfunction', () => {
    expect(source).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\b|\bmodule\.exports/);
    for (const name of [
      'CLV',
      'CLV_FROM_CHURN',
      'NET_CLV',
      'CLV_CAC_RATIO',
      'CAC_PAYBACK',
      'RFM_SCORES',
      'RFM_SEGMENT',
      'RETENTION_RATE',
      'CHURN_RATE',
      'NRR',
      'NPS',
      'CSAT',
      'BGNBD_FIT',
      'P_ALIVE',
      'EXPECTED_PURCHASES',
      'CLV_PREDICT',
      'CLV_PREDICT_INTERVAL',
    ]) {
      expect(typeof S[name], name).toBe('function');
      expect(source).toMatch(new RegExp(`@customfunction\\n \\*/\\nfunction ${name}\\(`));
    }
    expect(
      JSON.parse(readFileSync(join(__dirname, '../../dist/sheets/appsscript.json'), 'utf8')).runtimeVersion,
    ).toBe('V8');
  });

  it('formula CLV equals the library, exact and rounded to cents; strings and one-cell ranges work', () => {
    const lib = customerLifetimeValue({
      averagePurchaseValue: 50,
      purchaseFrequency: 4,
      churnRate: 0.25,
      grossMargin: 0.6,
      discountRate: 0.1,
    });
    expect(S.CLV_FROM_CHURN?.(50, 4, 0.25, 0.6, '', 0.1)).toBe(roundMoney(lib.clv).toNumber());
    expect(S.CLV?.([[50]], '4', 3, 0.6)).toBe(360);
    expect(S.NET_CLV?.(50, 4, 0.25, 80, 0.6)).toBe(400);
    expect(S.CLV_CAC_RATIO?.(480, 80)).toBe(6);
    expect(S.CLV_CAC_VERDICT?.(480, 80)).toBe('underinvesting');
    expect(S.CAC_PAYBACK?.(300, 50, 2, 0.5)).toBe(6);
  });

  it('gives the worked values of examples/google-sheets', () => {
    expect(S.CLV_FROM_CHURN?.(50, 4, 0.25, 0.6)).toBe(480);
    expect(S.NET_CLV?.(50, 4, 0.25, 80, 0.6)).toBe(400);
    expect(S.RFM_SEGMENT?.(5, 5, 5)).toBe('Champions');
    const out = S.RFM_SCORES?.(
      [[5], [40], [120], [15], [300]],
      [[12], [6], [2], [9], [1]],
      [['1840.50'], ['620.00'], ['95.90'], ['1210.00'], ['35.00']],
    ) as unknown[][];
    expect(out.map((r) => r[3])).toEqual(['cell', '555', '333', '222', '444', '111']);
  });

  it('per-row formulas take columns (one cell serves every row) and spill a column; errors name the row', () => {
    expect(S.CLV_FROM_CHURN?.([[50], [100]], 4, [[0.25], [0.5]], 0.6)).toEqual([[480], [480]]);
    expect(S.RFM_SEGMENT?.([[5], [1]], [[5], [1]], [[5], [1]])).toEqual([['Champions'], ['Lost']]);
    expect(err(() => S.CLV?.([[50], [60]], [[4], [-2]], 3))).toBe(
      'CLV: row 2: purchaseFrequency must be 0 or more (got -2)',
    );
    expect(err(() => S.CLV?.([[50], [60]], [[4], [2], [1]], 3))).toBe(
      'CLV: avgPurchaseValue has 2 cells where the other ranges have 3 (give each argument one cell or 3)',
    );
  });

  it('errors speak the sheet’s language, naming the function and the argument', () => {
    expect(err(() => S.CLV?.(50, -2, 3))).toBe('CLV: purchaseFrequency must be 0 or more (got -2)');
    expect(err(() => S.CLV_FROM_CHURN?.(50, 4, 1.5))).toBe(
      'CLV_FROM_CHURN: churnRate must be more than 0 and at most 1 (got 1.5)',
    );
    expect(err(() => S.CLV?.('', 4, 3))).toBe('CLV: avgPurchaseValue is required (the cell is empty)');
    expect(err(() => S.CLV?.('ten', 4, 3))).toBe('CLV: avgPurchaseValue must be a number (got "ten")');
    expect(err(() => S.CLV?.(new Date(2024, 0, 1), 4, 3))).toBe(
      'CLV: avgPurchaseValue must be a number (got a date)',
    );
    expect(err(() => S.RFM_SCORES?.([[1], [2]], [[1]], [[1], [2]]))).toBe(
      'RFM_SCORES: the three ranges must have the same length (2, 1, 2)',
    );
    expect(err(() => S.RFM_SCORES?.([[1], ['']], [[1], [2]], [[1], [2]]))).toBe(
      'RFM_SCORES: recencyDays is required in row 2 of the range (the cell is empty)',
    );
  });

  it('metrics: blanks skipped in survey lists', () => {
    expect(S.RETENTION_RATE?.(1000, 950, 100)).toBe(0.85);
    expect(S.CHURN_RATE?.(1000, 950, 100)).toBe(0.15);
    expect(S.NRR?.(100000, 15000, 5000, 8000)).toBe(1.02);
    expect(S.NPS?.([[10], [9], [''], [7], [3], [null]])).toBe(25);
    expect(S.CSAT?.([[5], [4], [3], ['']])).toBeCloseTo(66.6667, 4);
  });

  it('RFM_SCORES spills a header and one row per customer; RFM_SEGMENT names a cell', () => {
    const days = Array.from({ length: 10 }, (_, i) => [i * 10]);
    const orders = Array.from({ length: 10 }, (_, i) => [10 - i]);
    const spend = Array.from({ length: 10 }, (_, i) => [String(1000 - i * 50)]);
    const out = S.RFM_SCORES?.(days, orders, spend) as unknown[][];
    expect(out[0]).toEqual(['R', 'F', 'M', 'cell', 'segment']);
    expect(out).toHaveLength(11);
    expect(out[1]).toEqual([5, 5, 5, '555', 'Champions']);
    expect(out[10]?.slice(0, 4)).toEqual([1, 1, 1, '111']);
    expect(S.RFM_SEGMENT?.(5, 5, 5)).toBe('Champions');
  });

  it('CUSTOMER_SUMMARY reads Sheets dates, Excel serials and text dates alike, skipping blank rows', () => {
    const ids = [['a'], ['a'], [''], [7]];
    const asDates = [[new Date(2024, 0, 1)], [new Date(2024, 0, 15)], [''], [new Date(2024, 1, 1)]];
    const asSerials = [[45292], [45306], [''], [45323]]; // Excel: 2024-01-01, 2024-01-15, 2024-02-01
    const asText = [['2024-01-01'], ['2024-01-15'], [''], ['2024-02-01']];
    const amounts = [[10.1], ['30'], [''], [5]];
    const expected = [
      [
        'customer',
        'frequency',
        'recency',
        'T',
        'monetary_value',
        'orders',
        'total_spend',
        'days_since_last_order',
      ],
      ['a', 1, 2, 4.428571, 30, 2, 40.1, 17],
      [7, 0, 0, 0, 0, 1, 5, 0],
    ];
    expect(S.CUSTOMER_SUMMARY?.(ids, asDates, amounts, '', 'week')).toEqual(expected);
    expect(S.CUSTOMER_SUMMARY?.(ids, asSerials, amounts, '', 'weeks')).toEqual(expected);
    expect(S.CUSTOMER_SUMMARY?.(ids, asText, amounts, '', 'week')).toEqual(expected);
    // The unit defaults to days, as in the library and the CLI: recency 14 days, T 31 days.
    const days = S.CUSTOMER_SUMMARY?.(ids, asText, amounts) as unknown[][];
    expect(days[1]?.slice(0, 4)).toEqual(['a', 1, 14, 31]);
    expect(err(() => S.CUSTOMER_SUMMARY?.(ids, [['x'], [''], [''], ['']], amounts))).toBe(
      'CUSTOMER_SUMMARY: orderDates (row 1) must be a date (got "x")',
    );
  });

  it('BGNBD_FIT, P_ALIVE and EXPECTED_PURCHASES match the library on CDNOW', () => {
    const { frequency, recency, T } = loadCdnowSummary();
    const col = (x: Float64Array) => Array.from(x, (v) => [v]);
    const fit = S.BGNBD_FIT?.(col(frequency), col(recency), col(T)) as number[][];
    expect(fit[0]).toEqual(['r', 'alpha', 'a', 'b']);
    expect(fit[1]?.map((x) => Number(x.toFixed(3)))).toEqual([0.243, 4.414, 0.793, 2.426]);
    const [r, alpha, a, b] = fit[1] as number[];
    const alive = S.P_ALIVE?.(col(frequency), col(recency), col(T), r, alpha, a, b) as number[][];
    const lib = probabilityAlive(fitBetaGeo({ frequency, recency, T }), { frequency, recency, T });
    expect(alive).toHaveLength(2357);
    expect(alive[0]?.[0]).toBeCloseTo(lib[0] as number, 5);
    expect(alive[1000]?.[0]).toBeCloseTo(lib[1000] as number, 5);
    const expected = S.EXPECTED_PURCHASES?.(
      39,
      col(frequency),
      col(recency),
      col(T),
      r,
      alpha,
      a,
      b,
    ) as number[][];
    expect(expected[0]?.[0]).toBeGreaterThan(0);
    // The CDNOW customers and 12 months at 1% a month in weeks; then a margin as the last argument.
    const predictArgs = [
      col(frequency),
      col(recency),
      col(T),
      Array.from(loadCdnowSummary().zbar, (z) => [z]),
      12,
      0.01,
      'week',
    ];
    const clv = S.CLV_PREDICT?.(...predictArgs) as number[][];
    expect(clv).toHaveLength(2357);
    expect(clv.every(([v]) => typeof v === 'number' && v >= 0)).toBe(true);
    // With a 30% margin each CLV is 30% of the revenue CLV (both rounded to cents).
    const profit = S.CLV_PREDICT?.(...predictArgs, 0.3) as number[][];
    const worst = Math.max(
      ...profit.map(([v], i) => Math.abs((v as number) - 0.3 * (clv[i]?.[0] as number))),
    );
    expect(worst).toBeLessThan(0.0066);
    expect(() => S.CLV_PREDICT?.(...predictArgs, 1.5)).toThrow(/CLV_PREDICT: margin/);
  });

  it('throws Excel’s CustomFunctions.Error where it exists', () => {
    class FakeError extends Error {
      constructor(
        readonly code: string,
        message: string,
      ) {
        super(message);
      }
    }
    const X = sheet({ CustomFunctions: { Error: FakeError, ErrorCode: { invalidValue: '#VALUE!' } } });
    try {
      expect(X.CLV?.(50, 4, 3, 0.6)).toEqual([[360]]); // Excel: a 1×1 range, as declared
      X.CLV?.(50, -2, 3);
      expect.unreachable();
    } catch (e) {
      expect((e as FakeError).code).toBe('#VALUE!');
      expect((e as Error).message).toBe('CLV: purchaseFrequency must be 0 or more (got -2)');
    }
  });
});

describe('the Excel build', () => {
  const meta = JSON.parse(readFileSync(join(__dirname, '../../dist/excel/functions.json'), 'utf8'));
  it('functions.json lists every function with its parameters, optional flags and spilled results', () => {
    const byId = Object.fromEntries(meta.functions.map((f: { id: string }) => [f.id, f]));
    expect(Object.keys(byId)).toHaveLength(19);
    expect(
      byId.CLV.parameters.map(
        (p: { name: string; optional?: boolean }) => `${p.name}${p.optional ? '?' : ''}`,
      ),
    ).toEqual([
      'avgPurchaseValue',
      'purchaseFrequency',
      'lifespan',
      'grossMargin?',
      'serviceCostPerPeriod?',
      'discountRate?',
    ]);
    expect(byId.CLV.result).toEqual({ dimensionality: 'matrix' }); // a column when given columns
    expect(byId.CLV.parameters[0]).toMatchObject({ type: 'any', dimensionality: 'matrix' });
    expect(byId.NPS.result).toEqual({ type: 'number' });
    expect(byId.RFM_SCORES.result.dimensionality).toBe('matrix');
    expect(byId.RFM_SCORES.parameters[0]).toMatchObject({
      name: 'recencyDays',
      dimensionality: 'matrix',
      type: 'any',
    });
    expect(byId.BGNBD_FIT.result.dimensionality).toBe('matrix');
  });
  it('functions.js registers every function', () => {
    const registered: string[] = [];
    const js = readFileSync(join(__dirname, '../../dist/excel/functions.js'), 'utf8');
    const context: Record<string, unknown> = {
      CustomFunctions: {
        associate: (id: string, f: unknown) => typeof f === 'function' && registered.push(id),
      },
    };
    runInNewContext(js, context);
    expect(registered.sort()).toEqual(meta.functions.map((f: { id: string }) => f.id).sort());
  });
});
