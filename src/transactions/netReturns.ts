import { Decimal } from '../money.js';

/** One customer's days after netting their returns (see `netReturns`). */
export interface NettedDays {
  /** What is left of each day's purchases (never below 0). */
  readonly balance: Decimal[];
  /** Whether a return was netted against the day (its own, or a later one's). */
  readonly touched: Uint8Array;
  /** Returned value that found no earlier purchase to net against. */
  readonly unmatched: Decimal;
}

const ZERO = new Decimal(0);

/**
 * Nets one customer's returns (negative amounts) against their purchases, the rule of `returns: 'net'`:
 * 1. within a day, the returns are subtracted from that day's purchases (balance = purchases − returns);
 * 2. what a day's returns exceed its purchases by — all of it on a day with no purchase — is subtracted
 *    from the customer's most recent earlier days that still have a positive balance, newest first, each
 *    taken down to 0 at most; a return dated after `calibrationEnd` never reaches a day on or before it
 *    (the calibration figures know nothing of the holdout period);
 * 3. whatever is still left over is unmatched return value (a refund of an order before the log began).
 * A day a return was netted against and whose balance is then 0 or less is no purchase occasion (the caller
 * drops it); a day no return touched keeps today's rules (a 0 order still counts).
 * Days must be in ascending order. O(days): a stack of the days with a positive balance.
 *
 * @example
 * // bought 100 on day 1 and 30 on day 5; returned 40 on day 5 and 50 on day 9
 * netReturns([1, 5, 9], [new Decimal(100), new Decimal(30), new Decimal(0)],
 *   [new Decimal(0), new Decimal(40), new Decimal(50)], 3, Infinity)
 * // balance [40, 0, 0], touched [1, 1, 1], unmatched 0: day 5 nets to −10, taken from day 1 with day 9's 50
 */
export function netReturns(
  days: ArrayLike<number>,
  purchases: readonly Decimal[],
  returns: readonly Decimal[],
  count: number,
  calibrationEnd: number,
): NettedDays {
  const balance = new Array<Decimal>(count);
  const touched = new Uint8Array(count);
  const open: number[] = [];
  let unmatched = ZERO;
  for (let d = 0; d < count; d++) {
    const returned = returns[d] as Decimal;
    let net = (purchases[d] as Decimal).sub(returned);
    if (!returned.isZero()) touched[d] = 1;
    if (net.lt(0)) {
      let excess = net.neg();
      net = ZERO;
      const late = (days[d] as number) > calibrationEnd;
      while (excess.gt(0) && open.length > 0) {
        const j = open[open.length - 1] as number;
        if (late && (days[j] as number) <= calibrationEnd) break;
        const have = balance[j] as Decimal;
        touched[j] = 1;
        if (have.gt(excess)) {
          balance[j] = have.sub(excess);
          excess = ZERO;
        } else {
          balance[j] = ZERO;
          excess = excess.sub(have);
          open.pop();
        }
      }
      if (excess.gt(0)) unmatched = unmatched.add(excess);
    }
    balance[d] = net;
    if (net.gt(0)) open.push(d);
  }
  return { balance, touched, unmatched };
}
