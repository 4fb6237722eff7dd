/**
 * θ_j ∂f/∂θ_j by central differences in log θ_j, Richardson-extrapolated over relative steps 1e-3 and 2e-3
 * (error O(h⁴)): what the likelihoods' analytic gradients are checked against. Steps this large keep the
 * differences clear of rounding and of the small seams where a special function changes method.
 */
export function logFiniteDifference(f: (p: Float64Array) => number, p: Float64Array, j: number): number {
  const d = (h: number) => {
    const up = Float64Array.from(p);
    const down = Float64Array.from(p);
    up[j] = (up[j] as number) * Math.exp(h);
    down[j] = (down[j] as number) * Math.exp(-h);
    return (f(up) - f(down)) / (2 * h);
  };
  return (4 * d(1e-3) - d(2e-3)) / 3;
}
