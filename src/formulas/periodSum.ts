import { Decimal } from '../money.js';

/**
 * The digits a period sum is worked in before it is rounded to the library's 34: 34 and six guard digits, plus
 * as many as 1 − q^n cancels (about −log₁₀(1 − q)) — up to 30 when q lies within `MIN_RATE` = 1e-30 of 1. (In 34 digits, 1 + d dropped
 * a discount rate below 1e-34 whole, and q^n of a retention 1 − 1e-40 rounded to 1, giving a revenue of 0.)
 * Three widths, so that ordinary rates pay for few extra digits (a smaller 1 − q, only from a retention of exactly
 * 1 and a discount rate below 1e-30, gets a width of its own).
 */
const WIDE_46 = Decimal.clone({ precision: 46 });
const WIDE_58 = Decimal.clone({ precision: 58 });
const WIDE_70 = Decimal.clone({ precision: 70 });

/**
 * The weight of a stream of per-period amounts: Σ_k w_k · q^(k+e) over periods k = 0, 1, …,
 * where w_k = 1 for whole periods and the fraction left for a fractional last period,
 * q = r / (1 + d) (r the retention per period, d the discount rate per period) and e = 0 when a period's amount
 * arrives at its start, 1 when at its end.
 *
 * Closed forms (n whole periods, f the fraction left, n + f periods in all), with 1 − q = ((1 − r) + d)/(1 + d)
 * so that no digit of a small 1 − r or d is lost:
 * - q = 1: n + f
 * - finite: q^e (1 − q^n) / (1 − q) + f · q^(n+e)
 * - infinite (q < 1): q^e / (1 − q)
 *
 * Worked in up to 70 digits (`WIDE_70`), rounded to 34. Every formula CLV in clvkit is (amount per period) ×
 * periodSum(…).
 *
 * @example periodSum(new Decimal(0.8), new Decimal(0), undefined, 0).toString() === '5'   // 1/(1 − 0.8)
 */
export function periodSum(r: Decimal, d: Decimal, periods: Decimal | undefined, e: 0 | 1): Decimal {
  const churn = Decimal.sub(1, r); // exact: r has at most 34 digits
  const cancelled = -churn.add(d).e; // about −log₁₀ of (1 − r) + d: the digits 1 − q^n cancels
  const Wide =
    cancelled <= 6
      ? WIDE_46
      : cancelled <= 18
        ? WIDE_58
        : cancelled <= 30
          ? WIDE_70
          : // Only a retention of exactly 1 with a discount rate below 1e-30 and a horizon comes here.
            Decimal.clone({ precision: 40 + cancelled });
  const onePlusD = new Wide(d).add(1);
  const q = new Wide(r).div(onePlusD);
  const gap = new Wide(churn).add(d).div(onePlusD); // 1 − q
  const qe = e === 0 ? new Wide(1) : q;
  if (periods === undefined) {
    // Callers guarantee q < 1 here (retention 1 with no discount and no horizon is rejected by validation).
    return narrow(qe.div(gap));
  }
  if (gap.isZero()) return periods;
  const whole = periods.floor();
  const fraction = periods.sub(whole);
  const qn = q.pow(whole.toNumber());
  const full = qe.mul(Wide.sub(1, qn)).div(gap);
  return narrow(fraction.isZero() ? full : full.add(qn.mul(qe).mul(fraction)));
}

/** A wide result as the library's Decimal, rounded to its 34 digits. */
function narrow(x: Decimal): Decimal {
  return new Decimal(x).toSignificantDigits(34);
}
