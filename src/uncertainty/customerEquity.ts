/**
 * Customer equity with an interval: the discounted value of the customers a business has today (and,
 * optionally, of the cohorts it will acquire), per cohort or segment, for transaction and contractual fits.
 */
import { ClvValidationError, makeIssue } from '../errors.js';
import type { CustomersInput } from '../models/data/customers.js';
import type { SpendInput } from '../models/gammaGamma.js';
import type { LifetimeValueInput } from '../models/lifetimeValue.js';
import type { FitLike } from '../models/predict.js';
import { MODELS } from '../models/registry.js';
import type { DecimalInput } from '../money.js';
import { moneyRule, numberRule } from '../schemas/field.js';
import { guardedRead } from '../schemas/parse.js';
import { ruleColumn } from '../schemas/ruleColumn.js';
import {
  gammaGammaValuation,
  type PredictiveValueOptions,
  type ValueRun,
  valueRun,
  valueSetup,
} from './predictiveLifetimeValue.js';
import { type PurchaseValuation, simulateValue } from './simulateValue.js';
import { type MoneyTotal, moneySummary } from './simulationParts.js';

/** Input of `customerEquity`. */
export interface CustomerEquityInput extends Omit<LifetimeValueInput, 'customers' | 'spendModel'> {
  /** A fitted transaction or contractual model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, sBG). */
  readonly transactionModel: FitLike;
  /** Today's customers; with `spendModel`, with monetaryValue (mean repeat spend) too. */
  readonly customers: CustomersInput & Partial<SpendInput>;
  /** A Gamma-Gamma fit valuing each purchase by the customer's posterior spend … */
  readonly spendModel?: FitLike;
  /** … or a fixed value per purchase or renewal (an sBG contract's payment per period), ≥ 0. */
  readonly valuePerPurchase?: DecimalInput;
  /**
   * New customers acquired at the start of every step of the horizon: one whole number ≥ 0 for every step
   * (default 0), or a plan with one for each step (as many as the horizon has steps), e.g. a growing
   * acquisition budget `[1000, 1100, 1210]`.
   */
  readonly acquisitionsPerStep?: number | ArrayLike<number>;
}

/** Customer equity: today's customers per group, the future cohorts, and their sum, each from joint draws. */
export interface CustomerEquity extends ValueRun {
  /** The discounted value of today's customers, one sum per group ('all' without `groups`). */
  readonly groups: readonly MoneyTotal[];
  /** With `acquisitionsPerStep` > 0: the discounted value of the cohorts acquired in the horizon. */
  readonly newCustomers?: MoneyTotal;
  /** Today's customers and the new cohorts together ('total'). */
  readonly total: MoneyTotal;
}

const acquisitionsRule = numberRule({ min: 0, max: 1e9 }, true);
const NEW_CUSTOMERS = 'new customers';
/** A new customer's fixed cost in one draw, in steps of the horizon (about 70 ns against 2 ns a step). */
const STEPS_PER_CUSTOMER_DRAW = 35;
/**
 * New customers × draws × (horizon steps + `STEPS_PER_CUSTOMER_DRAW`) simulated at most: 3e11, about ten minutes
 * on the benchmark machine.
 */
const MAX_NEW_CUSTOMER_WORK = 3e11;

/**
 * Customer equity (Gupta & Lehmann 2003, "Customers as assets", J. Interactive Marketing 17(1); Gupta, Lehmann &
 * Stuart 2004, "Valuing customers", JMR 41(1)): the value of a firm's customer base as the discounted margin
 * of its current customers and of the customers it will acquire. Here each term is simulated from the fitted
 * model's posterior predictive (as `predictiveLifetimeValue`) and summed draw by draw, so it carries an
 * interval:
 *
 *   CE⁽ᵈ⁾ = Σ_i m Σ_{k=1}^{H} R_ik⁽ᵈ⁾ / (1 + d)^k  +  Σ_{j=1}^{H} Σ_{a=1}^{A_j} m Σ_{k=j}^{H} R_jak⁽ᵈ⁾ / (1 + d)^k,
 *
 * R_ik the value of customer i's purchases in step k (Gamma-Gamma's posterior spend, or `valuePerPurchase` ×
 * purchases), and the second sum the A_j customers acquired at the start of each step j (the same A every
 * step, or a plan A_1 … A_H), each a new customer of the model (x = t_x = T = 0: the population's prior, alive
 * at acquisition) whose purchases count from then on.
 * Contractual fits (sBG, Fader & Hardie 2007, "How to project customer retention", J. Interactive Marketing
 * 21(1)) value each renewal at `valuePerPurchase`: today's equity is then Σ over active customers of the
 * discounted expected residual lifetime value, Σ_k v B(α, β+T+k)/B(α, β+T) / (1 + d)^k, in expectation.
 * Acquisition costs and the acquisition purchase itself are not counted (only the model's future purchases);
 * the acquisitions are given numbers per step, so their uncertainty is that of the customers' behaviour. Every
 * new customer is simulated over the horizon in every draw, so the time grows with Σ_j A_j × draws × (H + 35)
 * (100,000 a step over 5 steps with 1,000 draws: about 30 s); past 3e11 the input is refused.
 *
 * @example
 * customerEquity({ transactionModel: sbg, customers: subscribers, valuePerPurchase: 120, horizon: 5,
 *   discountRate: 0.1, acquisitionsPerStep: 1000 }, { quantiles: [0.05, 0.95] }).total.money.quantiles
 */
export function customerEquity(
  input: CustomerEquityInput,
  options: PredictiveValueOptions = {},
): CustomerEquity {
  return guardedRead('customerEquity', 'input', () => customerEquityChecked(input, options));
}

function customerEquityChecked(input: CustomerEquityInput, options: PredictiveValueOptions): CustomerEquity {
  const where = 'customerEquity';
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [makeIssue('input', 'an object', input)]);
  const hasSpend = input.spendModel !== undefined;
  const hasValue = input.valuePerPurchase !== undefined;
  if (hasSpend === hasValue)
    throw new ClvValidationError(where, [
      makeIssue(
        'spendModel',
        'either a Gamma-Gamma fit or valuePerPurchase (one of the two)',
        input.spendModel,
      ),
    ]);
  const amount = hasValue ? moneyRule.convert(input.valuePerPurchase) : undefined;
  if (hasValue && amount === undefined)
    throw new ClvValidationError(where, [
      makeIssue('valuePerPurchase', moneyRule.expected, input.valuePerPurchase),
    ]);
  const planned = input.acquisitionsPerStep;
  const perStep = typeof planned === 'object' && planned !== null ? undefined : (planned ?? 0);
  const count = perStep === undefined ? undefined : acquisitionsRule.convert(perStep);
  if (perStep !== undefined && count === undefined)
    throw new ClvValidationError(where, [
      makeIssue('acquisitionsPerStep', acquisitionsRule.expected, perStep),
    ]);
  if (options?.totals === false)
    throw new ClvValidationError(where, [
      makeIssue('options.totals', 'true or nothing (equity is a sum)', false),
    ]);
  const setup = valueSetup(MODELS, where, input, options);
  const s = setup.settings;
  const today = setup.customers;
  const n = today.frequency.length;
  const H = s.horizon;
  // A plan: one count for each step of the horizon.
  const plan =
    count === undefined
      ? ruleColumn(where, 'acquisitionsPerStep', acquisitionsRule, planned, {
          count: H,
          expected: `one number for each of the horizon's ${H} steps`,
        })
      : undefined;
  // The steps j (0-based: acquired at the start of step j + 1) with acquisitions, and how many.
  const steps: number[] = [];
  const counts: number[] = [];
  for (let j = 0; j < H; j++) {
    const a = plan === undefined ? (count as number) : (plan[j] as number);
    if (a > 0) {
      steps.push(j);
      counts.push(a);
    }
  }
  const cohorts = steps.length;
  // Every new customer is simulated over the whole horizon in every draw: about 70 ns a customer and draw plus
  // 2 ns a step on the benchmark machine. Bounded, so that 1e9 a step, or one a step over 100,000 steps, is
  // refused at once rather than run for hours.
  let acquired = 0;
  for (const c of counts) acquired += c;
  const work = acquired * setup.draws * (H + STEPS_PER_CUSTOMER_DRAW);
  if (work > MAX_NEW_CUSTOMER_WORK)
    throw new ClvValidationError(where, [
      makeIssue(
        'acquisitionsPerStep',
        `new customers × draws × (steps + ${STEPS_PER_CUSTOMER_DRAW}) of at most ${MAX_NEW_CUSTOMER_WORK.toExponential()} (each new customer is simulated over the horizon in every draw; here ${acquired.toLocaleString('en-US')} × ${setup.draws.toLocaleString('en-US')} × ${(H + STEPS_PER_CUSTOMER_DRAW).toLocaleString('en-US')} = ${work.toExponential(2)}): give fewer draws or a shorter horizon`,
        planned,
      ),
    ]);
  const rows = n + cohorts;
  // Today's customers, then one new customer (x = t_x = T = 0) per step with acquisitions, of weight A_j.
  const extend = (column: Float64Array) => {
    const out = new Float64Array(rows);
    out.set(column);
    return out;
  };
  const customers = {
    frequency: extend(today.frequency),
    recency: extend(today.recency),
    T: extend(today.T),
    weights: undefined,
  };
  const weights =
    setup.weights === undefined && cohorts === 0
      ? undefined
      : Float64Array.from({ length: rows }, (_, i) =>
          i < n ? (setup.weights?.[i] ?? 1) : (counts[i - n] as number),
        );
  const offsets =
    cohorts === 0
      ? undefined
      : Uint32Array.from({ length: rows }, (_, i) => (i < n ? 0 : (steps[i - n] as number)));
  const groupNames = setup.labels?.names ?? ['all'];
  const todayGroups = setup.labels?.count ?? 1;
  const index = Uint32Array.from({ length: rows }, (_, i) =>
    i < n ? (setup.labels === undefined ? 0 : (setup.labels.index[i] as number)) : todayGroups,
  );
  let valuation: PurchaseValuation;
  if (amount !== undefined)
    valuation = { kind: 'fixed', amount: new Float64Array(rows).fill(amount.toNumber()) };
  else {
    const spend = gammaGammaValuation(
      MODELS,
      where,
      input.spendModel as FitLike,
      input.customers as SpendInput,
      setup.spendParameterDraws,
    );
    if (spend.frequency.length !== n)
      throw new ClvValidationError(where, [
        makeIssue('customers.monetaryValue', `${n} values`, spend.frequency.length),
      ]);
    valuation = { ...spend, frequency: extend(spend.frequency), spent: extend(spend.spent) };
  }
  const D = setup.draws;
  const e = simulateValue({
    spec: setup.spec,
    params: input.transactionModel.params,
    parameterDraws: setup.parameterDraws,
    customers,
    weights,
    offsets,
    horizon: H,
    step: s.step,
    factors: setup.factors,
    margin: s.margin,
    valuation,
    labels: { index, count: todayGroups + (cohorts > 0 ? 1 : 0) },
    draws: D,
    seed: setup.seed,
    levels: setup.levels,
    totals: true,
  });
  const groupCount = todayGroups + (cohorts > 0 ? 1 : 0);
  const all = new Float64Array(D);
  let everyone = 0;
  for (let g = 0; g < groupCount; g++) {
    everyone += e.groupSizes[g] as number;
    for (let d = 0; d < D; d++) all[d] = (all[d] as number) + (e.clvTotals[g * D + d] as number);
  }
  const summary = (g: number, name: string) =>
    moneySummary(name, e.groupSizes[g] as number, e.clvTotals.slice(g * D, (g + 1) * D), setup.levels);
  return Object.freeze({
    ...valueRun(setup),
    groups: Object.freeze(groupNames.map((name, g) => summary(g, name))),
    ...(cohorts > 0 ? { newCustomers: summary(todayGroups, NEW_CUSTOMERS) } : {}),
    total: moneySummary('total', everyone, all, setup.levels),
  });
}
