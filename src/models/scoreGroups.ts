/**
 * Predictions per distinct (frequency, recency, T): what a warehouse needs to score every customer without
 * sending a row per customer out of it.
 */

import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';
import type { TimeUnit } from '../transactions/calendar.js';
import type { CustomersInput } from './data/customers.js';
import { gammaGammaSpendLine } from './gammaGamma.js';
import { discountedPurchases, type LifetimeValueInput, lifetimeValueSettings } from './lifetimeValue.js';
import type { ModelKernels } from './model.js';
import { MODELS } from './registry.js';

/** Input of `scoreGroups`: the settings of `predictCustomerLifetimeValue`, with distinct groups as `customers`. */
export type ScoreGroupsInput = Omit<LifetimeValueInput, 'customers'> & {
  /** The distinct (frequency, recency, T) of the customer base, e.g. a grouped SQL summary. */
  readonly groups: CustomersInput;
};

/**
 * One row per group. A customer of group j with average repeat spend m̄ has
 *
 *   expected spend = spendIntercept_j + spendSlope_j · m̄,   CLV = clvPerSpend_j · expected spend,
 *
 * which is exactly what `predictCustomerLifetimeValue` computes for that customer.
 */
export interface GroupScores {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly probabilityAlive: Float64Array;
  /** Undiscounted expected purchases over the horizon. */
  readonly expectedPurchases: Float64Array;
  /** Gamma-Gamma's expected spend per purchase at m̄ = 0 (`gammaGammaSpendLine`). */
  readonly spendIntercept: Float64Array;
  /** Gamma-Gamma's weight on the customer's own m̄. */
  readonly spendSlope: Float64Array;
  /** Margin × discounted expected purchases over the horizon: CLV per unit of expected spend. */
  readonly clvPerSpend: Float64Array;
  readonly step: number;
  readonly timeUnit: TimeUnit;
}

/**
 * Scores distinct customer groups once, for every customer that shares them: P(alive), expected purchases over
 * the horizon, the Gamma-Gamma spend line and CLV per unit of spend. The CLV of a customer is then a product in
 * the warehouse (see `GroupScores`), equal to `predictCustomerLifetimeValue`'s:
 *
 *   CLV_i = m · Σ_{k=1}^{H} (E[Y(k s)] − E[Y((k−1) s)]) / (1 + d)^k · (a(x) + b(x) m̄_i).
 *
 * Same validation and defaults as `predictCustomerLifetimeValue` (horizon 12 monthly steps, 1 % a step).
 *
 * @example
 * const g = scoreGroups({ transactionModel: bgFit, spendModel: ggFit, groups: { frequency: [0, 2], recency: [0, 30], T: [38, 38] }, timeUnit: 'week' });
 * g.clvPerSpend[1] * (g.spendIntercept[1] + g.spendSlope[1] * 25) // CLV of a customer of group 1 spending 25 on average
 */
export function scoreGroups(input: ScoreGroupsInput): GroupScores {
  return guardedRead('scoreGroups', 'input', () => scoreGroupsChecked(input));
}

function scoreGroupsChecked(input: ScoreGroupsInput): GroupScores {
  const where = 'scoreGroups';
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [makeIssue('input', 'an object', input)]);
  const settings = lifetimeValueSettings(MODELS, { ...input, customers: input.groups }, where);
  const { customers, margin } = settings;
  const alive = settings.spec.kernels.probabilityAlive as NonNullable<ModelKernels['probabilityAlive']>;
  const { discounted, purchases } = discountedPurchases(settings, customers);
  const n = customers.frequency.length;
  const spendIntercept = new Float64Array(n);
  const spendSlope = new Float64Array(n);
  const clvPerSpend = new Float64Array(n);
  const spendParams = input.spendModel.params;
  const bad = [];
  for (let j = 0; j < n; j++) {
    const line = gammaGammaSpendLine(spendParams, customers.frequency[j] as number);
    spendIntercept[j] = line.intercept;
    spendSlope[j] = line.slope;
    clvPerSpend[j] = (discounted[j] as number) * margin;
    if (!(line.intercept > 0 && Number.isFinite(line.intercept)))
      bad.push(
        makeIssue(
          `groups.frequency[${j}]`,
          `a frequency with p·x + q > 1 (q = ${spendParams.q} ≤ 1 has no finite mean spend)`,
          customers.frequency[j],
          j,
        ),
      );
  }
  if (bad.length > 0) throw new ClvValidationError(where, bad.slice(0, 100));
  return {
    frequency: customers.frequency,
    recency: customers.recency,
    T: customers.T,
    probabilityAlive: alive(settings.transactionParams, customers),
    expectedPurchases: purchases,
    spendIntercept,
    spendSlope,
    clvPerSpend,
    step: settings.step,
    timeUnit: settings.timeUnit,
  };
}
