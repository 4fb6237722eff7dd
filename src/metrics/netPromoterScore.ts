import { Decimal } from '../money.js';
import { countScores } from './surveyScores.js';

/** A Net Promoter Score and its parts. */
export interface NetPromoterScore {
  /** % promoters − % detractors, exact, in [−100, 100]. */
  readonly score: Decimal;
  /** Responses 9–10. */
  readonly promoters: number;
  /** Responses 7–8. */
  readonly passives: number;
  /** Responses 0–6. */
  readonly detractors: number;
  readonly responses: number;
}

/**
 * Net Promoter Score from 0–10 "how likely are you to recommend us" answers (Reichheld 2003, "The One Number
 * You Need to Grow", Harvard Business Review 81(12)):
 *
 *   NPS = 100 × (#promoters − #detractors) / #responses,   promoters 9–10, passives 7–8, detractors 0–6.
 *
 * Every answer must be a whole number 0..10; blanks are errors (filter non-responses out first). One to
 * 50,000,000 answers (an array or array-like). The score is an exact Decimal (round it for display).
 *
 * @example netPromoterScore([10, 9, 8, 6]).score.toString() === '25'
 */
export function netPromoterScore(scores: ArrayLike<number>): NetPromoterScore {
  const { counts, responses } = countScores(scores, 0, 10, 'netPromoterScore', [7, 9]);
  const [detractors, passives, promoters] = counts as [number, number, number];
  return {
    score: new Decimal(promoters - detractors).mul(100).div(responses),
    promoters,
    passives,
    detractors,
    responses,
  };
}
