import { ClvError, ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { unreadableInput } from '../schemas/parse.js';

/**
 * Counts survey responses per score after validating them: every response a whole number in [min, max].
 * Blanks (`null`, `undefined`, `NaN`, '') are errors, not skipped: remove non-responses first, so that the
 * number of responses is explicit. At least one response. Returns counts[s − min] for s = min..max.
 */
export function countScores(
  scores: ArrayLike<number>,
  min: number,
  max: number,
  where: string,
): { counts: number[]; responses: number } {
  try {
    return countValidScores(scores, min, max, where);
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
): { counts: number[]; responses: number } {
  if (scores === null || typeof scores !== 'object' || typeof scores.length !== 'number')
    throw new ClvValidationError(where, [makeIssue('scores', 'an array of whole-number scores', scores)]);
  if (scores.length === 0)
    throw new ClvValidationError(where, [makeIssue('scores', 'at least one response', 'an empty list')]);
  const rule = numberRule({ min, max }, true);
  const counts = new Array<number>(max - min + 1).fill(0);
  const issues = new IssueList();
  for (let i = 0; i < scores.length; i++) {
    const s = rule.convert(scores[i]);
    if (s === undefined) issues.note(`scores[${i}]`, rule.expected, scores[i], i);
    else counts[s - min] = (counts[s - min] as number) + 1;
  }
  issues.throwIfAny(where);
  return { counts, responses: scores.length };
}
