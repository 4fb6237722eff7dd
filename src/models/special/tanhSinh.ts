/**
 * ∫_0^1 p^{a−1} (1−p)^{b−1} f(p) dp / B(a, b) = E[f(p)] for p ~ Beta(a, b), a, b > 0, by the tanh-sinh
 * (double-exponential) rule of Takahasi & Mori (1974, "Double exponential formulas for numerical integration",
 * Publ. RIMS 9): p = 1/(1 + e^{−π sinh t}), so dp = p(1−p) π cosh t dt and the Beta weight becomes
 * p^a (1−p)^b π cosh t / B(a, b), with ln p and ln(1−p) as −softplus(∓π sinh t) (no underflow at the ends,
 * where endpoint singularities p^{a−1} decay double-exponentially in t). Step h = 1/16 over |t| ≤ 6, stopping
 * early once the terms (weight times |f|) are below 1e-18 of the sum. For small a or b the Beta mass crowds into p < e^{−600} or 1 − p <
 * e^{−600}, beyond any node; so the rule integrates f(p) − [(1−p) f(0) + p f(1)], which vanishes at both ends,
 * and adds the exact b/(a+b) f(0) + a/(a+b) f(1) — for an end that holds more than 1e-18 of the mass beyond the
 * nodes only (else f there is taken as 0 in that line: a large f(0) would cancel digits for nothing). f must be
 * finite on [0, 1] and smooth inside (analytic integrands reach ~1e-14).
 *
 * @example betaExpectation(2, 3, (p) => p, 0) // 0.4 (the Beta(2, 3) mean)
 */
export function betaExpectation(a: number, b: number, f: (p: number) => number, logBetaAB: number): number {
  const h = 1 / 16;
  // An end is subtracted only when the Beta mass beyond the last node there, about e^{−600a}/(a B(a, b)), is not
  // negligible: elsewhere f(0) or f(1) may be far larger than E[f] (1/c for the DERT integrand, c = δα), and
  // subtracting it would cancel that many digits.
  const f0 = crowdedEnd(a, logBetaAB) ? f(0) : 0;
  const f1 = crowdedEnd(b, logBetaAB) ? f(1) : 0;
  let sum = 0;
  for (let side = 0; side < 2; side++) {
    for (let k = side === 0 ? 0 : 1; k <= 96; k++) {
      const t = side === 0 ? k * h : -k * h;
      const y = Math.PI * Math.sinh(t);
      const logP = -softplus(-y);
      const logQ = -softplus(y);
      const logW = a * logP + b * logQ - logBetaAB + Math.log(Math.PI * Math.cosh(t) * h);
      const w = Math.exp(logW);
      // A weight that underflows ends the side once past the mass; before it (a Beta crowded near an end, at
      // b = 2,000 its weight at p = ½ is 2^{−2000}), the nodes go on towards the mass.
      if (w === 0) {
        if (sum !== 0) break;
        continue;
      }
      const p = Math.exp(logP);
      const fp = f(p);
      const line = f0 * Math.exp(logQ) + f1 * p;
      sum += w * (fp - line);
      // The stop weighs f too: an f that grows towards an end (1/p down to p ≈ c) keeps its terms large there.
      if (k > 8 && w * (Math.abs(fp) + Math.abs(line)) < 1e-18 * Math.abs(sum)) break;
    }
  }
  return sum + (b * f0 + a * f1) / (a + b);
}

/** Whether a Beta shape `q` puts more than 1e-18 of the mass beyond e^{−600} of its end, out of the nodes' reach. */
function crowdedEnd(q: number, logBetaAB: number): boolean {
  return -600 * q - Math.log(q) - logBetaAB > Math.log(1e-18);
}

/** ln(1 + e^y) without overflow. */
function softplus(y: number): number {
  return y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y));
}
