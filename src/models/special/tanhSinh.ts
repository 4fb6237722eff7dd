/**
 * ∫_0^1 p^{a−1} (1−p)^{b−1} f(p) dp / B(a, b) = E[f(p)] for p ~ Beta(a, b), a, b > 0, by the tanh-sinh
 * (double-exponential) rule of Takahasi & Mori (1974, "Double exponential formulas for numerical integration",
 * Publ. RIMS 9), placed on the Beta's own mass: logit p = m + s π sinh t, with m = ln(a/b) (the logit of the mean,
 * within ±30) and s = min(1, √(1/a + 1/b)) (about the logit's standard deviation), so that the mass sits near
 * t = 0 with a width of about 1/π in t however concentrated the Beta is (a = 100, b = 1,000 has a logit width
 * of 0.1). dp = p(1−p) s π cosh t dt, and the Beta weight becomes p^a (1−p)^b s π cosh t / B(a, b), with ln p and
 * ln(1−p) as −softplus(∓logit) (no underflow at the ends, where endpoint singularities p^{a−1} decay
 * double-exponentially in t).
 *
 * Levels: step h = 1/8 over |t| ≤ 6, then h/2, h/4, … (each level adds the midpoints of the last), until two
 * levels agree to 1e-9 of the sum (the error of the finer one is then about the square of that), at most
 * `LEVELS` levels. On a side, the nodes stop past the weight's peak once the terms (weight times |f|) fall below
 * 1e-18 of the sum.
 *
 * For small a or b the Beta mass crowds into p < e^{−600} or 1 − p < e^{−600}, beyond any node; so the rule
 * integrates f(p) − [(1−p) f(0) + p f(1)], which vanishes at both ends, and adds the exact
 * b/(a+b) f(0) + a/(a+b) f(1) — for an end that holds more than 1e-18 of the mass beyond the nodes only (else f
 * there is taken as 0 in that line: a large f(0) would cancel digits for nothing). f must be finite on [0, 1] and
 * smooth inside (analytic integrands reach ~1e-14).
 *
 * @example betaExpectation(2, 3, (p) => p, 0) // 0.4 (the Beta(2, 3) mean)
 */
export function betaExpectation(a: number, b: number, f: (p: number) => number, logBetaAB: number): number {
  const centre = Math.max(-30, Math.min(30, Math.log(a / b)));
  const scale = Math.min(1, Math.sqrt(1 / a + 1 / b));
  const reach = scale * Math.PI * Math.sinh(T_MAX);
  // An end is subtracted only when the Beta mass beyond the last node there is not negligible: elsewhere f(0) or
  // f(1) may be far larger than E[f] (1/c for the DERT integrand, c = δα), and subtracting it would cancel that
  // many digits. The last nodes sit at logit p = centre ∓ reach.
  const f0 = crowdedEnd(a, b, centre - reach, logBetaAB) ? f(0) : 0;
  const f1 = crowdedEnd(b, a, -(centre + reach), logBetaAB) ? f(1) : 0;
  const rule: Rule = { a, b, f, f0, f1, centre, scale, logBetaAB };
  let h = 1 / 8;
  let sum = levelSum(rule, h, 0, 1, 0);
  for (let level = 1; level < LEVELS; level++) {
    // The nodes of step h/2 are those of step h and the odd multiples of h/2.
    const finer = sum / 2 + levelSum(rule, h / 2, 1, 2, sum);
    const settled = Math.abs(finer - sum) <= 1e-9 * Math.abs(finer);
    sum = finer;
    h /= 2;
    if (settled) break;
  }
  return sum + (b * f0 + a * f1) / (a + b);
}

/** The rule's t reaches ±T_MAX. */
const T_MAX = 6;
/** Levels at most: steps 1/8 down to 1/1,024. */
const LEVELS = 8;

/** One Beta expectation's integrand, placed (see `betaExpectation`). */
interface Rule {
  readonly a: number;
  readonly b: number;
  readonly f: (p: number) => number;
  readonly f0: number;
  readonly f1: number;
  readonly centre: number;
  readonly scale: number;
  readonly logBetaAB: number;
}

/**
 * Σ w(t) (f(p) − line(p)) over the nodes t = ±(first + stride·k)·h, k = 0, 1, … up to |t| ≤ T_MAX (t = 0 once),
 * each side stopped once its terms fall below 1e-18 of the sum (`known` is the sum of the coarser levels).
 */
function levelSum(rule: Rule, h: number, first: number, stride: number, known: number): number {
  const { a, b, f, f0, f1, centre, scale, logBetaAB } = rule;
  const last = Math.floor(T_MAX / h);
  const logStep = Math.log(scale * Math.PI * h);
  let sum = 0;
  for (let side = 0; side < 2; side++) {
    let started = false;
    let previous = 0;
    for (let k = first; k <= last; k += stride) {
      if (k === 0 && side === 1) continue;
      const t = side === 0 ? k * h : -k * h;
      const y = centre + scale * Math.PI * Math.sinh(t);
      const logP = -softplus(-y);
      const logQ = -softplus(y);
      const w = Math.exp(a * logP + b * logQ - logBetaAB + logStep + Math.log(Math.cosh(t)));
      // A weight that underflows ends the side once past the mass; before it (a Beta crowded near an end), the
      // nodes go on towards the mass.
      if (w === 0) {
        if (started) break;
        continue;
      }
      started = true;
      const p = Math.exp(logP);
      const fp = f(p);
      const line = f0 * Math.exp(logQ) + f1 * p;
      sum += w * (fp - line);
      // A side stops past the weight's peak (where it falls), once its terms are below 1e-18 of the sum. Not
      // before that peak: the mass of w·f may lie far out (E[p⁶] of Beta(1e-4, 0.39) sits near p = 1, where
      // the weight still grows). The stop weighs f too: an f that grows towards an end (1/p down to p ≈ c)
      // keeps its terms large there.
      const falling = w < previous;
      previous = w;
      if (falling && k * h > 0.5 && w * (Math.abs(fp) + Math.abs(line)) < 1e-18 * Math.abs(known + sum))
        break;
    }
  }
  return sum;
}

/**
 * Whether a Beta(q, o) (or Beta(o, q) seen from its other end) puts more than 1e-18 of its mass between its end
 * and the last node, at logit `logit` from that end, u = 1/(1 + e^{−logit}). With g(p) = p^{q−1}(1 − p)^{o−1}:
 * for q < 1, ∫_0^u g ≤ u^q/q · max(1, (1 − u)^{o−1}); for q ≥ 1, g rises on [0, u] (the last node lies far
 * beyond the mode), so ∫_0^u g ≤ u g(u). Each over B(q, o).
 */
function crowdedEnd(q: number, o: number, logit: number, logBetaAB: number): boolean {
  const logU = -softplus(-logit);
  const logRest = -softplus(logit); // ln(1 − u)
  const logMass =
    q < 1
      ? q * logU - Math.log(q) + (o < 1 ? (o - 1) * logRest : 0) - logBetaAB
      : q * logU + (o - 1) * logRest - logBetaAB;
  return logMass > Math.log(1e-18);
}

/** ln(1 + e^y) without overflow. */
function softplus(y: number): number {
  return y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y));
}
