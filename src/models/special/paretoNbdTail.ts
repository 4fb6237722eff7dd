/**
 * The Pareto/NBD's tail integral (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions"): J(t) = ∫_t^∞ (A+y)^−P (B+y)^−Q dy for A ≥ B > 0, P + Q > 1, in log space with its partials.
 *
 * In closed form J(t) = (A+t)^−(P+Q−1) / (P+Q−1) · ₂F₁(P+Q−1, Q; P+Q; z), z = (A−B)/(A+t) ∈ [0, 1), which
 * Euler's transformation turns into (A+t)^−P (B+t)^(1−Q) ₂F₁(1, P; P+Q; z) / (P+Q−1), a series of positive
 * terms with ratios below z (see `logHyp2f1UnitA`); near z = 1 a connection formula or a split of the
 * integral takes over (below).
 */
import { digamma } from './digamma.js';
import { logAbsGamma, logHyp2f1UnitA, type UnitASeriesTable } from './hyp2f1.js';
import { lgamma } from './lgamma.js';

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
  table: UnitASeriesTable | undefined,
  lAt: number,
  lBt: number,
): number {
  const At = A + t;
  const Bt = B + t;
  const z = (A - B) / At;
  const m = P + Q - 1;
  // The series' partials land in g[o..o+3] first (no scratch allocation), then become J's.
  const lG = logHyp2f1UnitA(P, P + Q, z, g, o, table);
  const gc = g[o + 1] as number;
  const gz = g[o + 2] as number;
  g[o] = -lAt - 1 / m + (g[o + 3] as number);
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
 * `table`, when given, is `unitASeriesTable(P, P + Q, …)`: the series' z-free parts, shared by every t of one
 * (P, Q). `logs`, when given, receives [log(A+t), log(B+t)], which the caller would otherwise compute again.
 */
export function paretoNbdLogTail(
  P: number,
  Q: number,
  A: number,
  B: number,
  t: number,
  g: Float64Array,
  o: number,
  table?: UnitASeriesTable,
  logs?: Float64Array,
): number {
  const w = (B + t) / (A + t);
  const lAt = Math.log(A + t);
  const lBt = Math.log(B + t);
  if (logs !== undefined) {
    logs[0] = lAt;
    logs[1] = lBt;
  }
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
  return logJSeries(P, Q, A, B, t, g, o, table, lAt, lBt);
}
