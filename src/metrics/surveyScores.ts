import { ClvError, ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { MAX_LIST_LENGTH, numberRule } from '../schemas/field.js';
import { unreadableInput } from '../schemas/parse.js';

/**
 * Counts survey responses into bands after validating them: every response a whole number in [min, max].
 * Blanks (`null`, `undefined`, `NaN`, '') are errors, not skipped: remove non-responses first, so that the
 * number of responses is explicit. At least one response, at most `MAX_LIST_LENGTH`. `cuts` are the ascending
 * lowest scores of the bands after the first: counts[b] is the number of responses s with
 * cuts[b − 1] ≤ s < cuts[b] (cuts[−1] = min, cuts[cuts.length] = max + 1). The work is one pass over the
 * responses, whatever the width of the scale.
 *
 * @example countScores([10, 9, 8, 6], 0, 10, 'netPromoterScore', [7, 9]) // counts [1, 1, 2], responses 4
 */
export function countScores(
  scores: ArrayLike<number>,
  min: number,
  max: number,
  where: string,
  cuts: readonly number[],
): { counts: number[]; responses: number } {
  try {
    return countValidScores(scores, min, max, where, cuts);
  } catch (e) {
    if (e instanceof ClvError) throw e;
    throw unreadableInput(where, 'scores', e); // a Proxy or getter that throws
  }
}

function countValidScores(
  scores: ArrayLike<number>,
  min: number,
  max: number,
  where: string,
  cuts: readonly number[],
): { counts: number[]; responses: number } {
  const n: unknown = scores !== null && typeof scores === 'object' ? scores.length : undefined; // read once
  if (typeof n !== 'number')
    throw new ClvValidationError(where, [makeIssue('scores', 'an array of whole-number scores', scores)]);
  if (n === 0)
    throw new ClvValidationError(where, [makeIssue('scores', 'at least one response', 'an empty list')]);
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_LIST_LENGTH))
    throw new ClvValidationError(where, [
      makeIssue('scores.length', `a whole number in [1, ${MAX_LIST_LENGTH}] (one entry per response)`, n),
    ]);
  const rule = numberRule({ min, max }, true);
  const counts = new Array<number>(cuts.length + 1).fill(0);
  const issues = new IssueList();
  for (let i = 0; i < n; i++) {
    const s = rule.convert(scores[i]);
    if (s === undefined) {
      issues.note(`scores[${i}]`, rule.expected, scores[i], i);
      continue;
    }
    let band = 0;
    while (band < cuts.length && s >= (cuts[band] as number)) band++;
    counts[band] = (counts[band] as number) + 1;
  }
  issues.throwIfAny(where);
  return { counts, responses: n };
}
