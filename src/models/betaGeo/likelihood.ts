/**
 * The BG family's likelihood (BG/NBD: Fader, Hardie & Lee 2005, eq. 6; MBG/NBD: Batislam, Denizel & Filiztekin
 * 2007) with its analytic gradient, over grouped customers. With s = 0 (BG/NBD) or s = 1 (MBG/NBD) drop-out
 * chances before the repeat purchases,
 *
 *   ln L = ln C − (r+x) ln(α+T) + ln(1 + [x+s>0] · a/(b+x+s−1) · ((α+T)/(α+t_x))^(r+x)),
 *   ln C = ln Γ(r+x) − ln Γ(r) + r ln α + ln Γ(b+x+s) − ln Γ(b) + ln Γ(a+b) − ln Γ(a+b+x+s).
 */
import type { FitCustomers } from '../data/fitCustomers.js';
import { digamma } from '../special/digamma.js';
import { lgamma } from '../special/lgamma.js';

/** BG/NBD and MBG/NBD parameters: λ ~ Gamma(r, α) (α in the customers' time unit), p ~ Beta(a, b). */
export interface BetaGeoParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export const BETA_GEO_PARAMS = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Σ_i w_i ln L_i of the BG family over prepared customers (`fitCustomers`: grouped or row by row), with
 * ∂/∂(r, α, a, b) written into `grad`. Terms of ln Γ and ψ are computed once per distinct x; on grouped
 * customers ln(α+T) once per distinct T and ln(α+t_x) once per distinct t_x, on ungrouped ones per customer
 * in row order; what is left per row is the mixing term ln(1 + c e^ρ). Stable in log space for x, T up to
 * 1e4 and parameters 1e-6..1e6.
 *
 * ∂ln L/∂r = ψ(r+x) − ψ(r) + ln α − ln(α+T) + σ (ln(α+T) − ln(α+t_x))
 * ∂ln L/∂α = r/α − (r+x)/(α+T) + σ (r+x) (1/(α+T) − 1/(α+t_x))
 * ∂ln L/∂a = ψ(a+b) − ψ(a+b+x+s) + σ/a
 * ∂ln L/∂b = ψ(b+x+s) − ψ(b) + ψ(a+b) − ψ(a+b+x+s) − σ/(b+x+s−1)
 * with σ = c e^ρ/(1 + c e^ρ) the posterior weight of "dropped out after the last purchase".
 *
 * `from`/`to` restrict the sum to rows [from, to) (for splitting one evaluation across threads); the terms
 * shared by every row (n r ln α and the per-x ln Γ terms) are added only by the part that starts at row 0.
 *
 * @example betaGeoFamilyLogLikelihood(0, Float64Array.of(0.243, 4.414, 0.793, 2.426), groupCustomers(customerColumns(cdnow))) // ≈ −9582.43
 */
export function betaGeoFamilyLogLikelihood(
  shift: 0 | 1,
  params: Float64Array,
  data: FitCustomers,
  grad?: Float64Array,
  from = 0,
  to = data.frequencyLevels.code.length,
): number {
  const r = params[0] as number;
  const alpha = params[1] as number;
  const a = params[2] as number;
  const b = params[3] as number;
  const xl = data.frequencyLevels;
  const nx = xl.values.length;
  const withShared = from === 0;

  const lgR = lgamma(r);
  const lgB = lgamma(b);
  const lgAB = lgamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  const logA = Math.log(a);
  const invA = 1 / a;
  let ll = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;

  // Per distinct x: the ln Γ terms of ln C and ln c = ln a − ln(b+x+s−1).
  const logC2 = new Float64Array(nx);
  const inv2 = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const x = xl.values[k] as number;
    const w = xl.weights[k] as number;
    const xs = x + shift;
    if (xs > 0) {
      const bx1 = b + (xs - 1);
      logC2[k] = logA - Math.log(bx1);
      inv2[k] = 1 / bx1;
    }
    if (!withShared || xs === 0 || w === 0) continue;
    const abx = a + b + xs;
    ll += w * (lgamma(r + x) - lgR + lgamma(b + xs) - lgB + lgAB - lgamma(abx));
    if (grad) {
      const psiABX = digamma(abx);
      if (x > 0) gr += w * (digamma(r + x) - psiR);
      ga += w * (psiAB - psiABX);
      gb += w * (digamma(b + xs) - psiB + psiAB - psiABX);
    }
  }
  if (withShared) {
    const logAlpha = Math.log(alpha);
    const n = data.count;
    ll += n * r * logAlpha;
    gr += n * logAlpha;
    galpha += (n * r) / alpha;
  }

  const xv = xl.values;
  const xc = xl.code;
  // Σ w σ and Σ w σ/(b+x+s−1) for the a and b partials.
  let sigmaSum = 0;
  let sigmaB = 0;
  if (data.grouped) {
    const tl = data.ageLevels;
    const rl = data.recencyLevels;
    // Per distinct T and t_x: ln(α + ·) and 1/(α + ·).
    const logT = new Float64Array(tl.values.length);
    const invT = new Float64Array(tl.values.length);
    for (let k = 0; k < logT.length; k++) {
      const v = alpha + (tl.values[k] as number);
      logT[k] = Math.log(v);
      invT[k] = 1 / v;
    }
    const logR = new Float64Array(rl.values.length);
    const invR = new Float64Array(rl.values.length);
    for (let k = 0; k < logR.length; k++) {
      const v = alpha + (rl.values[k] as number);
      logR[k] = Math.log(v);
      invR[k] = 1 / v;
    }
    const tc = tl.code;
    const rc = rl.code;
    const weights = data.weights;
    for (let i = from; i < to; i++) {
      const w = weights[i] as number;
      const kx = xc[i] as number;
      const kt = tc[i] as number;
      const x = xv[kx] as number;
      const rx = r + x;
      const d1 = logT[kt] as number;
      ll -= w * rx * d1;
      if (x + shift > 0) {
        const kr = rc[i] as number;
        const gap = d1 - (logR[kr] as number);
        const z = (logC2[kx] as number) + rx * gap;
        const e = Math.exp(-Math.abs(z));
        const sigma = z > 0 ? 1 / (1 + e) : e / (1 + e);
        // ln(1 + e^z) = max(z, 0) + ln(1 + e^{−|z|}); σ = e^z/(1 + e^z).
        ll += w * (Math.max(z, 0) + Math.log1p(e));
        if (grad) {
          const ws = w * sigma;
          gr += ws * gap - w * d1;
          galpha += ws * rx * ((invT[kt] as number) - (invR[kr] as number)) - w * rx * (invT[kt] as number);
          sigmaSum += ws;
          sigmaB += ws * (inv2[kx] as number);
        }
      } else if (grad) {
        gr -= w * d1;
        galpha -= w * rx * (invT[kt] as number);
      }
    }
  } else {
    // Row by row: the columns are read sequentially.
    const { recency, T, weights } = data;
    for (let i = from; i < to; i++) {
      const w = weights === undefined ? 1 : (weights[i] as number);
      const kx = xc[i] as number;
      const x = xv[kx] as number;
      const rx = r + x;
      const vT = alpha + (T[i] as number);
      const d1 = Math.log(vT);
      ll -= w * rx * d1;
      if (x + shift > 0) {
        const vR = alpha + (recency[i] as number);
        const gap = d1 - Math.log(vR);
        const z = (logC2[kx] as number) + rx * gap;
        const e = Math.exp(-Math.abs(z));
        ll += w * (Math.max(z, 0) + Math.log1p(e));
        if (grad) {
          const ws = (w * (z > 0 ? 1 : e)) / (1 + e);
          gr += ws * gap - w * d1;
          galpha += ws * rx * (1 / vT - 1 / vR) - (w * rx) / vT;
          sigmaSum += ws;
          sigmaB += ws * (inv2[kx] as number);
        }
      } else if (grad) {
        gr -= w * d1;
        galpha -= (w * rx) / vT;
      }
    }
  }
  if (grad) {
    grad[0] = gr;
    grad[1] = galpha;
    grad[2] = ga + sigmaSum * invA;
    grad[3] = gb - sigmaB;
  }
  return ll;
}

/**
 * A starting point: r = 1, α = Σ w T / Σ w x (so r/α is the observed purchase rate), a = 1, b = 1.
 *
 * @example betaGeoInitialParams(groupCustomers(customerColumns(cdnow))) // [1, ≈56, 1, 1] on CDNOW
 */
export function betaGeoInitialParams(data: FitCustomers): Float64Array {
  let sx = 0;
  let sT = 0;
  const weights = data.weights;
  for (let i = 0; i < data.frequency.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    sx += w * (data.frequency[i] as number);
    sT += w * (data.T[i] as number);
  }
  const alpha = sx > 0 && sT > 0 ? sT / sx : sT > 0 ? sT / data.count : 1;
  return Float64Array.of(1, alpha, 1, 1);
}
