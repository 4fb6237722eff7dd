/** The BG/BB posterior probability of being alive through the observed opportunities, for its kernels. */

/**
 * ln P(alive through opportunity n | x, t_x, n) under the BG/BB (Fader, Hardie & Berger 2010, Marketing Science
 * 29(6), the likelihood and its "alive" term; P(alive) as in their eq. 11): the last of the likelihood's terms over the whole likelihood,
 *
 *   L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
 *
 * with the Beta ratios as running products (B(γ+1, δ+m)/B(γ,δ) = γ/(γ+δ+m) · B(γ, δ+m)/B(γ,δ)) and the sum as a
 * running log-sum-exp: O(n), no allocation. P(alive at n+1) is this times (δ+n)/(γ+δ+n).
 *
 * @example Math.exp(betaGeoBetaBinomLogAliveThrough(1.204, 0.75, 0.657, 2.783, 3, 6, 6)) * (2.783 + 6) / (0.657 + 2.783 + 6) // ≈ 0.930
 */
export function betaGeoBetaBinomLogAliveThrough(
  a: number,
  b: number,
  g: number,
  d: number,
  x: number,
  tx: number,
  n: number,
): number {
  let lp = 0; // ln B(α+x, β+m−x)/B(α,β) at m = t_x
  for (let j = 0; j < x; j++) lp += Math.log(a + j);
  for (let j = 0; j < tx - x; j++) lp += Math.log(b + j);
  let lq = 0; // ln B(γ, δ+m)/B(γ,δ) at m = t_x
  for (let j = 0; j < tx; j++) {
    lp -= Math.log(a + b + j);
    lq -= Math.log1p(g / (d + j));
  }
  const logG = Math.log(g);
  let top = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let m = tx; m < n; m++) {
    const term = lp + lq + logG - Math.log(g + d + m);
    if (term > top) {
      sum = sum * Math.exp(top - term) + 1;
      top = term;
    } else sum += Math.exp(term - top);
    lp += Math.log(b + m - x) - Math.log(a + b + m);
    lq -= Math.log1p(g / (d + m));
  }
  const alive = lp + lq;
  // ln L = ln(e^alive + e^top · sum)
  const logRest = top + Math.log(sum);
  const logL =
    sum === 0 ? alive : Math.max(alive, logRest) + Math.log1p(Math.exp(-Math.abs(alive - logRest)));
  return Math.min(0, alive - logL);
}

/** Histories up to this many opportunities get a dense table per n; longer ones a map. */
const DENSE_MAX_PERIODS = 256;

/**
 * Memoises a value of the BG/BB pattern (x, t_x, n): discrete data has few distinct patterns (28 for the
 * donations' n = 6), so a kernel over 1,000,000 donors computes each once. One dense table of (n+1)² slots per
 * distinct n ≤ 256, a map per distinct n above.
 *
 * @example const alive = memoByPattern((x, tx, n) => Math.exp(betaGeoBetaBinomLogAliveThrough(1.2, 0.75, 0.66, 2.8, x, tx, n)));
 */
export function memoByPattern(
  compute: (x: number, tx: number, n: number) => number,
): (x: number, tx: number, n: number) => number {
  const tables = new Map<number, Float64Array>();
  const maps = new Map<number, Map<number, number>>();
  return (x, tx, n) => {
    const k = tx * (n + 1) + x;
    if (n > DENSE_MAX_PERIODS) {
      let map = maps.get(n);
      if (map === undefined) maps.set(n, (map = new Map()));
      let v = map.get(k);
      if (v === undefined) {
        v = compute(x, tx, n);
        map.set(k, v);
      }
      return v;
    }
    let table = tables.get(n);
    if (table === undefined) {
      table = new Float64Array((n + 1) * (n + 1)).fill(Number.NaN);
      tables.set(n, table);
    }
    let v = table[k] as number;
    if (Number.isNaN(v)) {
      v = compute(x, tx, n);
      table[k] = v;
    }
    return v;
  };
}
