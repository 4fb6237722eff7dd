/**
 * The BG/BB likelihood (Fader, Hardie & Berger 2010, eq. 5) with its analytic gradient:
 *
 *   L(α, β, γ, δ | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *                             + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ).
 */

/** Customers grouped by (x, t_x, n): the BG/BB's sufficient statistics, with weights. */
export interface BetaGeoBetaBinomColumns {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly periods: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The terms of one customer's likelihood in log space, and their partials ∂/∂(α, β, γ, δ) when `grads` is given
 * (5 numbers per term: log value, then the four partials). Term i < n − t_x is "last alive at t_x + i",
 * the last term "alive through n". Returns how many terms there are.
 *
 * The Beta-function ratios are products over the opportunities,
 *   B(α+x, β+m−x)/B(α,β) = Π_{j<x}(α+j) Π_{j<m−x}(β+j) / Π_{j<m}(α+β+j),
 *   B(γ, δ+m)/B(γ,δ) = Π_{j<m} (δ+j)/(γ+δ+j),   B(γ+1, δ+m)/B(γ,δ) = γ/(γ+δ+m) · B(γ, δ+m)/B(γ,δ),
 * summed as logarithms opportunity by opportunity: exact for any parameter size, where differences of log B
 * of large arguments would cancel.
 */
export function customerTerms(
  a: number,
  b: number,
  g: number,
  d: number,
  x: number,
  tx: number,
  n: number,
  out: Float64Array,
  grads: boolean,
): number {
  // LP = log B(α+x, β+m−x)/B(α,β) and LQ = log B(γ, δ+m)/B(γ,δ) at m = t_x, with partials.
  let LP = 0;
  let Pa = 0;
  let Pb = 0;
  for (let j = 0; j < x; j++) {
    LP += Math.log(a + j);
    Pa += 1 / (a + j);
  }
  for (let j = 0; j < tx - x; j++) {
    LP += Math.log(b + j);
    Pb += 1 / (b + j);
  }
  let LQ = 0;
  let Qg = 0;
  let Qd = 0;
  for (let j = 0; j < tx; j++) {
    const ab = a + b + j;
    LP -= Math.log(ab);
    Pa -= 1 / ab;
    Pb -= 1 / ab;
    const dj = d + j;
    LQ -= Math.log1p(g / dj);
    Qg -= 1 / (g + dj);
    Qd += g / (dj * (g + dj));
  }
  const logG = Math.log(g);
  let k = 0;
  for (let m = tx; m < n; m++, k++) {
    const gdm = g + d + m;
    const o = 5 * k;
    out[o] = LP + LQ + logG - Math.log(gdm);
    if (grads) {
      out[o + 1] = Pa;
      out[o + 2] = Pb;
      out[o + 3] = Qg + 1 / g - 1 / gdm;
      out[o + 4] = Qd - 1 / gdm;
    }
    const bm = b + m - x;
    const abm = a + b + m;
    LP += Math.log(bm) - Math.log(abm);
    Pa -= 1 / abm;
    Pb += 1 / bm - 1 / abm;
    const dm = d + m;
    LQ -= Math.log1p(g / dm);
    Qg -= 1 / (g + dm);
    Qd += g / (dm * (g + dm));
  }
  const o = 5 * k;
  out[o] = LP + LQ;
  if (grads) {
    out[o + 1] = Pa;
    out[o + 2] = Pb;
    out[o + 3] = Qg;
    out[o + 4] = Qd;
  }
  return k + 1;
}

/** log Σ exp over the count terms of `terms` (stride 5). */
export function logSumExpTerms(terms: Float64Array, count: number): number {
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) if ((terms[5 * i] as number) > top) top = terms[5 * i] as number;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Math.exp((terms[5 * i] as number) - top);
  return top + Math.log(sum);
}

/**
 * Σ_i w_i log L_i of the BG/BB at (α, β, γ, δ) = params[0..3], with the analytic gradient when asked: each
 * customer's terms' partials, weighted by the terms' shares of L_i.
 */
export function betaGeoBetaBinomLogLikelihoodColumns(
  params: Float64Array,
  data: BetaGeoBetaBinomColumns,
  grad?: Float64Array,
): number {
  const a = params[0] as number;
  const b = params[1] as number;
  const g = params[2] as number;
  const d = params[3] as number;
  const { frequency, recency, periods, weights } = data;
  let maxTerms = 1;
  for (let c = 0; c < periods.length; c++)
    maxTerms = Math.max(maxTerms, (periods[c] as number) - (recency[c] as number) + 1);
  const terms = new Float64Array(5 * maxTerms);
  let total = 0;
  let ga = 0;
  let gb = 0;
  let gg = 0;
  let gd = 0;
  for (let c = 0; c < frequency.length; c++) {
    const w = weights[c] as number;
    const count = customerTerms(
      a,
      b,
      g,
      d,
      frequency[c] as number,
      recency[c] as number,
      periods[c] as number,
      terms,
      grad !== undefined,
    );
    const ll = logSumExpTerms(terms, count);
    total += w * ll;
    if (!grad) continue;
    for (let i = 0; i < count; i++) {
      const share = w * Math.exp((terms[5 * i] as number) - ll);
      ga += share * (terms[5 * i + 1] as number);
      gb += share * (terms[5 * i + 2] as number);
      gg += share * (terms[5 * i + 3] as number);
      gd += share * (terms[5 * i + 4] as number);
    }
  }
  if (grad) {
    grad[0] = ga;
    grad[1] = gb;
    grad[2] = gg;
    grad[3] = gd;
  }
  return total;
}
