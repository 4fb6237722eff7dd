import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';
import { gatherRows } from './data/gatherRows.js';

/** What `repeatSpenders` picks out of a customer summary for the Gamma-Gamma spend model. */
export interface RepeatSpenders {
  readonly frequency: Float64Array;
  readonly monetaryValue: Float64Array;
  /** The weights of the picked rows, when the summary has weights. */
  readonly weights?: Float64Array;
  /** Index of each picked customer in the summary. */
  readonly index: Uint32Array;
  /** Repeat customers left out because the mean value of their repeat purchases is 0 (free orders). */
  readonly withoutSpend: number;
}

/**
 * The customers a Gamma-Gamma spend model is fitted on (Fader, Hardie & Lee 2005, JMR): those with repeat
 * purchases (frequency > 0, since monetaryValue is the mean of repeat purchases) whose mean repeat spend is
 * above 0 — a mean of 0 (every repeat order free) has no place in a gamma distribution. Those are counted
 * in `withoutSpend`, never dropped silently.
 *
 * @example fitGammaGamma(repeatSpenders(summary.columns)) // on CDNOW master: 1 repeat customer withoutSpend
 */
export function repeatSpenders(customers: Parameters<typeof repeatSpendersChecked>[0]): RepeatSpenders {
  return guardedRead('repeatSpenders', 'customers', () => repeatSpendersChecked(customers));
}

function repeatSpendersChecked(customers: {
  readonly frequency: ArrayLike<number>;
  readonly monetaryValue: ArrayLike<number>;
  readonly weights?: ArrayLike<number> | undefined;
}): RepeatSpenders {
  const where = 'repeatSpenders';
  const issues = new IssueList();
  if (customers === null || typeof customers !== 'object')
    throw new ClvValidationError(where, [
      makeIssue('customers', 'columns { frequency, monetaryValue }', customers),
    ]);
  const n = customers.frequency?.length;
  if (typeof n !== 'number') issues.note('frequency', 'a column of numbers', customers.frequency);
  else if (customers.monetaryValue?.length !== n)
    issues.note('monetaryValue', `a column of ${n} numbers`, customers.monetaryValue);
  issues.throwIfAny(where);
  const frequency = customers.frequency;
  const value = customers.monetaryValue;
  const index = new Uint32Array(n as number);
  let kept = 0;
  let withoutSpend = 0;
  for (let i = 0; i < (n as number); i++) {
    if (!((frequency[i] as number) > 0)) continue;
    if ((value[i] as number) > 0) index[kept++] = i;
    else withoutSpend++;
  }
  const rows = index.subarray(0, kept);
  const w = customers.weights;
  return {
    frequency: gatherRows(frequency, rows),
    monetaryValue: gatherRows(value, rows),
    ...(w ? { weights: gatherRows(w, rows) } : {}),
    index: rows.slice(),
    withoutSpend,
  };
}
