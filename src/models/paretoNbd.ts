/**
 * The Pareto/NBD model of non-contractual repeat buying (Schmittlein, Morrison & Colombo 1987, "Counting your
 * customers: who are they and what will they do next?", Management Science 33(1)).
 *
 * While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); the unobserved lifetime is
 * exponential with rate μ ~ Gamma(s, β); λ and μ are independent across customers. A customer is summarised by
 * x repeat purchases, the time t_x of the last one and the time T observed since the first purchase.
 *
 * Likelihood as in Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions":
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^T (α+y)^−(r+x) (β+y)^−(s+1) dy ].
 *
 * The integral is J(t_x) − J(T) with J(t) = ∫_t^∞ (A+y)^−P (B+y)^−Q dy, where (A, P, B, Q) is
 * (α, r+x, β, s+1) when α ≥ β and (β, s+1, α, r+x) when α < β — the note's two branches. In closed form
 *
 *   J(t) = (A+t)^−(P+Q−1) / (P+Q−1) · ₂F₁(P+Q−1, Q; P+Q; z),   z = (A−B)/(A+t) ∈ [0, 1),
 *
 * which Euler's transformation turns into (A+t)^−P (B+t)^(1−Q) ₂F₁(1, P; P+Q; z) / (P+Q−1), a series of
 * positive terms with ratios below z (see `logHyp2f1UnitA`). Everything is computed in log space.
 */

import { ClvValidationError, makeIssue } from '../errors.js';
import { type CustomerColumns, type CustomersInput, customerColumns } from './data/customers.js';
import { type Fit, type FitOptions, fitModel } from './fit/fitModel.js';
import type { ModelDefinition } from './fit/modelDefinition.js';
import { readParams as readModelParams } from './fit/readParams.js';
import type { ModelPredictions } from './predict.js';
import { digamma } from './special/digamma.js';
import { logAbsGamma, logHyp2f1UnitA } from './special/hyp2f1.js';
import { lgamma } from './special/lgamma.js';
import { logDiffExp, logSumExp } from './special/logSumExp.js';

/** Above this z the near-singular expansion of J is tried (when Q and P(1−z) are small enough to be accurate). */
const NEAR_ONE = 0.99;
const CONNECT_MAX_Q = 30;
const CONNECT_MAX_PW = 2;
const TAIL = 1e-17;
/** Q within this distance of a positive integer: the expansion's Γ poles cancel; extrapolate in Q. */
const Q_GAP = 0.001;
const Q_STEP = 2e-3;

/** log J(t) and its partials ∂/∂(P, Q, A, B) (into g[o..o+3]) from the Euler-transformed ₂F₁ series. */
function logJSeries(
  P: number,
  Q: number,
  A: number,
  B: number,
  t: number,
  g: Float64Array,
  o: number,
): number {
  const At = A + t;
  const Bt = B + t;
  const z = (A - B) / At;
  const m = P + Q - 1;
  const lAt = Math.log(At);
  const lBt = Math.log(Bt);
  const hypGrad = new Float64Array(4);
  const lG = logHyp2f1UnitA(P, P + Q, z, hypGrad);
  const gc = hypGrad[1] as number;
  const gz = hypGrad[2] as number;
  g[o] = -lAt - 1 / m + (hypGrad[3] as number);
  g[o + 1] = -lBt - 1 / m + gc;
  g[o + 2] = -P / At + (gz * Bt) / (At * At);
  g[o + 3] = (1 - Q) / Bt - gz / At;
  return -P * lAt + (1 - Q) * lBt - Math.log(m) + lG;
}

/**
 * log J(t) near z = 1 (A ≫ B + t), by the 1 − z connection formula of ₂F₁ written for this integral:
 *
 *   J(t) = D^−(P+Q−1) Γ(P+Q−1) Γ(1−Q) / Γ(P) − (A+t)^−P u^(1−Q) / (1−Q) · ₂F₁(1, P; 2−Q; w),
 *
 * with D = A − B, u = B + t, w = u/(A+t) = 1 − z: the first part is the whole integral from y = −B (a Beta
 * integral, continued analytically in Q), the second the part below t, a series in the small w. Partials by
 * term-by-term differentiation and digamma. Returns undefined when the two parts cancel too much.
 */
function logJNearOne(
  P: number,
  Q: number,
  A: number,
  B: number,
  t: number,
  g: Float64Array,
  o: number,
): number | undefined {
  const At = A + t;
  const u = B + t;
  const D = A - B;
  const w = u / At;
  const m = P + Q - 1;
  const oneMinusQ = 1 - Q;
  const lAt = Math.log(At);
  const lu = Math.log(u);
  const lD = Math.log(D);
  const L0 = -P * lAt + oneMinusQ * lu;
  const gam = logAbsGamma(oneMinusQ);
  // log(C0 / e^L0) = −m log D + P log(A+t) − (1−Q) log u + log Γ(m) − log Γ(P) + log|Γ(1−Q)|, regrouped so that no
  // large logarithms are subtracted: near Q = 1, C0 and the series part nearly cancel and amplify such errors.
  const Qm1 = Q - 1;
  const lw1 = Math.log1p(-w);
  const c0 = gam.sign * Math.exp(-P * lw1 + Qm1 * (lu - lD) + logGammaRatio(P, Qm1) + gam.value);
  const scale = Math.abs(c0 * oneMinusQ);
  let h = 1;
  let H = 1;
  let HP = 0;
  let HQ = 0;
  let HW = 0;
  let sP = 0;
  let sQ = 0;
  let largest = 1;
  for (let n = 0; n < 1_000_000; n++) {
    const dq = 2 - Q + n;
    h *= ((P + n) / dq) * w;
    sP += 1 / (P + n);
    sQ += 1 / dq;
    H += h;
    HP += h * sP;
    HQ += h * sQ;
    HW += h * (n + 1);
    const ah = Math.abs(h);
    if (ah > largest) largest = ah;
    if (h === 0) break;
    const next = dq + 1;
    if (next > 0) {
      // Later ratios are at most R; bound the tails of the four sums (the derivative sums grow like n, log n).
      const R = w * (1 + Math.max(0, P + Q - 2) / next);
      const size = ah * (n + 2) * (1 + Math.abs(sP) + Math.abs(sQ)) * R;
      if (R < 1 && size <= TAIL * (Math.abs(H) + scale) * (1 - R) * (1 - R)) break;
    }
  }
  HW /= w;
  const K = H / oneMinusQ;
  const bracket = c0 - K;
  if (!(bracket > 0) || Math.max(Math.abs(c0), largest / Math.abs(oneMinusQ)) > 1e6 * bracket)
    return undefined;
  const psiM = digamma(m);
  const dC0P = -lw1 + psiM - digamma(P);
  const dC0Q = lu - lD + psiM - digamma(oneMinusQ);
  const dC0A = (-P * u) / (D * At) - Qm1 / D;
  const dC0B = P / D + Qm1 * (1 / D + 1 / u);
  const dKP = HP / oneMinusQ;
  const dKQ = HQ / oneMinusQ + H / (oneMinusQ * oneMinusQ);
  const dKw = HW / oneMinusQ;
  g[o] = -lAt + (c0 * dC0P - dKP) / bracket;
  g[o + 1] = -lu + (c0 * dC0Q - dKQ) / bracket;
  g[o + 2] = -P / At + (c0 * dC0A + (dKw * u) / (At * At)) / bracket;
  g[o + 3] = oneMinusQ / u + (c0 * dC0B - dKw / At) / bracket;
  return L0 + Math.log(bracket);
}

const LN2 = Math.LN2;
const LN3 = Math.log(3);

/**
 * log J(t) near z = 1 for Q in (½, 3/2) and P ≤ 3/2, where the connection formula's Γ(1−Q) pole meets a small
 * P + Q − 1. With u = B + y, D = A − B and ω = (B+t)/D, J splits at u = D/2:
 *
 *   ∫_{B+t}^{D/2} (u+D)^−P u^−Q du = D^−m Σ_n (−1)^n (P)_n/n! · (2^−e − ω^e)/e,   e = n + 1 − Q,
 *   ∫_{D/2}^∞ (u+D)^−P u^−Q du = (D/2)^−m 3^−P ₂F₁(1, P; P+Q; 2/3) / m,          m = P + Q − 1,
 *
 * (binomial series of (1 + u/D)^−P, ratio ½; Pfaff's transformation of the Beta-type tail). The n = 0 term,
 * 2^−e (1 − (2ω)^e)/e, is evaluated with expm1 and has no pole at Q = 1.
 */
function logJSplit(
  P: number,
  Q: number,
  A: number,
  B: number,
  t: number,
  g: Float64Array,
  o: number,
): number {
  const D = A - B;
  const lD = Math.log(D);
  const omega = (B + t) / D;
  const lOmega = Math.log(omega);
  const m = P + Q - 1;
  // Σ1 and its partials in P, Q (through e) and ω.
  let a = 1;
  let hP = 0;
  let S = 0;
  let SP = 0;
  let SQ = 0;
  let SW = 0;
  for (let n = 0; n < 400; n++) {
    if (n > 0) {
      a *= -(P + n - 1) / n;
      hP += 1 / (P + n - 1);
    }
    const e = n + 1 - Q;
    let phi: number;
    let dPhi: number;
    if (n === 0) {
      const L = LN2 + lOmega;
      const eL = e * L;
      const two = Math.exp(-e * LN2);
      let psi: number;
      let dPsi: number;
      if (Math.abs(eL) < 1e-3) {
        psi = -L * (1 + eL / 2 + (eL * eL) / 6 + (eL * eL * eL) / 24);
        dPsi = -L * L * (1 / 2 + eL / 3 + (eL * eL) / 8 + (eL * eL * eL) / 30);
      } else {
        psi = -Math.expm1(eL) / e;
        dPsi = (-eL * Math.exp(eL) + Math.expm1(eL)) / (e * e);
      }
      phi = two * psi;
      dPhi = -LN2 * phi + two * dPsi;
    } else {
      const p2 = Math.exp(-e * LN2);
      const pw = Math.exp(e * lOmega);
      phi = (p2 - pw) / e;
      dPhi = (-LN2 * p2 - lOmega * pw) / e - phi / e;
    }
    const term = a * phi;
    S += term;
    SP += term * hP;
    SQ -= a * dPhi;
    SW -= a * Math.exp((e - 1) * lOmega);
    if (n > 0 && Math.abs(term) * (2 + n) <= 1e-17 * Math.abs(S)) break;
  }
  const splitGrad = new Float64Array(4);
  const lG = logHyp2f1UnitA(P, P + Q, 2 / 3, splitGrad);
  const R = Math.exp(m * LN2 - P * LN3 + lG - Math.log(m));
  const RP = R * (LN2 - LN3 + (splitGrad[3] as number) - 1 / m);
  const RQ = R * (LN2 + (splitGrad[1] as number) - 1 / m);
  const total = S + R;
  g[o] = -lD + (SP + RP) / total;
  g[o + 1] = -lD + (SQ + RQ) / total;
  g[o + 2] = -m / D + (SW * (-omega / D)) / total;
  g[o + 3] = m / D + (SW * ((1 + omega) / D)) / total;
  return -m * lD + Math.log(total);
}

/**
 * log Γ(x + δ) − log Γ(x) without subtracting two large numbers: for x, x + δ ≥ 10 from Stirling's series,
 * (x−½) log(1 + δ/x) + δ log(x+δ) − δ + Σ B_{2k}/(2k(2k−1)) (y^{1−2k} − x^{1−2k}) with y = x + δ
 * (Abramowitz & Stegun 6.1.40); otherwise the plain difference (small numbers, no loss).
 */
function logGammaRatio(x: number, delta: number): number {
  const y = x + delta;
  if (x < 10 || y < 10) return lgamma(y) - lgamma(x);
  const series = (v: number) => {
    const v2 = 1 / (v * v);
    return (1 / v) * (1 / 12 - v2 * (1 / 360 - v2 * (1 / 1260 - v2 * (1 / 1680 - v2 / 1188))));
  };
  return (x - 0.5) * Math.log1p(delta / x) + delta * Math.log(y) - delta + (series(y) - series(x));
}

/**
 * log J(t) = log ∫_t^∞ (A+y)^−P (B+y)^−Q dy for A ≥ B > 0, P + Q > 1, with ∂/∂(P, Q, A, B) in g[o..o+3].
 * The series converges geometrically with ratio z = 1 − w; near z = 1 with small Q the near-singular
 * expansion is used instead, extrapolated in Q (O(h⁴), h = 2·10⁻³) where Q is within 10⁻³ of an integer.
 */
export function paretoNbdLogTail(
  P: number,
  Q: number,
  A: number,
  B: number,
  t: number,
  g: Float64Array,
  o: number,
): number {
  const w = (B + t) / (A + t);
  if (w < 1 - NEAR_ONE && P <= 1.5 && Q > 0.5 && Q < 1.5) return logJSplit(P, Q, A, B, t, g, o);
  if (w < 1 - NEAR_ONE && Q < CONNECT_MAX_Q && P * w <= CONNECT_MAX_PW) {
    const nearest = Math.round(Q);
    let v: number | undefined;
    if (nearest >= 1 && Math.abs(Q - nearest) < Q_GAP) {
      // Richardson extrapolation of the central values at Q ± h, Q ± 2h: f = (4 f̄_h − f̄_2h)/3 + O(h⁴), each point
      // at least h/2 from the integer. (Q ≈ 1 with small P + Q − 1 went to logJSplit, so Q − 2h keeps P + Q − 1 > 0.)
      const r = new Float64Array(16);
      const p1 = logJNearOne(P, Q + Q_STEP, A, B, t, r, 0);
      const m1 = logJNearOne(P, Q - Q_STEP, A, B, t, r, 4);
      const p2 = logJNearOne(P, Q + 2 * Q_STEP, A, B, t, r, 8);
      const m2 = logJNearOne(P, Q - 2 * Q_STEP, A, B, t, r, 12);
      if (
        P + Q - 1 > 2 * Q_STEP &&
        p1 !== undefined &&
        m1 !== undefined &&
        p2 !== undefined &&
        m2 !== undefined
      ) {
        v = (4 * (p1 + m1) - (p2 + m2)) / 6;
        for (let j = 0; j < 4; j++) {
          const near = (r[j] as number) + (r[4 + j] as number);
          const far = (r[8 + j] as number) + (r[12 + j] as number);
          g[o + j] = (4 * near - far) / 6;
        }
      }
    } else v = logJNearOne(P, Q, A, B, t, g, o);
    if (v !== undefined) return v;
  }
  return logJSeries(P, Q, A, B, t, g, o);
}

/** Customers prepared for the likelihood: distinct (x, t) pairs, and rows grouped by (x, t_x, T) with weights. */
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
 * Groups validated customer columns for the likelihood. Time spent here is repaid on every evaluation: J
 * depends only on (x, t), so it is computed once per distinct pair, and identical customers are one row.
 */
export function prepareParetoNbd(
  frequency: ArrayLike<number>,
  recency: ArrayLike<number>,
  T: ArrayLike<number>,
  weights?: ArrayLike<number>,
): ParetoNbdPrepared {
  const n = frequency.length;
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
  const rowTxOf = new Int32Array(n);
  const rowTOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = frequency[i] as number;
    rowTxOf[i] = keyOf(x, recency[i] as number);
    rowTOf[i] = keyOf(x, T[i] as number);
  }
  const nKeys = keyX.length;
  const rows = new Map<number, number>();
  const rowTx: number[] = [];
  const rowT: number[] = [];
  const rowW: number[] = [];
  let customers = 0;
  let totalFrequency = 0;
  let totalT = 0;
  for (let i = 0; i < n; i++) {
    const a = rowTxOf[i] as number;
    const b = rowTOf[i] as number;
    const w = weights === undefined ? 1 : (weights[i] as number);
    customers += w;
    totalFrequency += w * (frequency[i] as number);
    totalT += w * (T[i] as number);
    const id = a * nKeys + b;
    const row = rows.get(id);
    if (row === undefined) {
      rows.set(id, rowW.length);
      rowTx.push(a);
      rowT.push(b);
      rowW.push(w);
    } else rowW[row] = (rowW[row] as number) + w;
  }
  return {
    customers,
    totalFrequency,
    totalT,
    keyX: Float64Array.from(keyX),
    keyT: Float64Array.from(keyT),
    rowTx: Int32Array.from(rowTx),
    rowT: Int32Array.from(rowT),
    rowW: Float64Array.from(rowW),
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

// ————————————————————————————————————————————————————————— predictions

/** Pareto/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout rate μ ~ Gamma(s, β). */
export interface ParetoNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/** A fitted model (its `params`) or the parameters themselves. */
export type ParetoNbdParamsInput = ParetoNbdParams | { readonly params: Readonly<Record<string, number>> };

/** One customer's calibration summary: x repeat purchases, last at t_x, observed for T (same time unit). */
export interface ParetoNbdCustomer {
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
}

const PARAM_NAMES = ['r', 'alpha', 's', 'beta'] as const;

function readParams(where: string, input: ParetoNbdParamsInput): ParetoNbdParams {
  return readModelParams<ParetoNbdParams>(where, input, PARAM_NAMES);
}

function checkCustomer(where: string, c: ParetoNbdCustomer): void {
  const issues = [];
  const { frequency: x, recency: tx, T } = c;
  if (!(Number.isInteger(x) && x >= 0)) issues.push(makeIssue('frequency', 'a whole number of 0 or more', x));
  if (!(Number.isFinite(T) && T > 0)) issues.push(makeIssue('T', 'a finite number greater than 0', T));
  if (!(Number.isFinite(tx) && tx >= 0 && tx <= T))
    issues.push(makeIssue('recency', 'a finite number in [0, T]', tx));
  else if (x === 0 && tx !== 0) issues.push(makeIssue('recency', '0 when frequency is 0', tx));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
}

function checkHorizon(where: string, t: number, name = 't'): void {
  if (!(Number.isFinite(t) && t >= 0))
    throw new ClvValidationError(where, [makeIssue(name, 'a finite number of 0 or more', t)]);
}

/** log of E = (α+T)^−(r+x)(β+T)^−s and of s(J(t_x) − J(T)), the two parts of one customer's likelihood. */
function customerParts(p: ParetoNbdParams, x: number, tx: number, T: number): { lE: number; lA: number } {
  const { r, alpha, s, beta } = p;
  const lE = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (tx >= T) return { lE, lA: Number.NEGATIVE_INFINITY };
  const scratch4 = new Float64Array(4);
  const tail = (t: number) =>
    alpha < beta
      ? paretoNbdLogTail(s + 1, r + x, beta, alpha, t, scratch4, 0)
      : paretoNbdLogTail(r + x, s + 1, alpha, beta, t, scratch4, 0);
  const lJx = tail(tx);
  const lJT = tail(T);
  return { lE, lA: lJx > lJT ? Math.log(s) + logDiffExp(lJx, lJT) : Number.NEGATIVE_INFINITY };
}

/** (1 − e^{−cL}) / c, continuous at c = 0 (value L). */
function growth(c: number, L: number): number {
  return Math.abs(c * L) < 1e-12 ? L : -Math.expm1(-c * L) / c;
}

/**
 * Probability that a customer with summary (x, t_x, T) is still alive at T (Fader & Hardie 2005, eq. 18):
 *
 *   P(alive | x, t_x, T) = (α+T)^−(r+x) (β+T)^−s / [ (α+T)^−(r+x) (β+T)^−s + s (J(t_x) − J(T)) ].
 *
 * @example
 * paretoNbdProbabilityAlive({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 0.869
 */
export function paretoNbdProbabilityAlive(fit: ParetoNbdParamsInput, customer: ParetoNbdCustomer): number {
  const where = 'paretoNbdProbabilityAlive';
  const p = readParams(where, fit);
  checkCustomer(where, customer);
  const { lE, lA } = customerParts(p, customer.frequency, customer.recency, customer.T);
  return lA === Number.NEGATIVE_INFINITY ? 1 : Math.exp(lE - logSumExp(lE, lA));
}

/**
 * Expected purchases in (T, T+t] of a customer with summary (x, t_x, T) (Schmittlein, Morrison & Colombo 1987;
 * Fader & Hardie 2005, eq. 22):
 *
 *   E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive | x, t_x, T),
 *
 * evaluated as (r+x)/(α+T) · (β+T)(1 − e^{−(s−1)L})/(s−1), L = log(1 + t/(β+T)), which is continuous at s = 1.
 *
 * @example
 * paretoNbdConditionalExpectedPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 1.455
 */
export function paretoNbdConditionalExpectedPurchases(
  fit: ParetoNbdParamsInput,
  t: number,
  customer: ParetoNbdCustomer,
): number {
  const where = 'paretoNbdConditionalExpectedPurchases';
  const p = readParams(where, fit);
  checkCustomer(where, customer);
  checkHorizon(where, t);
  const { frequency: x, recency: tx, T } = customer;
  const { lE, lA } = customerParts(p, x, tx, T);
  const alive = lA === Number.NEGATIVE_INFINITY ? 1 : Math.exp(lE - logSumExp(lE, lA));
  const bT = p.beta + T;
  return ((p.r + x) / (p.alpha + T)) * bT * growth(p.s - 1, Math.log1p(t / bT)) * alive;
}

/**
 * Expected purchases in (0, t] of a new customer (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, eq. 17):
 *
 *   E[X(t)] = r β / (α (s−1)) · [1 − (β/(β+t))^(s−1)],   continuous at s = 1 (value (r β/α) log(1 + t/β)).
 *
 * @example
 * paretoNbdExpectedPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39); // ≈ 1.213
 */
export function paretoNbdExpectedPurchases(fit: ParetoNbdParamsInput, t: number): number {
  const where = 'paretoNbdExpectedPurchases';
  const p = readParams(where, fit);
  checkHorizon(where, t);
  return (p.r / p.alpha) * p.beta * growth(p.s - 1, Math.log1p(t / p.beta));
}

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton's method on the Legendre polynomial). */
const GL_ORDER = 20;
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
const GAUSS_LEGENDRE = gaussLegendre();

/** Panels of the composite quadrature in P(X(t) = n). */
const PANELS = 32;

/**
 * Probability of exactly n purchases in (0, t] for a new customer. Conditioning on the lifetime τ
 * (Fader & Hardie 2006, "Deriving an expression for P(X(t) = x) under the Pareto/NBD model"):
 *
 *   P(X(t)=n) = Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n (β/(β+t))^s
 *             + s α^r β^s Γ(r+n)/(Γ(r) n!) ∫_0^t τ^n (α+τ)^−(r+n) (β+τ)^−(s+1) dτ.
 *
 * The note writes the integral with ₂F₁ sums that cancel for large n; here it is computed in log space by
 * composite Gauss–Legendre quadrature (32 panels of 20 nodes, the integrand is smooth and unimodal),
 * relative accuracy about 1e-10 for n up to a few hundred.
 *
 * @example
 * paretoNbdPurchaseProbability({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 0, 39); // ≈ 0.594
 */
export function paretoNbdPurchaseProbability(fit: ParetoNbdParamsInput, n: number, t: number): number {
  const where = 'paretoNbdPurchaseProbability';
  const p = readParams(where, fit);
  if (!(Number.isInteger(n) && n >= 0))
    throw new ClvValidationError(where, [makeIssue('n', 'a whole number of 0 or more', n)]);
  checkHorizon(where, t);
  return purchaseProbability(p, n, t);
}

function purchaseProbability(p: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const lead = lgamma(r + n) - lgamma(r) - lgamma(n + 1);
  const first =
    lead +
    r * Math.log(alpha / (alpha + t)) +
    (n === 0 ? 0 : n * Math.log(t / (alpha + t))) +
    s * Math.log(beta / (beta + t));
  const { nodes, weights } = GAUSS_LEGENDRE;
  const logs: number[] = [];
  const h = t / PANELS;
  for (let k = 0; k < PANELS; k++) {
    const mid = (k + 0.5) * h;
    for (let i = 0; i < GL_ORDER; i++) {
      const tau = mid + 0.5 * h * (nodes[i] as number);
      logs.push(
        Math.log(0.5 * h * (weights[i] as number)) +
          (n === 0 ? 0 : n * Math.log(tau)) -
          (r + n) * Math.log(alpha + tau) -
          (s + 1) * Math.log(beta + tau),
      );
    }
  }
  let top = Number.NEGATIVE_INFINITY;
  for (const v of logs) if (v > top) top = v;
  let sum = 0;
  for (const v of logs) sum += Math.exp(v - top);
  const second = lead + Math.log(s) + r * Math.log(alpha) + s * Math.log(beta) + top + Math.log(sum);
  return Math.exp(logSumExp(first, second));
}

/**
 * Expected number of customers with 0, 1, …, maxCount−1 repeat purchases in calibration, and with maxCount or
 * more (the last entry): Σ_i P(X(T_i) = n) over the customers' observation lengths T_i — the model's
 * calibration-period histogram (Fader, Hardie & Lee 2005, figure of repeat-transaction frequencies).
 *
 * @example
 * paretoNbdExpectedRepeatCounts(fit, [38.86, 38.86, 30.2], 7); // Float64Array of 8 expected counts summing to 3
 */
export function paretoNbdExpectedRepeatCounts(
  fit: ParetoNbdParamsInput,
  T: ArrayLike<number>,
  maxCount: number,
): Float64Array {
  const where = 'paretoNbdExpectedRepeatCounts';
  const p = readParams(where, fit);
  if (!(Number.isInteger(maxCount) && maxCount >= 1))
    throw new ClvValidationError(where, [makeIssue('maxCount', 'a whole number of 1 or more', maxCount)]);
  const issues = [];
  const counts = new Map<number, number>();
  for (let i = 0; i < T.length; i++) {
    const v = T[i] as number;
    if (!(Number.isFinite(v) && v > 0))
      issues.push(makeIssue(`T[${i}]`, 'a finite number greater than 0', v, i));
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const out = new Float64Array(maxCount + 1);
  for (const [t, count] of counts) {
    let below = 0;
    for (let n = 0; n < maxCount; n++) {
      const q = purchaseProbability(p, n, t);
      out[n] = (out[n] as number) + count * q;
      below += q;
    }
    out[maxCount] = (out[maxCount] as number) + count * Math.max(0, 1 - below);
  }
  return out;
}

// ————————————————————————————————————————————————————————— fitting

/**
 * Calibration-period summaries, as rows or columns (C's `CustomersInput`): x repeat purchases (`frequency`),
 * t_x the time of the last one since the first purchase (`recency`, 0 when x = 0), T the time observed
 * (`T`), and optional `weights` (customers per row); validated by `customerColumns`.
 */
export type ParetoNbdData = CustomersInput;

/** Validated columns, prepared (grouped) for the likelihood. */
function prepare(where: string, data: ParetoNbdData): ParetoNbdPrepared {
  const c = customerColumns(data, where);
  return prepareParetoNbd(c.frequency, c.recency, c.T, c.weights);
}

/**
 * The Pareto/NBD for the shared fitting plumbing: parameters (r, α, s, β), likelihood with analytic gradient
 * on prepared (grouped) data, starting values r = s = 1, α = ΣT/Σx (so r/α is the observed purchase rate),
 * β = mean T.
 */
export const paretoNbdModel: ModelDefinition<ParetoNbdPrepared> = {
  model: 'paretoNbd',
  label: 'Pareto/NBD',
  paramNames: ['r', 'alpha', 's', 'beta'],
  logLikelihood: paretoNbdLogLikelihoodPrepared,
  initialParams(data) {
    const meanT = data.totalT / data.customers;
    const alpha = data.totalFrequency > 0 ? data.totalT / data.totalFrequency : meanT;
    return Float64Array.of(1, alpha, 1, meanT);
  },
  count: (data) => data.customers,
};

/**
 * Fits the Pareto/NBD by maximum likelihood (Schmittlein, Morrison & Colombo 1987; likelihood of Fader & Hardie
 * 2005, see the top of this file) → r, α, s, β with standard errors and intervals.
 *
 * @example
 * const fit = fitParetoNbd({ frequency: x, recency: tx, T }); // CDNOW: r ≈ 0.553, α ≈ 10.58, s ≈ 0.606, β ≈ 11.67
 */
export function fitParetoNbd(data: ParetoNbdData, options?: FitOptions): Fit {
  return fitModel(paretoNbdModel, prepare('fitParetoNbd', data), options);
}

/**
 * Σ w_i log L_i of the Pareto/NBD on customer data at the given parameters (validated).
 *
 * @example
 * paretoNbdLogLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, cdnow); // ≈ −9,595.0
 */
export function paretoNbdLogLikelihood(fit: ParetoNbdParamsInput, data: ParetoNbdData): number {
  const where = 'paretoNbdLogLikelihood';
  const p = readParams(where, fit);
  return paretoNbdLogLikelihoodPrepared(Float64Array.of(p.r, p.alpha, p.s, p.beta), prepare(where, data));
}

// ————————————————————————————————————————————————————————— registry entry

function paramsOf(params: Readonly<Record<string, number>>): ParetoNbdParams {
  return readParams('paretoNbd', { params });
}

/** Applies a per-customer function to validated columns. */
function perCustomer(c: CustomerColumns, f: (x: number, tx: number, T: number) => number): Float64Array {
  const out = new Float64Array(c.frequency.length);
  for (let i = 0; i < out.length; i++)
    out[i] = f(c.frequency[i] as number, c.recency[i] as number, c.T[i] as number);
  return out;
}

/**
 * The Pareto/NBD's predictions for the shared dispatch in `predict.ts` (inputs validated there; T = 0 gives
 * P(alive) = 1).
 */
export const paretoNbdPredictions: ModelPredictions = {
  probabilityAlive: (params, customers) => {
    const p = paramsOf(params);
    return perCustomer(customers, (x, tx, T) => {
      const { lE, lA } = customerParts(p, x, tx, T);
      return lA === Number.NEGATIVE_INFINITY ? 1 : Math.exp(lE - logSumExp(lE, lA));
    });
  },
  expectedPurchases: (params, t, customers) => {
    const p = paramsOf(params);
    return perCustomer(customers, (x, tx, T) => {
      const { lE, lA } = customerParts(p, x, tx, T);
      const alive = lA === Number.NEGATIVE_INFINITY ? 1 : Math.exp(lE - logSumExp(lE, lA));
      const bT = p.beta + T;
      return ((p.r + x) / (p.alpha + T)) * bT * growth(p.s - 1, Math.log1p(t / bT)) * alive;
    });
  },
  expectedPurchasesNewCustomer: (params, t) => paretoNbdExpectedPurchases(paramsOf(params), t),
  probabilityOfPurchases: (params, n, t) => purchaseProbability(paramsOf(params), n, t),
};
