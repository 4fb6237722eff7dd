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
import { GAUSS_LEGENDRE, GL_ORDER } from './gaussLegendre.js';
import { logAbsGamma, logHyp2f1UnitA, type UnitASeriesTable } from './hyp2f1.js';
import { lgamma, stirlingSeries } from './lgamma.js';

/** Above this z the near-singular expansion of J is tried (when Q and P(1−z) are small enough to be accurate). */
const NEAR_ONE = 0.99;
const CONNECT_MAX_Q = 30;
const CONNECT_MAX_PW = 2;
const TAIL = 1e-17;
/**
 * Q within this distance of a positive integer: the expansion's two parts carry Γ poles that cancel, and they
 * lose about log₁₀(1/|Q − k|) digits (10⁻⁹ at |Q − k| = 10⁻³, P = 150); `logJBridge` integrates there instead.
 * At 0.1 the expansion is within 10⁻¹² of the integral.
 */
const Q_GAP = 0.1;

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

/** e^−41.4 ≈ 10⁻¹⁸: a bound on the rest of the integral below this share of the part summed ends the bridge. */
const LOG_NEGLIGIBLE = -41.4;

/**
 * log J(t) near z = 1 where the expansion cannot be trusted (Q near an integer, or its parts cancelling), as
 * J(t) = ∫_t^{y*} (A+y)^−P (B+y)^−Q dy + J(y*), with y* where (B+y*)/(A+y*) = 1 − 0.99: the last part by the
 * series (z = 0.99), the first by Gauss–Legendre in v = log(B+y), where the integrand
 * e^{(1−Q)v} (A − B + e^v)^−P is smooth on the scale of 1 (no pole within π of the real axis). Each panel's
 * half-width is at most 1.5 and at most 2 over the steepest slope of the log-integrand on it, so 20 points
 * give about 10⁻¹⁶ of the panel (Trefethen 2008, "Is Gauss quadrature better than Clenshaw–Curtis?", the
 * Bernstein-ellipse bound). Once the log-integrand falls at rate κ or faster, everything after v is at most
 * f(v)/κ, and the sum stops when that is below 10⁻¹⁸ of it. The partials are integrated under the sign at a
 * fixed y* (which the result does not depend on): ∂/∂P, ∂/∂Q, ∂/∂A, ∂/∂B of the integrand are
 * −log(A+y), −log(B+y), −P/(A+y), −Q/(B+y) times it.
 */
function logJBridge(
  P: number,
  Q: number,
  A: number,
  B: number,
  t: number,
  g: Float64Array,
  o: number,
): number {
  const D = A - B;
  const wStar = 1 - NEAR_ONE;
  const uStar = (wStar * D) / NEAR_ONE;
  const vHi = Math.log(uStar);
  // w within a rounding of the seam (A = 1 − 2⁻⁵³, B + t = 0.01): y* falls at or before t, nothing is left to
  // integrate, and the series at t itself (z ≈ 0.99) is the whole of J (an empty bridge gave 0/0).
  if (!(Math.log(B + t) < vHi))
    return logJSeries(P, Q, A, B, t, g, o, undefined, Math.log(A + t), Math.log(B + t));
  const { nodes, weights } = GAUSS_LEGENDRE;
  const oneMinusQ = 1 - Q;
  // d/dv of the log-integrand: decreasing in v.
  const slope = (v: number) => oneMinusQ - (P * Math.exp(v)) / (D + Math.exp(v));
  let M = Number.NEGATIVE_INFINITY;
  let S = 0;
  let SP = 0;
  let SQ = 0;
  let SA = 0;
  let SB = 0;
  let a = Math.log(B + t);
  let rest = true;
  while (a < vHi && rest) {
    const steepest = Math.max(Math.abs(slope(a)), Math.abs(slope(Math.min(a + 3, vHi))));
    const half = Math.min(1.5, 2 / steepest);
    const b = Math.min(a + 2 * half, vHi);
    // A panel too narrow to move v (a slope beyond any finite parameter's) would never end the loop.
    if (!(b > a)) break;
    const mid = (a + b) / 2;
    const h = (b - a) / 2;
    for (let i = 0; i < GL_ORDER; i++) {
      const v = mid + h * (nodes[i] as number);
      const ev = Math.exp(v);
      const Ay = D + ev;
      const lAy = Math.log(Ay);
      const lf = -P * lAy + oneMinusQ * v + Math.log(h * (weights[i] as number));
      if (lf > M) {
        const k = Math.exp(M - lf);
        S *= k;
        SP *= k;
        SQ *= k;
        SA *= k;
        SB *= k;
        M = lf;
      }
      const f = Math.exp(lf - M);
      S += f;
      SP -= f * lAy;
      SQ -= f * v;
      SA -= (f * P) / Ay;
      SB -= (f * Q) / ev;
    }
    a = b;
    const falling = -slope(b);
    if (falling > 0) {
      const lfEnd = -P * Math.log(D + Math.exp(b)) + oneMinusQ * b;
      if (lfEnd - Math.log(falling) <= M + Math.log(S) + LOG_NEGLIGIBLE) rest = false;
    }
  }
  const lBridge = M + Math.log(S);
  if (!rest) {
    g[o] = SP / S;
    g[o + 1] = SQ / S;
    g[o + 2] = SA / S;
    g[o + 3] = SB / S;
    return lBridge;
  }
  const yStar = uStar - B;
  const lStar = logJSeries(P, Q, A, B, yStar, g, o, undefined, Math.log(A + yStar), vHi);
  const top = Math.max(lBridge, lStar);
  const eBridge = Math.exp(lBridge - top) / S;
  const eStar = Math.exp(lStar - top);
  const total = eBridge * S + eStar;
  g[o] = (eBridge * SP + eStar * (g[o] as number)) / total;
  g[o + 1] = (eBridge * SQ + eStar * (g[o + 1] as number)) / total;
  g[o + 2] = (eBridge * SA + eStar * (g[o + 2] as number)) / total;
  g[o + 3] = (eBridge * SB + eStar * (g[o + 3] as number)) / total;
  return top + Math.log(total);
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
      a *= -(P + (n - 1)) / n;
      hP += 1 / (P + (n - 1));
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
 * (Abramowitz & Stegun 6.1.40, `stirlingSeries`); otherwise the plain difference (small numbers, no loss).
 */
function logGammaRatio(x: number, delta: number): number {
  const y = x + delta;
  if (x < 10 || y < 10) return lgamma(y) - lgamma(x);
  return (
    (x - 0.5) * Math.log1p(delta / x) + delta * Math.log(y) - delta + (stirlingSeries(y) - stirlingSeries(x))
  );
}

/**
 * log J(t) = log ∫_t^∞ (A+y)^−P (B+y)^−Q dy for A ≥ B > 0, P + Q > 1, with ∂/∂(P, Q, A, B) in g[o..o+3].
 * The series converges geometrically with ratio z = 1 − w; near z = 1 with small Q the near-singular
 * expansion is used instead, or where Q is within 0.1 of an integer (or the expansion cancels), and wherever else
 * z > 0.99, the bridge of `logJBridge`, a quadrature up to z = 0.99 plus the series from there.
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
    if (nearest >= 1 && Math.abs(Q - nearest) < Q_GAP) return logJBridge(P, Q, A, B, t, g, o);
    const v = logJNearOne(P, Q, A, B, t, g, o);
    return v ?? logJBridge(P, Q, A, B, t, g, o);
  }
  // Past z = 0.99 the series needs about 40/w terms (2·10⁷ at w = 2·10⁻⁶, a second per evaluation when a fit runs
  // s and β away together); the bridge's panels follow the integrand's fall instead (a few hundred points when
  // P·w is large) and hand the series only the part beyond z = 0.99.
  if (w < 1 - NEAR_ONE) return logJBridge(P, Q, A, B, t, g, o);
  return logJSeries(P, Q, A, B, t, g, o, table, lAt, lBt);
}
