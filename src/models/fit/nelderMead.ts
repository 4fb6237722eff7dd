import type { MinimizeResult } from './bfgs.js';
import type { Objective } from './lineSearch.js';

export interface NelderMeadOptions {
  readonly maxIterations: number;
  /** Stop when the spread of f over the simplex and the simplex diameter are both below this. */
  readonly tolerance: number;
  /** Edge length of the starting simplex. */
  readonly initialStep?: number;
}

/**
 * Derivative-free minimisation by the Nelder–Mead simplex method (Nelder & Mead 1965, "A simplex method for
 * function minimization", The Computer Journal 7(4)), with the dimension-adaptive coefficients of Gao & Han
 * (2012, "Implementing the Nelder-Mead simplex algorithm with adaptive parameters", Comput. Optim. Appl. 51):
 * reflection 1, expansion 1 + 2/n, contraction 0.75 − 1/(2n), shrink 1 − 1/n.
 * The fallback of `fitModel` when BFGS cannot make progress; non-finite values count as +Infinity.
 * The returned gradient is evaluated once at the final point (the objective supplies it).
 *
 * @example nelderMead((x) => (x[0] - 1) ** 2 + (x[1] + 2) ** 2, Float64Array.of(0, 0), { maxIterations: 500, tolerance: 1e-10 })
 */
export function nelderMead(
  objective: Objective,
  x0: Float64Array,
  options: NelderMeadOptions,
): MinimizeResult {
  const n = x0.length;
  const scratch = new Float64Array(n);
  const f = (x: Float64Array) => {
    const v = objective(x, scratch);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const step = options.initialStep ?? 0.5;
  const alpha = 1;
  const gamma = 1 + 2 / n;
  const rho = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n || 0.5;

  const points: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    p[i] = (p[i] as number) + step;
    points.push(p);
  }
  const values = points.map(f);
  const order = points.map((_, i) => i);
  const centroid = new Float64Array(n);
  const along = (coef: number, worst: Float64Array) => {
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++)
      out[j] = (centroid[j] as number) + coef * ((worst[j] as number) - (centroid[j] as number));
    return out;
  };

  let iterations = 0;
  let converged = false;
  for (; iterations < options.maxIterations; iterations++) {
    order.sort((a, b) => (values[a] as number) - (values[b] as number));
    const best = order[0] as number;
    const worst = order[n] as number;
    const second = order[n - 1] as number;
    const fBest = values[best] as number;
    const fWorst = values[worst] as number;
    let diameter = 0;
    for (let i = 1; i <= n; i++) {
      const pi = points[order[i] as number] as Float64Array;
      const pb = points[best] as Float64Array;
      for (let j = 0; j < n; j++)
        diameter = Math.max(diameter, Math.abs((pi[j] as number) - (pb[j] as number)));
    }
    if (Math.abs(fWorst - fBest) <= options.tolerance * Math.max(1, Math.abs(fBest)) && diameter <= 1e-8) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let i = 0; i < n; i++) {
      const pi = points[order[i] as number] as Float64Array;
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (pi[j] as number) / n;
    }
    const pw = points[worst] as Float64Array;
    const reflected = along(-alpha, pw);
    const fr = f(reflected);
    if (fr < fBest) {
      const expanded = along(-alpha * gamma, pw);
      const fe = f(expanded);
      if (fe < fr) {
        points[worst] = expanded;
        values[worst] = fe;
      } else {
        points[worst] = reflected;
        values[worst] = fr;
      }
      continue;
    }
    if (fr < (values[second] as number)) {
      points[worst] = reflected;
      values[worst] = fr;
      continue;
    }
    const outside = fr < fWorst;
    const contracted = outside ? along(-alpha * rho, pw) : along(rho, pw);
    const fc = f(contracted);
    if (fc < (outside ? fr : fWorst)) {
      points[worst] = contracted;
      values[worst] = fc;
      continue;
    }
    // Shrink towards the best point.
    const pb = points[best] as Float64Array;
    for (let i = 0; i <= n; i++) {
      if (i === best) continue;
      const pi = points[i] as Float64Array;
      for (let j = 0; j < n; j++) pi[j] = (pb[j] as number) + sigma * ((pi[j] as number) - (pb[j] as number));
      values[i] = f(pi);
    }
  }
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  const x = points[order[0] as number] as Float64Array;
  const grad = new Float64Array(n);
  const fx = objective(x, grad);
  let gradientNorm = 0;
  for (let j = 0; j < n; j++) gradientNorm = Math.max(gradientNorm, Math.abs(grad[j] as number));
  return {
    x,
    f: fx,
    grad,
    gradientNorm,
    iterations,
    converged,
    reason: converged ? 'simplex collapsed' : 'iteration limit reached',
  };
}
