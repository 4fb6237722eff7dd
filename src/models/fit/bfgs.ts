import { dot, type Objective, strongWolfeLineSearch } from './lineSearch.js';

export interface MinimizeOptions {
  readonly maxIterations: number;
  /** Converged when the largest absolute gradient component is at most this. */
  readonly tolerance: number;
  /**
   * H₀, the starting inverse-Hessian approximation (n × n, row-major, symmetric positive definite), e.g. the
   * inverse of a Hessian measured nearby; default the identity, rescaled after the first step.
   */
  readonly initialInverseHessian?: Float64Array;
}

export interface MinimizeResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly grad: Float64Array;
  /** max_j |∂f/∂x_j| at x. */
  readonly gradientNorm: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly reason: string;
}

/** Relative change of f below which a float64 objective summed over many terms cannot tell better from worse. */
const PRECISION_FLOOR = 1e-12;

/**
 * Minimises a smooth function with the BFGS quasi-Newton method and a strong-Wolfe line search.
 *
 * The inverse-Hessian approximation H is updated with s = x_{k+1} − x_k, y = ∇f_{k+1} − ∇f_k as
 *   H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ,  ρ = 1 / (yᵀs),
 * starting from H₀ = I, rescaled after the first step by yᵀs / yᵀy, or from a given H₀ (Nocedal & Wright 2006, Numerical
 * Optimization, 2nd ed., Algorithm 6.1 and eq. 6.20). The update is skipped when yᵀs ≤ 0 (cannot happen
 * after a strong-Wolfe step, but guards rounding). The first trial step is capped at length 1. Converged:
 * the gradient's largest component is ≤ tolerance; or, at a gradient ≤ √tolerance, f stops changing or no
 * step can lower it by more than 1e-12 relative (−∇f·p below that: the precision of a float64 sum over a
 * million customers, where the gradient itself is only good to ~1e-7).
 *
 * @example bfgs((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, Float64Array.of(0), { maxIterations: 50, tolerance: 1e-10 }).x[0] // ≈ 3
 */
export function bfgs(objective: Objective, x0: Float64Array, options: MinimizeOptions): MinimizeResult {
  const n = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = objective(x, g);
  if (!Number.isFinite(f) || !g.every(Number.isFinite))
    return result(x, f, g, 0, false, 'objective not finite at the starting point');
  const h =
    options.initialInverseHessian === undefined
      ? identity(n)
      : Float64Array.from(options.initialInverseHessian);
  const p = new Float64Array(n);
  // A given H₀ already has the problem's scale: no rescaling, and full Newton-like steps from the start.
  let firstStep = options.initialInverseHessian === undefined;
  for (let k = 0; k < options.maxIterations; k++) {
    const gNorm = maxAbs(g);
    if (gNorm <= options.tolerance) return result(x, f, g, k, true, 'gradient below tolerance');
    // p = −H g
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= (h[i * n + j] as number) * (g[j] as number);
      p[i] = s;
    }
    let slope = dot(p, g);
    if (!(slope < 0)) {
      // Not a descent direction (H lost positive definiteness): restart from steepest descent.
      resetIdentity(h, n);
      for (let i = 0; i < n; i++) p[i] = -(g[i] as number);
      slope = dot(p, g);
      firstStep = true;
    }
    // At the objective's precision: the whole decrease a quasi-Newton step could bring (≈ −slope) is below
    // what float64 resolves in f (1e-12 relative), with a small gradient — a sum over many customers stops
    // here. Checked before the line search (which would spend its 40 evaluations on rounding noise) once H
    // has a scale, and again if a line search fails.
    const unresolvable = -slope <= PRECISION_FLOOR * Math.abs(f) && maxAbs(g) <= Math.sqrt(options.tolerance);
    if (unresolvable && !firstStep)
      return result(x, f, g, k, true, 'no decrease left that float64 can resolve, at a small gradient');
    const pNorm = Math.sqrt(dot(p, p));
    const alpha0 = firstStep ? Math.min(1, 1 / pNorm) : 1;
    const ls = strongWolfeLineSearch(objective, x, f, g, p, alpha0);
    if (!ls.ok) {
      if (unresolvable)
        return result(x, f, g, k, true, 'no decrease left that float64 can resolve, at a small gradient');
      if (!firstStep) {
        // Retry once from steepest descent before giving up.
        resetIdentity(h, n);
        firstStep = true;
        continue;
      }
      return result(x, f, g, k, false, 'line search failed to find a decrease');
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (ls.x[i] as number) - (x[i] as number);
      y[i] = (ls.grad[i] as number) - (g[i] as number);
    }
    const fPrev = f;
    x = ls.x;
    g = ls.grad;
    f = ls.f;
    const ys = dot(y, s);
    if (ys > 1e-300) {
      if (firstStep) {
        const scale = ys / dot(y, y);
        resetIdentity(h, n, scale);
        firstStep = false;
      }
      updateInverseHessian(h, s, y, 1 / ys);
    }
    // Stalled: no representable progress in f, with a small gradient.
    if (Math.abs(fPrev - f) <= 1e-15 * Math.max(1, Math.abs(f)) && maxAbs(g) <= Math.sqrt(options.tolerance))
      return result(x, f, g, k + 1, true, 'objective stalled at a small gradient');
  }
  const gNorm = maxAbs(g);
  return result(
    x,
    f,
    g,
    options.maxIterations,
    gNorm <= options.tolerance,
    gNorm <= options.tolerance ? 'gradient below tolerance' : 'iteration limit reached',
  );
}

function result(
  x: Float64Array,
  f: number,
  grad: Float64Array,
  iterations: number,
  converged: boolean,
  reason: string,
): MinimizeResult {
  return { x, f, grad, gradientNorm: maxAbs(grad), iterations, converged, reason };
}

export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i] as number);
    if (!(a <= m)) m = a; // NaN propagates
  }
  return m;
}

function identity(n: number): Float64Array {
  const h = new Float64Array(n * n);
  resetIdentity(h, n);
  return h;
}

function resetIdentity(h: Float64Array, n: number, scale = 1): void {
  h.fill(0);
  for (let i = 0; i < n; i++) h[i * n + i] = scale;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded: H − ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ. */
function updateInverseHessian(h: Float64Array, s: Float64Array, y: Float64Array, rho: number): void {
  const n = s.length;
  const hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += (h[i * n + j] as number) * (y[j] as number);
    hy[i] = acc;
  }
  const yhy = dot(y, hy);
  const c = rho * rho * yhy + rho;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const si = s[i] as number;
      const sj = s[j] as number;
      h[i * n + j] =
        (h[i * n + j] as number) - rho * (si * (hy[j] as number) + (hy[i] as number) * sj) + c * si * sj;
    }
  }
}
