/** Per-customer log-likelihood of the BG family (BG/NBD s = 0, MBG/NBD s = 1). */

import type { CustomerColumns } from '../data/customers.js';
import { lgamma } from '../special/lgamma.js';
import type { BetaGeoParams } from './likelihood.js';

/**
 * ln L_i of each customer in the BG family (Fader, Hardie & Lee 2005, Marketing Science 24(2), eq. 6;
 * Batislam, Denizel & Filiztekin 2007 for s = 1), with s the dropout chances before the repeat purchases:
 *
 *   ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln Γ(b+x+s) − ln Γ(b) + ln Γ(a+b) − ln Γ(a+b+x+s)
 *          − (r+x) ln(α+T) + ln(1 + [x+s>0] · a/(b+x+s−1) · ((α+T)/(α+t_x))^(r+x)),
 *
 * the last term as max(z, 0) + log1p(e^−|z|). Weights are ignored (one value per row); Σ_i w_i ln L_i is the
 * fit's log-likelihood. The x-dependent ln Γ terms are cached per distinct x. Kernel: inputs already valid.
 *
 * @example
 * betaGeoFamilyCustomerLogLikelihood(0, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, cdnowColumns) // sums to ≈ −9582.43
 */
export function betaGeoFamilyCustomerLogLikelihood(
  shift: 0 | 1,
  p: BetaGeoParams,
  customers: CustomerColumns,
): Float64Array {
  const { r, alpha, a, b } = p;
  const { frequency, recency, T } = customers;
  const out = new Float64Array(frequency.length);
  const base = -lgamma(r) + r * Math.log(alpha) - lgamma(b) + lgamma(a + b);
  const logA = Math.log(a);
  const byX = new Map<number, number>();
  for (let i = 0; i < out.length; i++) {
    const x = frequency[i] as number;
    const xs = x + shift;
    let lc = byX.get(x);
    if (lc === undefined) {
      lc = lgamma(r + x) + lgamma(b + xs) - lgamma(a + b + xs);
      byX.set(x, lc);
    }
    const rx = r + x;
    const lT = Math.log(alpha + (T[i] as number));
    let ll = base + lc - rx * lT;
    if (xs > 0) {
      const z = logA - Math.log(b + (xs - 1)) + rx * (lT - Math.log(alpha + (recency[i] as number)));
      ll += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
    out[i] = ll;
  }
  return out;
}
