/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z), in log space, for the arguments the buy-till-you-die
 * models need: a, b, c > 0 and 0 ≤ z < 1 (every term of the power series is then positive).
 *
 *   ₂F₁(a, b; c; z) = Σ_k (a)_k (b)_k / ((c)_k k!) z^k,   (q)_k = q (q+1) … (q+k−1).
 *
 * Source: Abramowitz & Stegun (1964), Handbook of Mathematical Functions, §15.1.1 (series), §15.3.3 (Euler's
 * transformation) and §15.3.6 (the 1 − z connection formula).
 */
import { ClvFitError, ClvValidationError, makeIssue } from '../../errors.js';
import { lgamma, sinPi } from './lgamma.js';

/** Relative size of the neglected tail at which a series stops. */
const TAIL = 1e-17;
/** Longest series summed before giving up (the slowest case, z → 1 with c − a − b small, is handled otherwise). */
const MAX_TERMS = 20_000_000;
/** What a series that did not converge says: it fails a fit or a prediction alike (`ClvFitError`, so fits treat it as theirs). */
const NOT_COMPUTED = 'not computed';
/** Terms and partial sums are rescaled by this factor to stay finite; the scale is kept as a logarithm. */
const RESCALE = 1e200;
const LOG_RESCALE = Math.log(RESCALE);
/** The smallest normal double: below it, a term has lost precision. */
const MIN_NORMAL = 2.2250738585072014e-308;
/** Above this z, the 1 − z connection formula is tried before the (slowly converging) direct series. */
const NEAR_ONE = 0.9;
/** A connection formula with c − a − b within this distance of an integer is evaluated by extrapolation. */
const INTEGER_GAP = 2.5e-4;
/** Step in c of that extrapolation. */
const STEP = 5e-4;

/**
 * log |Γ(x)| and the sign of Γ(x) for any real x that is not 0, −1, −2, …: C's `lgamma` (which reflects
 * negative arguments), with the sign of Γ(x) = π / (sin(πx) Γ(1 − x)) from C's exact `sinPi` for x < 0.
 */
export function logAbsGamma(x: number): { value: number; sign: number } {
  return { value: lgamma(x), sign: x > 0 || sinPi(x) > 0 ? 1 : -1 };
}

/**
 * log of the ₂F₁ power series for a, b ≥ 0, c > 0 and 0 ≤ z < 1, all terms positive, with a rigorous stop:
 * writing t_{k+1} = t_k ρ_k, ρ_k = z (a+k)(b+k) / ((c+k)(k+1)), every later ratio is at most
 * R_k = z (1 + max(0, a+b−c−1)/(c+k) + |ab − c| / ((c+k)(k+1))), so once R_k < 1 the tail is at most
 * t_k R_k / (1 − R_k), and the sum stops when that is below 10⁻¹⁷ of the partial sum.
 */
function logSeries(a: number, b: number, c: number, z: number): number {
  if (z === 0 || a === 0 || b === 0) return 0;
  const excess = Math.max(0, a + b - c - 1);
  const cross = Math.abs(a * b - c);
  let logScale = 0;
  let sum = 1;
  let term = 1;
  for (let k = 0; k < MAX_TERMS; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (sum > RESCALE) {
      term /= RESCALE;
      sum /= RESCALE;
      logScale += LOG_RESCALE;
    }
    const n = k + 1;
    const bound = z * (1 + excess / (c + n) + cross / ((c + n) * (n + 1)));
    if (bound < 1 && term * bound <= TAIL * sum * (1 - bound)) return logScale + Math.log(sum);
  }
  throw new ClvFitError(
    {
      model: 'hyp2f1',
      reason: `the series of 2F1(${a}, ${b}; ${c}; ${z}) did not converge in ${MAX_TERMS} terms`,
    },
    NOT_COMPUTED,
  );
}

/** A signed ₂F₁ series (parameters of any sign, |w| small): sum and the largest term, for a conditioning check. */
function signedSeries(a: number, b: number, c: number, w: number): { sum: number; largest: number } {
  let sum = 1;
  let term = 1;
  let largest = 1;
  const start = Math.max(-a, -b, -c, 0);
  const excess = Math.abs(a + b - c - 1);
  const cross = Math.abs(a * b - c);
  for (let k = 0; k < MAX_TERMS; k++) {
    term *= ((a + k) * (b + k) * w) / ((c + k) * (k + 1));
    sum += term;
    const t = Math.abs(term);
    if (t > largest) largest = t;
    if (term === 0) break;
    const n = k + 1;
    if (n > start + 1) {
      const bound = Math.abs(w) * (1 + excess / (c + n) + cross / ((c + n) * (n + 1)));
      if (bound < 1 && t * bound <= TAIL * Math.abs(sum) * (1 - bound)) break;
    }
  }
  return { sum, largest };
}

/**
 * log ₂F₁ by the 1 − z connection formula (A&S 15.3.6), for c − a − b not an integer:
 * ₂F₁(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) ₂F₁(a,b;a+b−c+1;1−z)
 *             + (1−z)^{c−a−b} Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) ₂F₁(c−a,c−b;c−a−b+1;1−z).
 * Returns undefined when the two parts cancel too much to trust (large a or b against a not-so-small 1 − z).
 */
function logConnection(a: number, b: number, c: number, z: number): number | undefined {
  const w = 1 - z;
  const s = c - a - b;
  const parts: { log: number; sign: number }[] = [];
  let largest = 0;
  // The log-gamma coefficients are accurate to about 1e-16 of their magnitude, not of the result: a part's
  // relative error grows with Σ|log Γ| (144 for Γ(50) alone), and cancelling parts multiply it.
  let magnitude = 1;
  // First part: its coefficient vanishes when c − a or c − b is 0, −1, −2, … (1/Γ has a zero there).
  const ca = c - a;
  const cb = c - b;
  const vanishes = (q: number) => q <= 0 && Number.isInteger(q);
  if (!vanishes(ca) && !vanishes(cb)) {
    const gS = logAbsGamma(s);
    const gCa = logAbsGamma(ca);
    const gCb = logAbsGamma(cb);
    const series = signedSeries(a, b, 1 - s, w);
    if (series.sum === 0) return undefined;
    const log = lgamma(c) + gS.value - gCa.value - gCb.value;
    magnitude = Math.max(
      magnitude,
      Math.abs(lgamma(c)) + Math.abs(gS.value) + Math.abs(gCa.value) + Math.abs(gCb.value),
    );
    parts.push({
      log: log + Math.log(Math.abs(series.sum)),
      sign: gS.sign * gCa.sign * gCb.sign * Math.sign(series.sum),
    });
    largest = Math.max(largest, log + Math.log(series.largest));
  }
  {
    const gMs = logAbsGamma(-s);
    const series = signedSeries(ca, cb, 1 + s, w);
    if (series.sum !== 0) {
      const log = s * Math.log(w) + lgamma(c) + gMs.value - lgamma(a) - lgamma(b);
      magnitude = Math.max(
        magnitude,
        Math.abs(s * Math.log(w)) +
          Math.abs(lgamma(c)) +
          Math.abs(gMs.value) +
          Math.abs(lgamma(a)) +
          Math.abs(lgamma(b)),
      );
      parts.push({ log: log + Math.log(Math.abs(series.sum)), sign: gMs.sign * Math.sign(series.sum) });
      largest = Math.max(largest, log + Math.log(series.largest));
    }
  }
  if (parts.length === 0) return undefined;
  const top = Math.max(...parts.map((p) => p.log));
  let total = 0;
  for (const p of parts) total += p.sign * Math.exp(p.log - top);
  if (!(total > 0)) return undefined;
  const value = top + Math.log(total);
  // Each part is accurate to about 1e-16 of its largest term times the coefficients' magnitude; demand 1e-10 of the
  // result (measured: (a, b, c) = (44.8, 2.34, 50.0) at z = 0.9 cancelled by about 2e6 with Σ|log Γ| ≈ 420 and was
  // 1e-7 off before this bound counted the magnitude).
  if (largest - value > Math.log(1e6 / magnitude)) return undefined;
  return Number.isFinite(value) ? value : undefined;
}

/** The connection formula, extrapolated in c (Richardson, error O(h⁴)) where c − a − b is nearly an integer. */
function logNearOne(a: number, b: number, c: number, z: number): number | undefined {
  const s = c - a - b;
  if (Math.abs(s - Math.round(s)) >= INTEGER_GAP) return logConnection(a, b, c, z);
  if (c <= 4 * STEP) return undefined;
  const f = (cc: number) => logConnection(a, b, cc, z);
  const p1 = f(c + STEP);
  const m1 = f(c - STEP);
  const p2 = f(c + 2 * STEP);
  const m2 = f(c - 2 * STEP);
  if (p1 === undefined || m1 === undefined || p2 === undefined || m2 === undefined) return undefined;
  return (4 * (p1 + m1) - (p2 + m2)) / 6;
}

/**
 * log ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1.
 *
 * Method: the power series (A&S 15.1.1), after Euler's transformation
 * ₂F₁(a,b;c;z) = (1−z)^{c−a−b} ₂F₁(c−a, c−b; c; z) (A&S 15.3.3) when that keeps the terms positive and
 * smaller; above z = 0.9 the 1 − z connection formula (A&S 15.3.6) when it is well conditioned, extrapolated
 * in c (Richardson) where c − a − b is within 2.5·10⁻⁴ of an integer (its Γ poles cancel there); the direct
 * series, with a rigorous tail bound, otherwise. Accuracy: about 1e-14 relative for moderate arguments,
 * 1e-9 near the integer cases of the connection formula.
 *
 * @example
 * logHyp2f1(1, 1, 2, 0.5); // log(−log(1 − 0.5) / 0.5) = log(2 log 2) ≈ 0.32663
 * logHyp2f1(3, 2, 2, 0.25); // log((1 − 0.25)^−3) ≈ 0.86305
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const issues = [];
  for (const [name, v] of [
    ['a', a],
    ['b', b],
    ['c', c],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0)) issues.push(makeIssue(name, 'a finite number greater than 0', v));
  }
  if (!(Number.isFinite(z) && z >= 0 && z < 1)) issues.push(makeIssue('z', 'a finite number in [0, 1)', z));
  if (issues.length > 0) throw new ClvValidationError('logHyp2f1', issues);
  if (z === 0) return 0;
  if (z > NEAR_ONE) {
    const near = logNearOne(a, b, c, z);
    if (near !== undefined) return near;
  }
  const ca = c - a;
  const cb = c - b;
  if (ca >= 0 && cb >= 0 && ca * cb < a * b) return (c - a - b) * Math.log1p(-z) + logSeries(ca, cb, c, z);
  return logSeries(a, b, c, z);
}

/**
 * log ₂F₁(1, b; c; z) for 0 < b < c and 0 ≤ z < 1, with its partial derivatives, for the Pareto/NBD likelihood
 * (Fader & Hardie 2005, after Euler's transformation every series there has this form). Terms
 * g_k = z^k Π_{j<k} (b+j)/(c+j) decrease with ratios below z, so the tail after g_k is at most
 * (k + 1/(1−z)) g_k z/(1−z) for the derivative sums too; the partials are the term-by-term derivatives:
 * ∂/∂b = Σ g_k Σ_{j<k} 1/(b+j) / F, ∂/∂c = −Σ g_k Σ_{j<k} 1/(c+j) / F, ∂/∂z = Σ k g_k / (z F), and the
 * derivative along b and c together, ∂/∂b + ∂/∂c = Σ g_k Σ_{j<k} (c−b)/((b+j)(c+j)) / F, summed as such because
 * the two parts nearly cancel when c − b ≪ b (a long series would lose digits subtracting them).
 *
 * `grad` (length ≥ offset + 3), when given, receives [∂/∂b, ∂/∂c, ∂/∂z] of the log at grad[offset..], and if
 * its length is ≥ offset + 4 also ∂/∂b + ∂/∂c (so callers can reuse one buffer, no allocation per call).
 * `table`, when given, must be `unitASeriesTable(b, c, …)` of the same b and c: its first terms' ratios and
 * harmonic sums are read instead of computed (the same numbers, so the same result), which leaves the series
 * with no division — for many z at one (b, c), as the Pareto/NBD likelihood has per frequency.
 *
 * @example
 * logHyp2f1UnitA(1, 2, 0.5); // ₂F₁(1,1;2;z) = −log(1−z)/z: log(2 log 2) ≈ 0.32663
 */
export function logHyp2f1UnitA(
  b: number,
  c: number,
  z: number,
  grad?: Float64Array,
  offset = 0,
  table?: UnitASeriesTable,
): number {
  let logScale = 0;
  let sum = 1;
  let term = 1;
  let sumB = 0;
  let sumC = 0;
  let sumK = 0;
  let sumBC = 0;
  let hb = 0;
  let hc = 0;
  let hbc = 0;
  const gap = c - b;
  if (z > 0) {
    const invTail = 1 / (1 - z);
    const tabled = table === undefined ? 0 : table.ratio.length;
    for (let k = 0; k < MAX_TERMS; k++) {
      if (k < tabled) {
        const t = table as UnitASeriesTable;
        term *= (t.ratio[k] as number) * z;
        hb = t.hb[k] as number;
        hc = t.hc[k] as number;
        hbc = t.hbc[k] as number;
      } else {
        // Two divisions per term: the ratio and the harmonic sums share 1/(b+k) and 1/(c+k).
        const ib = 1 / (b + k);
        const ic = 1 / (c + k);
        term *= (b + k) * ic * z;
        hb += ib;
        hc += ic;
        hbc += gap * ib * ic;
      }
      sum += term;
      sumBC += term * hbc;
      sumB += term * hb;
      sumC += term * hc;
      sumK += term * (k + 1);
      if (sum > RESCALE) {
        term /= RESCALE;
        sum /= RESCALE;
        sumB /= RESCALE;
        sumC /= RESCALE;
        sumK /= RESCALE;
        sumBC /= RESCALE;
        logScale += LOG_RESCALE;
      }
      // Tail of Σ k g_k (the slowest of the four sums, relative to its own size), and of Σ g_k.
      const n = k + 1;
      const tail = term * z * invTail * (n + invTail) * (1 + hb + hc);
      // A subnormal term has lost its precision, and multiplying it by z can round back to itself: it ends the
      // sum (it matters to the harmonic sums only for b or c below 1e-290, whose hb, hc reach 1e290).
      if (tail <= TAIL * sum || term < MIN_NORMAL) break;
      if (k === MAX_TERMS - 1)
        throw new ClvFitError(
          {
            model: 'hyp2f1',
            reason: `the series of 2F1(1, ${b}; ${c}; ${z}) did not converge in ${MAX_TERMS} terms`,
          },
          NOT_COMPUTED,
        );
    }
  }
  if (grad) {
    grad[offset] = sumB / sum;
    grad[offset + 1] = -sumC / sum;
    grad[offset + 2] = z > 0 ? sumK / (z * sum) : b / c;
    if (grad.length >= offset + 4) grad[offset + 3] = sumBC / sum;
  }
  return logScale + Math.log(sum);
}

/** The z-free parts of the first terms of the ₂F₁(1, b; c; z) series (see `unitASeriesTable`). */
export interface UnitASeriesTable {
  /** (b+k)/(c+k). */
  readonly ratio: Float64Array;
  /** Σ_{j≤k} 1/(b+j), Σ_{j≤k} 1/(c+j), Σ_{j≤k} (c−b)/((b+j)(c+j)). */
  readonly hb: Float64Array;
  readonly hc: Float64Array;
  readonly hbc: Float64Array;
}

/**
 * The first `terms` term ratios (b+k)/(c+k) and harmonic sums of the ₂F₁(1, b; c; z) series of
 * `logHyp2f1UnitA`, which do not depend on z: computed once for many series at one (b, c), each then summed
 * with multiplications only. The numbers are those the series computes itself, in the same order.
 *
 * @example logHyp2f1UnitA(1, 2, 0.5, undefined, 0, unitASeriesTable(1, 2, 64)) // = logHyp2f1UnitA(1, 2, 0.5)
 */
export function unitASeriesTable(b: number, c: number, terms: number): UnitASeriesTable {
  const ratio = new Float64Array(terms);
  const hbs = new Float64Array(terms);
  const hcs = new Float64Array(terms);
  const hbcs = new Float64Array(terms);
  const gap = c - b;
  let hb = 0;
  let hc = 0;
  let hbc = 0;
  for (let k = 0; k < terms; k++) {
    const ib = 1 / (b + k);
    const ic = 1 / (c + k);
    ratio[k] = (b + k) * ic;
    hb += ib;
    hc += ic;
    hbc += gap * ib * ic;
    hbs[k] = hb;
    hcs[k] = hc;
    hbcs[k] = hbc;
  }
  return { ratio, hb: hbs, hc: hcs, hbc: hbcs };
}
