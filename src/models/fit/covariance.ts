import type { Objective } from './lineSearch.js';

/**
 * The Hessian of f at x by central differences of its analytic gradient:
 *   H_jk ≈ (∂_j f(x + h_k e_k) − ∂_j f(x − h_k e_k)) / (2 h_k),  h_k = 1e-5 · max(1, |x_k|),
 * then symmetrised, (H + Hᵀ)/2. Error O(h²) ≈ 1e-10 relative for smooth f.
 * Returns undefined if any gradient is not finite.
 *
 * @example numericalHessian((x, g) => { g[0] = 2 * x[0]; return x[0] ** 2; }, Float64Array.of(1)) // ≈ [2]
 */
export function numericalHessian(objective: Objective, x: Float64Array): Float64Array | undefined {
  const n = x.length;
  const h = new Float64Array(n * n);
  const gPlus = new Float64Array(n);
  const gMinus = new Float64Array(n);
  const xs = Float64Array.from(x);
  for (let k = 0; k < n; k++) {
    const xk = x[k] as number;
    const step = 1e-5 * Math.max(1, Math.abs(xk));
    xs[k] = xk + step;
    const fp = objective(xs, gPlus);
    xs[k] = xk - step;
    const fm = objective(xs, gMinus);
    xs[k] = xk;
    if (!Number.isFinite(fp) || !Number.isFinite(fm)) return undefined;
    for (let j = 0; j < n; j++) {
      const v = ((gPlus[j] as number) - (gMinus[j] as number)) / (2 * step);
      if (!Number.isFinite(v)) return undefined;
      h[j * n + k] = v;
    }
  }
  for (let j = 0; j < n; j++)
    for (let k = j + 1; k < n; k++) {
      const avg = ((h[j * n + k] as number) + (h[k * n + j] as number)) / 2;
      h[j * n + k] = avg;
      h[k * n + j] = avg;
    }
  return h;
}

/**
 * Cholesky factor L (lower triangular, row-major) of a symmetric matrix A = L Lᵀ (Golub & Van Loan 2013,
 * Matrix Computations, 4th ed., Algorithm 4.2.1). Returns the index of the first non-positive pivot instead when
 * A is not positive definite, so callers can name the parameter at fault.
 *
 * @example choleskyFactor(Float64Array.of(4, 2, 2, 3), 2) // [2, 0, 1, √2]
 */
export function choleskyFactor(a: Float64Array, n: number): Float64Array | number {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * n + k] as number) ** 2;
    if (!(d > 0)) return j;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/**
 * Inverse of a symmetric positive-definite matrix (row-major n×n) by Cholesky factorisation A = L Lᵀ
 * (`choleskyFactor`). Returns undefined if A is not positive definite (a non-positive pivot).
 *
 * @example invertSpd(Float64Array.of(4, 2, 2, 3), 2) // ≈ [0.375, −0.25, −0.25, 0.5]
 */
export function invertSpd(a: Float64Array, n: number): Float64Array | undefined {
  const l = choleskyFactor(a, n);
  if (typeof l === 'number') return undefined;
  // A⁻¹ = L⁻ᵀ L⁻¹: invert L (lower triangular), then multiply.
  const li = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    li[i * n + i] = 1 / (l[i * n + i] as number);
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= (l[i * n + k] as number) * (li[k * n + j] as number);
      li[i * n + j] = s / (l[i * n + i] as number);
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += (li[k * n + i] as number) * (li[k * n + j] as number);
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  return inv;
}
