import { Decimal } from '../money.js';

/**
 * The weight of a stream of per-period amounts: Σ_k w_k · q^(k+e) over periods k = 0, 1, …,
 * where w_k = 1 for whole periods and the fraction left for a fractional last period,
 * q = (retention per period) / (1 + discount rate) and e = 0 when a period's amount arrives
 * at its start, 1 when at its end.
 *
 * Closed forms (n whole periods, f the fraction left, n + f periods in all):
 * - q = 1: n + f
 * - finite: q^e (1 − q^n) / (1 − q) + f · q^(n+e)
 * - infinite (q < 1): q^e / (1 − q)
 *
 * Every formula CLV in clvkit is (amount per period) × periodSum(…).
 *
 * @example periodSum(new Decimal(0.8), undefined, 0).toString() === '5'   // 1/(1 − 0.8)
 */
export function periodSum(q: Decimal, periods: Decimal | undefined, e: 0 | 1): Decimal {
  if (periods === undefined) {
    // Callers guarantee q < 1 here (retention 1 with no discount and no horizon is rejected by validation).
    return q.pow(e).div(Decimal.sub(1, q));
  }
  const whole = periods.floor();
  const fraction = periods.sub(whole);
  if (q.eq(1)) return periods;
  const n = whole.toNumber();
  const qe = e === 0 ? new Decimal(1) : q;
  const qn = q.pow(n);
  const full = qe.mul(Decimal.sub(1, qn)).div(Decimal.sub(1, q));
  return fraction.isZero() ? full : full.add(fraction.mul(qn).mul(qe));
}
