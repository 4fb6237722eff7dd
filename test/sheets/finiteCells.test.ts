import { describe, expect, it } from 'vitest';
import { finiteCells } from '../../src/sheets/cells.js';
import { call, err } from './sheetCall.js';

describe('spreadsheet functions: no Infinity or NaN in a cell, errors in the sheet’s words', () => {
  it('CLV, CLV_FROM_CHURN and CLV_CAC_RATIO refuse what overflowed before (was Infinity)', () => {
    expect(err(() => call('CLV_FROM_CHURN', 50, 4, 1e-300))).toBe(
      'CLV_FROM_CHURN: churnRate must be a churnRate of 1e-30 or more (a smaller churn is no churn at 34 significant digits, and the CLV would be infinite) (got 1e-300)',
    );
    expect(err(() => call('CLV', 1e308, 4, 3))).toBe(
      'CLV: avgPurchaseValue must be an amount of 0 or more, of magnitude below 1e15 (and 0 or at least 1e-324) (got 1e+308)',
    );
    expect(err(() => call('CLV_CAC_RATIO', 1e300, 1))).toBe(
      'CLV_CAC_RATIO: clv must be a finite number, of magnitude below 1e15 (and 0 or at least 1e-324) (got 1e+300)',
    );
    // An exact ratio beyond the largest double (1e15 / 5e-324 ≈ 2e338) is an error, not Infinity in the cell.
    expect(err(() => call('CLV_CAC_RATIO', 999999999999999, 5e-324))).toBe(
      "CLV_CAC_RATIO: the result is too large or undefined for a cell (Infinity): check the inputs' sizes",
    );
    expect(call('CLV_CAC_RATIO', 1e14, 1e-290)).toBe(1e304);
  });

  it('number text is plain decimal only: no hex, binary or Infinity', () => {
    expect(err(() => call('CLV', '0x10', 4, 3))).toBe('CLV: avgPurchaseValue must be a number (got "0x10")');
    expect(err(() => call('CLV', '0b101', 4, 3))).toBe(
      'CLV: avgPurchaseValue must be a number (got "0b101")',
    );
    expect(err(() => call('CLV', 'Infinity', 4, 3))).toBe(
      'CLV: avgPurchaseValue must be a number (got "Infinity")',
    );
    expect(call('CLV', ' 50 ', '4', '3')).toBe(600);
  });

  it('a yyyyMMdd number is not read as an Excel serial in the year 57,000', () => {
    expect(err(() => call('CUSTOMER_SUMMARY', [['a']], [[20240315]], [[10]], '2024-12-31'))).toBe(
      'CUSTOMER_SUMMARY: orderDates (row 1) must be a date (got the number 20240315, which reads as yyyyMMdd, not as a date serial: format the cells as dates or write yyyy-MM-dd)',
    );
    expect(err(() => call('CUSTOMER_SUMMARY', [['a']], [[3e6]], [[10]], '2024-12-31'))).toBe(
      'CUSTOMER_SUMMARY: orderDates (row 1) must be a date (got 3000000)',
    );
  });

  it("Excel serials count Excel's phantom 1900-02-29: serial 1 is 1900-01-01, 59 is 1900-02-28, 61 is 1900-03-01", () => {
    // T: days from the order to 1900-12-31 (1900 has 365 days: 1900-01-01 is 364 days before its last).
    const ageAtYearEnd = (serial: number) =>
      (call('CUSTOMER_SUMMARY', [['a']], [[serial]], [[10]], '1900-12-31') as unknown[][])[1]?.[3];
    const header = (call('CUSTOMER_SUMMARY', [['a']], [[1]], [[10]], '1900-12-31') as unknown[][])[0];
    expect(header?.[3]).toBe('T');
    expect(ageAtYearEnd(1)).toBe(364);
    expect(ageAtYearEnd(59)).toBe(306); // 1900-02-28: 364 − 31 − 27
    expect(ageAtYearEnd(61)).toBe(305); // 1900-03-01, the next day
    expect(ageAtYearEnd(61.75)).toBe(305); // a time of day does not move the day
    expect(err(() => call('CUSTOMER_SUMMARY', [['a']], [[60]], [[10]], '1900-12-31'))).toBe(
      "CUSTOMER_SUMMARY: orderDates (row 1) is Excel's serial 60, the 1900-02-29 that never was: not a date",
    );
  });

  it('finiteCells refuses a non-finite number anywhere in a result', () => {
    expect(finiteCells('X', [[1, 'a']])).toEqual([[1, 'a']]);
    expect(finiteCells('X', 2)).toBe(2);
    expect(err(() => finiteCells('X', [[1], [Number.POSITIVE_INFINITY]]))).toBe(
      "X: the result is too large or undefined for a cell (Infinity): check the inputs' sizes",
    );
    expect(err(() => finiteCells('X', Number.NaN))).toBe(
      "X: the result is too large or undefined for a cell (NaN): check the inputs' sizes",
    );
  });
});
