/**
 * The Pareto/NBD likelihood (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions", eq. 12) over customers grouped by the shared grouping (`groupCustomers`):
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^T (α+y)^−(r+x) (β+y)^−(s+1) dy ],
 *
 * the integral being J(t_x) − J(T) of `paretoNbdLogTail`, with (A, P, B, Q) = (α, r+x, β, s+1) when α ≥ β and
 * (β, s+1, α, r+x) when α < β — the note's two branches.
 */

import type { GroupedCustomers } from '../data/groupCustomers.js';
import { digamma } from '../special/digamma.js';
import { lgamma } from '../special/lgamma.js';
import { logDiffExp, logSumExp } from '../special/logSumExp.js';
import { paretoNbdLogTail } from '../special/paretoNbdTail.js';

/** Customers prepared for the likelihood: distinct (x, t) pairs, and the grouped (x, t_x, T) rows with their weights. */
export interface ParetoNbdPrepared {
  /** Number of customers (sum of the weights). */
  readonly customers: number;
  /** Weighted totals of x and T, for starting values. */
  readonly totalFrequency: number;
  readonly totalT: number;
  /** Distinct (x, t) pairs used as t_x or T. */
  readonly keyX: Float64Array;
  readonly keyT: Float64Array;
  /** Distinct (x, t_x, T) rows: the key of (x, t_x), the key of (x, T), and the total weight. */
  readonly rowTx: Int32Array;
  readonly rowT: Int32Array;
  readonly rowW: Float64Array;
}

/**
 * Arranges grouped customers (`groupCustomers`: one row per distinct (x, t_x, T)) for the likelihood: J
 * depends only on (x, t), so each distinct pair of a frequency with a recency or an age becomes one key,
 * computed once per evaluation. The grouping itself is the shared one; this only numbers the pairs.
 *
 * @example prepareParetoNbd(groupCustomers(customerColumns(cdnow))).rowW.length // distinct customers of CDNOW
 */
export function prepareParetoNbd(grouped: GroupedCustomers): ParetoNbdPrepared {
  const { frequency, recency, T, weights } = grouped;
  const groups = weights.length;
  const keys = new Map<number, Map<number, number>>();
  const keyX: number[] = [];
  const keyT: number[] = [];
  const keyOf = (x: number, t: number): number => {
    let inner = keys.get(x);
    if (inner === undefined) {
      inner = new Map();
      keys.set(x, inner);
    }
    let k = inner.get(t);
    if (k === undefined) {
      k = keyX.length;
      inner.set(t, k);
      keyX.push(x);
      keyT.push(t);
    }
    return k;
  };
  const rowTx = new Int32Array(groups);
  const rowT = new Int32Array(groups);
  let totalFrequency = 0;
  let totalT = 0;
  for (let i = 0; i < groups; i++) {
    const x = frequency[i] as number;
    const w = weights[i] as number;
    rowTx[i] = keyOf(x, recency[i] as number);
    rowT[i] = keyOf(x, T[i] as number);
    totalFrequency += w * x;
    totalT += w * (T[i] as number);
  }
  return {
    customers: grouped.count,
    totalFrequency,
    totalT,
    keyX: Float64Array.from(keyX),
    keyT: Float64Array.from(keyT),
    rowTx,
    rowT,
    rowW: weights,
  };
}

/**
 * Σ_i w_i log L_i of the Pareto/NBD at (r, α, s, β) = params[0..3]; when `grad` is given it receives the
 * analytic gradient ∂/∂(r, α, s, β). Per distinct (x, t): log J and its partials; per row:
 * log L_i = log Γ(r+x) − log Γ(r) + r log α + s log β + log(E + s (J(t_x) − J(T))),
 * E = (α+T)^−(r+x) (β+T)^−s, combined with logSumExp / logDiffExp.
 */
export function paretoNbdLogLikelihoodPrepared(
  params: Float64Array,
  data: ParetoNbdPrepared,
  grad?: Float64Array,
): number {
  const r = params[0] as number;
  const alpha = params[1] as number;
  const s = params[2] as number;
  const beta = params[3] as number;
  const { keyX, keyT, rowTx, rowT, rowW } = data;
  const nKeys = keyX.length;
  // Per key (x, t), KW numbers: log J; ∂ log J/∂(r, α, s, β) minus their t-free parts c (next four); log(α+t);
  // log(β+t); log Γ(r+x); ψ(r+x). The split matters: log J is large (≈ −P log A) so the weights
  // κ = J/(J(t_x) − J(T)) carry relative errors of ε|log J|, and they must only multiply the t-dependent parts,
  // the constants entering as c (κ_x − κ_T) = c exactly.
  const KW = 13;
  const K = new Float64Array(nKeys * KW);
  const g4 = new Float64Array(4);
  const swap = alpha < beta;
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  for (let k = 0; k < nKeys; k++) {
    const x = keyX[k] as number;
    const t = keyT[k] as number;
    const o = k * KW;
    const invM = 1 / (r + s + x);
    let cr: number;
    let ca: number;
    let cs: number;
    let cb: number;
    if (swap) {
      K[o] = paretoNbdLogTail(s + 1, r + x, beta, alpha, t, g4, 0);
      cr = -logAlpha - invM;
      ca = (1 - r - x) / alpha;
      cs = -logBeta - invM;
      cb = -(s + 1) / beta;
      K[o + 1] = (g4[1] as number) - cr;
      K[o + 2] = (g4[3] as number) - ca;
      K[o + 3] = (g4[0] as number) - cs;
      K[o + 4] = (g4[2] as number) - cb;
    } else {
      K[o] = paretoNbdLogTail(r + x, s + 1, alpha, beta, t, g4, 0);
      cr = -logAlpha - invM;
      ca = -(r + x) / alpha;
      cs = -logBeta - invM;
      cb = -s / beta;
      K[o + 1] = (g4[0] as number) - cr;
      K[o + 2] = (g4[2] as number) - ca;
      K[o + 3] = (g4[1] as number) - cs;
      K[o + 4] = (g4[3] as number) - cb;
    }
    K[o + 5] = cr;
    K[o + 6] = ca;
    K[o + 7] = cs;
    K[o + 8] = cb;
    K[o + 9] = Math.log(alpha + t);
    K[o + 10] = Math.log(beta + t);
    K[o + 11] = lgamma(r + x);
    K[o + 12] = grad ? digamma(r + x) : 0;
  }
  const logS = Math.log(s);
  const common = -lgamma(r) + r * logAlpha + s * logBeta;
  let total = 0;
  let gr = 0;
  let ga = 0;
  let gs = 0;
  let gb = 0;
  let weight = 0;
  for (let i = 0; i < rowW.length; i++) {
    const w = rowW[i] as number;
    const kx = (rowTx[i] as number) * KW;
    const kT = (rowT[i] as number) * KW;
    const x = keyX[rowT[i] as number] as number;
    const T = keyT[rowT[i] as number] as number;
    const laT = K[kT + 9] as number;
    const lbT = K[kT + 10] as number;
    const lE = -(r + x) * laT - s * lbT;
    const lJx = K[kx] as number;
    const lJT = K[kT] as number;
    const hasTail = lJx > lJT;
    const lD = hasTail ? logDiffExp(lJx, lJT) : Number.NEGATIVE_INFINITY;
    const lA = logS + lD;
    const lS = hasTail ? logSumExp(lE, lA) : lE;
    total += w * ((K[kT + 11] as number) + lS);
    weight += w;
    if (grad) {
      const wE = Math.exp(lE - lS);
      let dr = wE * -laT;
      let da = (wE * -(r + x)) / (alpha + T);
      let ds = wE * -lbT;
      let db = (wE * -s) / (beta + T);
      if (hasTail) {
        const wA = Math.exp(lA - lS);
        const kappaX = Math.exp(lJx - lD);
        const kappaT = Math.exp(lJT - lD);
        dr += wA * ((K[kT + 5] as number) + kappaX * (K[kx + 1] as number) - kappaT * (K[kT + 1] as number));
        da += wA * ((K[kT + 6] as number) + kappaX * (K[kx + 2] as number) - kappaT * (K[kT + 2] as number));
        ds +=
          wA *
          (1 / s + (K[kT + 7] as number) + kappaX * (K[kx + 3] as number) - kappaT * (K[kT + 3] as number));
        db += wA * ((K[kT + 8] as number) + kappaX * (K[kx + 4] as number) - kappaT * (K[kT + 4] as number));
      }
      gr += w * ((K[kT + 12] as number) + dr);
      ga += w * da;
      gs += w * ds;
      gb += w * db;
    }
  }
  if (grad) {
    const psiR = digamma(r);
    grad[0] = gr + weight * (-psiR + logAlpha);
    grad[1] = ga + (weight * r) / alpha;
    grad[2] = gs + weight * logBeta;
    grad[3] = gb + (weight * s) / beta;
  }
  return total + weight * common;
}
