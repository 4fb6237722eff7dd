import { describe, expect, it } from 'vitest';
import { ClvValidationError, cohortRetention, summarizeTransactions } from '../../src/index.js';
import { dayFromCivil, formatDay } from '../../src/transactions/calendar.js';
import { MAX_COHORT_CELLS } from '../../src/transactions/cohortRetention.js';

/** The ClvValidationError `f` throws. */
function refusal(f: () => unknown): ClvValidationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return e as ClvValidationError;
  }
  return expect.unreachable('no error');
}

/** One customer a day from `from` for `count` days, and customer 0 again on `last`. */
function dailyCohorts(from: number, count: number, last: string) {
  const rows: { customerId: number; date: string }[] = [];
  for (let c = 0; c < count; c++) rows.push({ customerId: c, date: formatDay(from + c) });
  rows.push({ customerId: 0, date: last });
  return rows;
}

const CENTURY_1900 = dayFromCivil(1900, 1, 1);

describe('cohortRetention refuses a table past MAX_COHORT_CELLS before building it', () => {
  it('two rows at the first and last instants of a Date, by day: a ClvValidationError naming the span, not a crash', () => {
    const error = refusal(() =>
      cohortRetention(
        [
          { customerId: 1, date: new Date(-8.64e15) },
          { customerId: 1, date: new Date(8.64e15) },
        ],
        { period: 'day' },
      ),
    );
    expect(error.where).toBe('cohortRetention');
    expect(error.issues.map((i) => i.path)).toEqual(['period']);
    expect(error.issues[0]?.message).toBe(
      "period: expected a coarser period ('week', 'month', 'quarter', 'year') or dates within a narrower span: the dates run from -271821-04-20 to 275760-09-13, and 1 cohort of 'day' over them makes 200,000,001 cells (at most 4,000,000), received \"day\"",
    );
  });

  it('300 daily cohorts from 1900-01-01 and one row dated 9999-12-31: names that row as an isolated outlier date', () => {
    const rows = dailyCohorts(CENTURY_1900, 300, '9999-12-31');
    const error = refusal(() => cohortRetention(rows, { period: 'day' }));
    expect(error.issues.map((i) => i.path)).toEqual(['transactions[300].date']);
    expect(error.issues[0]?.message).toBe(
      'transactions[300].date: expected a date within 450 days of the rest of the log (1900-01-01 … 1900-10-27): an isolated outlier date, which stretches the \'day\' cohort table to 887,494,350 cells (at most 4,000,000), received "9999-12-31"',
    );
    // By month the same rows make 10 cohorts of 97,200 months: built, with the last month's one customer.
    const { cohorts } = cohortRetention(rows, { period: 'month' });
    expect(cohorts.map((c) => [c.cohort, c.size, c.active.length])).toEqual([
      ['1900-01', 31, 97_200],
      ['1900-02', 28, 97_199],
      ['1900-03', 31, 97_198],
      ['1900-04', 30, 97_197],
      ['1900-05', 31, 97_196],
      ['1900-06', 30, 97_195],
      ['1900-07', 31, 97_194],
      ['1900-08', 31, 97_193],
      ['1900-09', 30, 97_192],
      ['1900-10', 27, 97_191],
    ]);
    expect(cohorts[0]?.active.at(-1)).toBe(1);
    expect(cohorts[0]?.rates.at(-1)?.toString()).toBe('0.03225806451612903225806451612903226');
    expect(cohorts[0]?.rates[1]?.toString()).toBe('0');
  });

  it('one customer on 1900-01-01 and 9999-12-31 by day: built at once; a second cohort makes it too large', () => {
    const started = performance.now();
    const [cohort] = cohortRetention(
      [
        { customerId: 'a', date: '1900-01-01' },
        { customerId: 'a', date: '9999-12-31' },
      ],
      { period: 'day' },
    ).cohorts;
    expect(performance.now() - started).toBeLessThan(2500);
    expect(cohort?.active.length).toBe(2_958_464);
    expect([cohort?.active[0], cohort?.active[1], cohort?.active.at(-1)]).toEqual([1, 0, 1]);
    expect(cohort?.rates.at(-1)?.toString()).toBe('1');
    const error = refusal(() =>
      cohortRetention(
        [
          { customerId: 'a', date: '1900-01-01' },
          { customerId: 'a', date: '9999-12-31' },
          { customerId: 'b', date: '1900-01-02' },
        ],
        { period: 'day' },
      ),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['period']);
    expect(error.issues[0]?.message).toContain(
      "the dates run from 1900-01-01 to 9999-12-31, and 2 cohorts of 'day' over them make 5,916,927 cells",
    );
  });

  it('the bound is exact: 2,827 daily cohorts (3,997,378 cells) are built, 2,828 (4,000,206) refused', () => {
    expect(MAX_COHORT_CELLS).toBe(4_000_000);
    const start = dayFromCivil(2000, 1, 1);
    const built = cohortRetention(dailyCohorts(start, 2827, formatDay(start + 2826)), { period: 'day' });
    expect(built.cohorts.length).toBe(2827);
    expect(built.cohorts.reduce((n, c) => n + c.rates.length, 0)).toBe(3_997_378);
    expect(built.cohorts[0]?.active.slice(0, 3)).toEqual([1, 0, 0]);
    expect(built.cohorts[0]?.active.at(-1)).toBe(1);
    expect(built.cohorts[0]?.rates.at(-1)?.toString()).toBe('1');
    const error = refusal(() =>
      cohortRetention(dailyCohorts(start, 2828, formatDay(start + 2827)), { period: 'day' }),
    );
    expect(error.issues[0]?.message).toContain("2,828 cohorts of 'day' over them make 4,000,206 cells");
  });

  it("a summary's cohort table is bounded alike (outlier dates kept)", () => {
    const rows = dailyCohorts(CENTURY_1900, 300, '9999-12-31').map((r) => ({ ...r, amount: 1 }));
    const summary = summarizeTransactions(rows, { outlierDates: 'keep' });
    const error = refusal(() => summary.cohortRetention({ period: 'day' }));
    expect(error.issues.map((i) => i.path)).toEqual(['period']);
    expect(error.issues[0]?.message).toContain(
      "the dates run from 1900-01-01 to 9999-12-31, and 300 cohorts of 'day' over them make 887,494,350 cells",
    );
    expect(summary.cohortRetention({ period: 'year' }).cohorts).toMatchObject([
      { cohort: '1900', size: 300 },
    ]);
    expect(summary.cohortRetention({ period: 'year' }).cohorts[0]?.active.length).toBe(8100);
  });
});

describe('cohort labels of years before 1 and beyond the day range', () => {
  it('labels the periods of a Date in year −5 as ISO 8601 does', () => {
    const date = new Date(Date.UTC(2000, 4, 18)); // a Thursday in year −5
    date.setUTCFullYear(-5);
    const labelOf = (period: 'day' | 'week' | 'month' | 'quarter' | 'year') =>
      cohortRetention([{ customerId: 1, date }], { period }).cohorts[0]?.cohort;
    expect(labelOf('day')).toBe('-0005-05-18');
    expect(labelOf('week')).toBe('-0005-05-15');
    expect(labelOf('month')).toBe('-0005-05');
    expect(labelOf('quarter')).toBe('-0005-Q2');
    expect(labelOf('year')).toBe('-0005');
  });

  it('by year, the first and last instants of a Date make a table (the first year starts before day −100,000,000)', () => {
    const { cohorts } = cohortRetention(
      [
        { customerId: 1, date: new Date(-8.64e15) },
        { customerId: 2, date: new Date(8.64e15) },
      ],
      { period: 'year' },
    );
    expect(cohorts.map((c) => [c.cohort, c.size, c.active.length])).toEqual([
      ['-271821', 1, 547_582],
      ['275760', 1, 1],
    ]);
  });
});
