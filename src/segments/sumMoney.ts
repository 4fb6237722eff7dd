import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import {
  type Decimal,
  type DecimalInput,
  INPUT_BOUND_WORDS,
  MAX_INPUT_MAGNITUDE,
  outsideInputBound,
  toDecimal,
} from '../money.js';
import { unreadableInput } from '../schemas/parse.js';
import { exactSum } from './decimalFloat.js';
import { isFloat64Array } from './values.js';

/**
 * The exact sum of amounts of money (numbers, numeric strings or Decimals, any sign), e.g. the revenue of a
 * customer list or the total of predicted CLVs. Numbers are read as their shortest decimal (0.1 is 0.1), and
 * a million of them add up in milliseconds (see `exactSum`); a Float64Array of model figures is taken as it is. Non-finite or non-numeric values,
 * and values outside the input bound (|x| < 1e15, `MAX_INPUT_MAGNITUDE`), throw `ClvValidationError` naming each (`values[3]`).
 *
 * @example sumMoney([0.1, '0.2', new Decimal('0.3')]).toString() === '0.6'
 */
export function sumMoney(values: readonly DecimalInput[] | Float64Array): Decimal {
  if (!Array.isArray(values) && !isFloat64Array(values))
    throw new ClvValidationError('sumMoney', [
      makeIssue('values', 'an array of amounts (or a Float64Array)', values),
    ]);
  const issues = new IssueList();
  try {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const ok = typeof v === 'number' ? Math.abs(v) < MAX_INPUT_MAGNITUDE : toDecimal(v) !== undefined;
      if (!ok)
        issues.add(
          makeIssue(
            `values[${i}]`,
            outsideInputBound(v) ? `a finite amount, ${INPUT_BOUND_WORDS}` : 'a finite amount',
            v,
            i,
          ),
        );
    }
  } catch (e) {
    throw unreadableInput('sumMoney', 'values', e); // a Proxy of an array whose traps throw
  }
  issues.throwIfAny('sumMoney');
  return exactSum(values);
}
