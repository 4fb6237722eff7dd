/**
 * Gauss–Legendre quadrature on [−1, 1] (Abramowitz & Stegun 25.4.29): nodes are the roots of the Legendre
 * polynomial P_n, found by Newton's method from Tricomi's approximation cos(π(i + 3/4)/(n + 1/2)); weights
 * 2 / ((1 − x²) P_n′(x)²). Exact for polynomials of degree 2n − 1.
 */
export const GL_ORDER = 20;
function gaussLegendre(): { readonly nodes: Float64Array; readonly weights: Float64Array } {
  const n = GL_ORDER;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

/** The quadrature rule, computed once when the module loads (a constant, never written afterwards). */
export const GAUSS_LEGENDRE = gaussLegendre();
