import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import { createRandom } from '../models/simulate/random.js';
import { fieldSchema, numberSchema } from '../schemas/field.js';
import { parseInput } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';
import { calendarDateRule, formatDay } from './calendar.js';
import type { Transaction } from './createSummarizer.js';

/**
 * A model parameter of the simulator: in (0, 1e6]. Published fits sit far inside (CDNOW BG/NBD: r 0.24,
 * alpha 4.4; Gamma-Gamma: p 6.25, q 3.74, gamma 15.4); beyond 1e6 the draws overflow or the log explodes
 * (rates like 1e308 gave Infinity amounts).
 */
const Positive = numberSchema({ min: 0, minExclusive: true, max: 1e6 });
/** The largest simulated order, in cents: 1e15 (10 trillion), the input bound of every amount. */
const MAX_ORDER_CENTS = 1e15;
const DayField = fieldSchema<number, string | Date>(calendarDateRule);

export const SimulateOrderLogSchema = withCrossCheck(
  z.strictObject({
    /** Number of customers. */
    customers: numberSchema({ min: 1, max: 10_000_000 }, true),
    /** First and last day of the log. Customers are acquired uniformly over the first `acquisitionDays`. */
    start: DayField,
    end: DayField,
    /** Days over which first purchases are spread (default: a quarter, 90). */
    acquisitionDays: z.optional(numberSchema({ min: 1 }, true)),
    /** BG/NBD purchase process with rates per day: λ ~ Gamma(r, alpha), drop-out p ~ Beta(a, b). */
    purchases: z.strictObject({ r: Positive, alpha: Positive, a: Positive, b: Positive }),
    /** Gamma-Gamma spend: each order ~ Gamma(p, ν), ν ~ Gamma(q, gamma) per customer. */
    spend: z.strictObject({ p: Positive, q: Positive, gamma: Positive }),
    seed: numberSchema({}, true),
  }),
  (v) =>
    v.end <= v.start ? [{ field: 'end', expected: 'a date after start', value: formatDay(v.end) }] : [],
);
/**
 * What `simulateOrderLog` and `simulateOrders` take: the number of customers, the first and last day of the log,
 * the BG/NBD purchase process and Gamma-Gamma spend parameters (rates per day) and a seed.
 *
 * @interface
 */
export type SimulateOrderLogInput = z.input<typeof SimulateOrderLogSchema>;

/**
 * A seeded synthetic order log, for demos, examples and tests: customers arrive over the first
 * `acquisitionDays`, buy as a BG/NBD process (Fader, Hardie & Lee 2005: Poisson purchases at rate λ per day,
 * dropping out with probability p after each repeat purchase) and spend per order as the Gamma-Gamma model
 * (Fader, Hardie & Lee 2005, JMR; Colombo & Jiang 1999). Amounts are rounded to cents; rows come customer
 * after customer, each customer's in date order. The same seed gives the same log. `simulateOrders` yields
 * the rows one at a time (for logs too big to hold); `simulateOrderLog` returns them all.
 *
 * @example simulateOrderLog({ customers: 100, start: '2024-01-01', end: '2024-12-31', seed: 1,
 *   purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 }, spend: { p: 6, q: 4, gamma: 60 } }).length > 100
 */
export function simulateOrderLog(input: SimulateOrderLogInput): Transaction[] {
  return [...simulateOrders(input)];
}

/** One simulated order: the customer id, the day number (see `dayFromCivil`) and the amount in cents. */
export interface SimulatedOrder {
  readonly customerId: string;
  readonly day: number;
  readonly cents: number;
}

/** The orders of `simulateOrderLog` one at a time, as day numbers and cents (no date strings made). */
export function* simulateOrderDays(input: SimulateOrderLogInput): Generator<SimulatedOrder> {
  const v = parseInput(SimulateOrderLogSchema, input, 'simulateOrderLog');
  const rng = createRandom(v.seed);
  const acquisition = Math.min(v.acquisitionDays ?? 90, v.end - v.start + 1);
  const width = String(v.customers).length;
  for (let c = 0; c < v.customers; c++) {
    const customerId = `C${String(c + 1).padStart(width, '0')}`;
    const lambda = rng.gamma(v.purchases.r, v.purchases.alpha);
    const p = rng.beta(v.purchases.a, v.purchases.b);
    const nu = rng.gamma(v.spend.q, v.spend.gamma);
    const cents = () => {
      const c = Math.max(1, Math.round(rng.gamma(v.spend.p, nu) * 100));
      if (c < MAX_ORDER_CENTS) return c;
      throw new ClvValidationError('simulateOrderLog', [
        makeIssue(
          'spend',
          'parameters whose orders stay below 1e13 (the amount bound): this draw gave an order of more than 1e13',
          v.spend,
        ),
      ]);
    };
    let t = v.start + Math.floor(rng.uniform() * acquisition);
    yield { customerId, day: t, cents: cents() };
    if (lambda <= 0) continue;
    for (;;) {
      t += rng.exponential(lambda);
      if (t >= v.end + 1) break;
      yield { customerId, day: Math.floor(t), cents: cents() };
      if (rng.bernoulli(p)) break;
    }
  }
}

/** The rows of `simulateOrderLog` one at a time. */
export function* simulateOrders(input: SimulateOrderLogInput): Generator<Transaction> {
  for (const o of simulateOrderDays(input)) {
    yield { customerId: o.customerId, date: formatDay(o.day), amount: o.cents / 100 };
  }
}
