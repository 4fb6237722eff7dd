/**
 * Coverage of predictive intervals of counts: how often the observed purchases fall inside each customer's
 * central interval, defined honestly for whole numbers.
 */

import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';
import type { ObservedPit } from './predictivePurchases.js';

/** The share of customers whose observed count lies in their central interval, three ways. */
export interface IntervalCoverage {
  /** Nominal level of the central interval, e.g. 0.9 for [Q(0.05), Q(0.95)]. */
  readonly level: number;
  readonly customers: number;
  /** Share with y in the closed interval [Q(lo), Q(hi)] (≥ level for a calibrated model: counts are lumpy). */
  readonly closed: number;
  /** Share with y in the open interval (Q(lo), Q(hi)) (≤ level for a calibrated model). */
  readonly open: number;
  /**
   * Expected share of randomized PIT values u = F(y−1) + V (F(y) − F(y−1)), V ~ U(0, 1), in [lo, hi]: exactly
   * `level` in expectation for a calibrated model (Czado, Gneiting & Held 2009, Biometrics 65(4)), computed
   * without randomness as the mean over customers of |[F(y−1), F(y)] ∩ [lo, hi]| / (F(y) − F(y−1)).
   */
  readonly randomized: number;
}

/** Slack on the CDF comparisons, as the quantiles use, so Q and F agree on ties. */
const SLACK = 1e-9;

/**
 * Coverage of the central `level` intervals (lo = (1 − level)/2, hi = 1 − lo) from the predictive CDF at the
 * observed counts (`predictivePurchases(…, { observed }).pit`). With Q the inverse CDF (the verbs' quantiles):
 * y ≥ Q(lo) ⇔ F(y) ≥ lo; y ≤ Q(hi) ⇔ F(y−1) < hi; y > Q(lo) ⇔ F(y−1) ≥ lo; y < Q(hi) ⇔ F(y) < hi.
 * The closed share over-covers and the open one under-covers for integers; the randomized PIT share is the
 * calibrated one to compare with `level`. Every entry must be a CDF pair, 0 ≤ `below[i]` ≤ `at[i]` ≤ 1 (a
 * `ClvValidationError` naming `pit.below[i]` or `pit.at[i]` otherwise).
 *
 * @example predictiveCoverage(predictivePurchases(fit, 39, cdnow, { observed: holdout }).pit, 0.9).randomized // ≈ 0.9
 */
export function predictiveCoverage(pit: ObservedPit | undefined, level = 0.9): IntervalCoverage {
  return guardedRead('predictiveCoverage', 'input', () => predictiveCoverageChecked(pit, level));
}

function predictiveCoverageChecked(pit: ObservedPit | undefined, level = 0.9): IntervalCoverage {
  const where = 'predictiveCoverage';
  if (pit === undefined || !(pit.below instanceof Float64Array) || !(pit.at instanceof Float64Array))
    throw new ClvValidationError(where, [
      makeIssue('pit', 'the pit of predictivePurchases called with options.observed', pit),
    ]);
  if (!(typeof level === 'number' && level > 0 && level < 1))
    throw new ClvValidationError(where, [makeIssue('level', 'a number in (0, 1)', level)]);
  const n = pit.at.length;
  if (pit.below.length !== n)
    throw new ClvValidationError(where, [
      makeIssue('pit.below', `${n} values, one per entry of pit.at`, pit.below.length),
    ]);
  // A predictive CDF at y − 1 and at y: 0 ≤ F(y − 1) ≤ F(y) ≤ 1, each entry checked and named.
  const issues = new IssueList();
  for (let i = 0; i < n; i++) {
    const below = pit.below[i] as number;
    const at = pit.at[i] as number;
    if (!(below >= 0 && below <= 1)) issues.note(`pit.below[${i}]`, 'a probability in [0, 1]', below, i);
    else if (!(at >= 0 && at <= 1)) issues.note(`pit.at[${i}]`, 'a probability in [0, 1]', at, i);
    else if (!(below <= at))
      issues.note(`pit.below[${i}]`, `at most pit.at[${i}] (${at}): F(y − 1) ≤ F(y)`, below, i);
  }
  issues.throwIfAny(where);
  const lo = (1 - level) / 2;
  const hi = 1 - lo;
  let closed = 0;
  let open = 0;
  let randomized = 0;
  for (let i = 0; i < n; i++) {
    const below = pit.below[i] as number;
    const at = pit.at[i] as number;
    if (at >= lo * (1 - SLACK) && below < hi * (1 - SLACK)) closed++;
    if (below >= lo * (1 - SLACK) && at < hi * (1 - SLACK)) open++;
    const width = at - below;
    randomized +=
      width > 0
        ? Math.max(0, Math.min(at, hi) - Math.max(below, lo)) / width
        : below >= lo && below <= hi
          ? 1
          : 0;
  }
  const share = (k: number) => (n === 0 ? 0 : k / n);
  return Object.freeze({
    level,
    customers: n,
    closed: share(closed),
    open: share(open),
    randomized: share(randomized),
  });
}
