import * as z from 'zod/mini';
import { Decimal } from '../money.js';
import { numberSchema } from '../schemas/field.js';
import { parseInput } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';
import { countScores } from './surveyScores.js';

/** The answer scale of a CSAT survey and the lowest satisfied answer. */
export interface CsatOptions {
  /** Lowest answer; default 1. */
  readonly min?: number;
  /** Highest answer; default 5. */
  readonly max?: number;
  /** Lowest answer that counts as satisfied; default 4 (the top two boxes of 1–5). */
  readonly satisfiedAtLeast?: number;
}

const WholeNumber = numberSchema({}, true);
const CsatOptionsSchema = withCrossCheck(
  z.strictObject({
    min: z.optional(WholeNumber),
    max: z.optional(WholeNumber),
    satisfiedAtLeast: z.optional(WholeNumber),
  }),
  (o) => {
    const min = o.min ?? 1;
    const max = o.max ?? 5;
    const t = o.satisfiedAtLeast ?? 4;
    if (max <= min) return [{ field: 'max', expected: `a value above min (${min})`, value: max }];
    if (t < min || t > max)
      return [{ field: 'satisfiedAtLeast', expected: `a whole number in [${min}, ${max}]`, value: t }];
    return [];
  },
);

/**
 * Customer satisfaction score (CSAT): the percentage of responses at or above the satisfied threshold,
 *
 *   CSAT = 100 × #{ responses ≥ satisfiedAtLeast } / #responses
 *
 * on a 1–5 scale with 4 and 5 counting as satisfied by default (the "top-two-box" convention; cf. the
 * American Customer Satisfaction Index, Fornell et al. 1996). Every answer must be a whole number on the
 * scale; blanks are errors (filter non-responses out first). One to 50,000,000 answers (an array or
 * array-like); any scale within the input bound (|min|, |max| < 1e15), counted in one pass whatever its width.
 * Exact Decimal in [0, 100].
 *
 * @example customerSatisfactionScore([5, 4, 3, 5, 1]).toString() === '60'
 * @example customerSatisfactionScore([7, 9, 10], { min: 0, max: 10, satisfiedAtLeast: 9 }).toString() === '66.66666666666666666666666666666667'
 */
export function customerSatisfactionScore(scores: ArrayLike<number>, options: CsatOptions = {}): Decimal {
  const where = 'customerSatisfactionScore';
  const o = parseInput(CsatOptionsSchema, options, where);
  const min = o.min ?? 1;
  const max = o.max ?? 5;
  const t = o.satisfiedAtLeast ?? 4;
  const { counts, responses } = countScores(scores, min, max, where, [t]);
  const satisfied = counts[1] as number;
  return new Decimal(satisfied).mul(100).div(responses);
}
