/**
 * A line search satisfying the strong Wolfe conditions, for the BFGS minimiser.
 *
 * Along the direction p from x, with φ(α) = f(x + αp), find α with
 *   φ(α) ≤ φ(0) + c₁ α φ'(0)        (sufficient decrease)
 *   |φ'(α)| ≤ c₂ |φ'(0)|             (curvature)
 * by bracketing and zooming (Nocedal & Wright 2006, Numerical Optimization, 2nd ed., Algorithms 3.5 and 3.6),
 * with safeguarded cubic interpolation in the zoom. A non-finite φ(α) (e.g. an overflowing likelihood far from
 * the data) counts as a failed decrease, so the step is shrunk rather than accepted.
 */

/** f(x) with its gradient written into `grad`; may return +Infinity where undefined. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LineSearchResult {
  readonly ok: boolean;
  readonly alpha: number;
  readonly f: number;
  readonly x: Float64Array;
  readonly grad: Float64Array;
  readonly evaluations: number;
}

interface Point {
  readonly alpha: number;
  readonly f: number;
  readonly d: number;
  readonly x: Float64Array;
  readonly g: Float64Array;
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_EVALUATIONS = 40;

export function strongWolfeLineSearch(
  objective: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  p: Float64Array,
  alphaInitial: number,
): LineSearchResult {
  const n = x.length;
  const dphi0 = dot(g0, p);
  let evaluations = 0;

  const evaluate = (alpha: number): Point => {
    const xa = new Float64Array(n);
    for (let i = 0; i < n; i++) xa[i] = (x[i] as number) + alpha * (p[i] as number);
    const ga = new Float64Array(n);
    let fa = objective(xa, ga);
    evaluations++;
    let d = dot(ga, p);
    if (!Number.isFinite(fa) || !Number.isFinite(d)) {
      fa = Number.POSITIVE_INFINITY;
      d = Number.NaN;
    }
    return { alpha, f: fa, d, x: xa, g: ga };
  };

  const done = (pt: Point, ok: boolean): LineSearchResult => ({
    ok,
    alpha: pt.alpha,
    f: pt.f,
    x: pt.x,
    grad: pt.g,
    evaluations,
  });

  const zoom = (lo: Point, hi: Point): LineSearchResult => {
    while (evaluations < MAX_EVALUATIONS) {
      const alpha = interpolate(lo, hi);
      const pt = evaluate(alpha);
      if (pt.f > f0 + C1 * alpha * dphi0 || pt.f >= lo.f) {
        hi = pt;
      } else {
        if (Math.abs(pt.d) <= -C2 * dphi0) return done(pt, true);
        if (pt.d * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = pt;
      }
      if (Math.abs(hi.alpha - lo.alpha) < 1e-16 * Math.max(1, lo.alpha)) break;
    }
    // Sufficient decrease holds at lo whenever lo moved; accept it as a (weaker) step.
    return done(lo, lo.alpha > 0 && lo.f < f0);
  };

  const origin: Point = { alpha: 0, f: f0, d: dphi0, x, g: g0 };
  let prev = origin;
  let alpha = alphaInitial;
  for (let i = 0; evaluations < MAX_EVALUATIONS; i++) {
    const pt = evaluate(alpha);
    if (pt.f > f0 + C1 * alpha * dphi0 || (i > 0 && pt.f >= prev.f)) return zoom(prev, pt);
    if (Math.abs(pt.d) <= -C2 * dphi0) return done(pt, true);
    if (pt.d >= 0) return zoom(pt, prev);
    prev = pt;
    alpha *= 2;
  }
  return done(prev, prev.alpha > 0 && prev.f < f0);
}

/** Minimiser of the cubic through (lo, hi) with their slopes, kept inside the middle 80% of the bracket; else bisection. */
function interpolate(
  lo: { alpha: number; f: number; d: number },
  hi: { alpha: number; f: number; d: number },
): number {
  const a = lo.alpha;
  const b = hi.alpha;
  const left = Math.min(a, b);
  const width = Math.abs(b - a);
  const mid = (a + b) / 2;
  if (!Number.isFinite(hi.f) || !Number.isFinite(hi.d) || !Number.isFinite(lo.d)) {
    // Shrink towards lo when the far end is undefined.
    return a + 0.2 * (b - a);
  }
  const d1 = lo.d + hi.d - (3 * (lo.f - hi.f)) / (a - b);
  const disc = d1 * d1 - lo.d * hi.d;
  if (disc < 0) return mid;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const t = b - (b - a) * ((hi.d + d2 - d1) / (hi.d - lo.d + 2 * d2));
  if (!Number.isFinite(t) || t < left + 0.1 * width || t > left + 0.9 * width) return mid;
  return t;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
