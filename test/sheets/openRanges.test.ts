import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rangesOf } from '../../src/sheets/cells.js';
import { functions } from '../../src/sheets/index.js';

/**
 * An open range (`B2:B`) reaches to the sheet's last row: the trailing rows blank in every column are not
 * customers. Every function that takes columns answers the same with the closed range and the open one.
 */
const col = (values: readonly (number | string)[], blanks = 0) => [
  ...values.map((v) => [v]),
  ...Array.from({ length: blanks }, () => ['']),
];

describe('open ranges: trailing blank rows left out, alike in every column function', () => {
  it('rangesOf drops the rows blank in every range, and keeps a blank inside the data', () => {
    expect(rangesOf(col([1, 2], 3), col([3, 4], 3))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(rangesOf(col([1, 2], 3), col([3, ''], 3))).toEqual([
      [1, 2],
      [3, ''],
    ]);
    expect(rangesOf(col([], 4))).toEqual([[]]);
  });

  // The CDNOW sample's calibration summary (2,357 customers), as a sheet would hold it.
  const rows = readFileSync(
    new URL('../../../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const frequency = rows.map((r) => r[1] as number);
  const recency = rows.map((r) => r[2] as number);
  const T = rows.map((r) => r[3] as number);
  const monetary = rows.map((r) => r[4] as number);
  const cases: [string, unknown[][], unknown[][]][] = [
    [
      'RFM_SCORES',
      [col([1, 20, 5, 9]), col([3, 1, 6, 2]), col([50, 10, 80, 20])],
      [col([1, 20, 5, 9], 500), col([3, 1, 6, 2], 500), col([50, 10, 80, 20], 500)],
    ],
    [
      'CUSTOMER_SUMMARY',
      [
        col(['a', 'a', 'b']),
        col(['2025-01-02', '2025-03-04', '2025-02-01']),
        col([10, 20, 5]),
        [[46000]],
        [['week']],
      ],
      [
        col(['a', 'a', 'b'], 300),
        col(['2025-01-02', '2025-03-04', '2025-02-01'], 300),
        col([10, 20, 5], 300),
        [[46000]],
        [['week']],
      ],
    ],
    [
      'P_ALIVE',
      [col(frequency), col(recency), col(T), [[0.243]], [[4.414]], [[0.793]], [[2.426]]],
      [col(frequency, 200), col(recency, 200), col(T, 200), [[0.243]], [[4.414]], [[0.793]], [[2.426]]],
    ],
  ];
  it.each(cases)('%s: the open range gives what the closed one gives', (name, closed, open) => {
    const fn = functions[name] as (...args: unknown[]) => unknown;
    expect(fn(...open)).toEqual(fn(...closed));
  });

  it('CLV_PREDICT over four open columns equals the closed ones', () => {
    const fn = functions.CLV_PREDICT as (...args: unknown[]) => unknown;
    const closed = fn(col(frequency), col(recency), col(T), col(monetary), [[12]], [[0.01]], [['week']]);
    const open = fn(
      col(frequency, 50),
      col(recency, 50),
      col(T, 50),
      col(monetary, 50),
      [[12]],
      [[0.01]],
      [['week']],
    );
    expect(open).toEqual(closed);
  });
});
