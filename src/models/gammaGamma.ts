/**
 * The Gamma-Gamma model of average transaction value (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
 * curves for customer base analysis", Journal of Marketing Research 42(4); Fader & Hardie 2013, "The
 * Gamma-Gamma model of monetary value", note at brucehardie.com).
 *
 * Each transaction value z_j of a customer is Gamma(p, ν) (mean p/ν); ν varies across customers as
 * Gamma(q, γ). For a customer with x transactions of average value m̄, the sum x·m̄ is Gamma(px, ν), so
 *
 *   f(m̄ | p, q, γ; x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · x (x m̄)^(px−1) / (γ + x m̄)^(px+q).
 *
 * The model assumes spend is independent of purchase frequency; check with `frequencySpendCorrelation`.
 */
import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { type NumericColumn, readColumns } from './data/columns.js';
import { type Levels, levels } from './data/groupCustomers.js';
import type { Fit, FitOptions } from './fit/fitModel.js';
import { fitSpec } from './fit/fitSpec.js';
import type { ModelSpec } from './model.js';
import { digamma } from './special/digamma.js';
import { lgamma } from './special/lgamma.js';
import { largestExponent, timesPowerOfTwo } from './special/powerOfTwoScaling.js';

/** Validated spend columns: x transactions (≥ 1 to fit), their average value m̄ (> 0 to fit), weights. */
export interface SpendColumns {
  readonly frequency: Float64Array;
  readonly monetaryValue: Float64Array;
  readonly weights: Float64Array | undefined;
}

/** Spend data as rows or columns. */
export type SpendInput =
  | readonly { readonly frequency: number; readonly monetaryValue: number; readonly weight?: number }[]
  | {
      readonly frequency: NumericColumn;
      readonly monetaryValue: NumericColumn;
      readonly weights?: NumericColumn;
    };

const repeatFrequencyRule = numberRule({ min: 1 }, true);
const positiveSpendRule = numberRule({ min: 0, minExclusive: true });
const anyFrequencyRule = numberRule({ min: 0 }, true);
const spendRule = numberRule({ min: 0 });
const weightRule = numberRule({ min: 0 });

/**
 * Validates spend data. To fit (`repeatOnly`), every customer must have x ≥ 1 and m̄ > 0 (leave out customers
 * without repeat purchases); for predictions, x ≥ 0 and m̄ ≥ 0 (m̄ is ignored when x = 0).
 *
 * @example spendColumns({ frequency: [2], monetaryValue: [22.35] }, 'fitGammaGamma', true).monetaryValue // Float64Array [22.35]
 */
export function spendColumns(input: SpendInput, where: string, repeatOnly: boolean): SpendColumns {
  const { columns } = readColumns(
    input,
    [
      { name: 'frequency', rule: repeatOnly ? repeatFrequencyRule : anyFrequencyRule },
      { name: 'monetaryValue', rule: repeatOnly ? positiveSpendRule : spendRule },
      { name: 'weights', rowField: 'weight', rule: weightRule, optional: true },
    ],
    where,
  );
  return {
    frequency: columns.frequency as Float64Array,
    monetaryValue: columns.monetaryValue as Float64Array,
    weights: columns.weights,
  };
}

/**
 * Spend data arranged for the likelihood: the Gamma-function terms of f depend on a customer's x only, so
 * customers are grouped by x (a few dozen distinct counts among a million customers), and ln(x·m̄), which no
 * parameter touches, is summed per group once. Each evaluation then costs one ln and one division per
 * customer (for γ), plus the Gamma and digamma functions once per distinct x.
 */
export interface GammaGammaData extends SpendColumns {
  /** The distinct transaction counts x, each customer's level and each level's total weight. */
  readonly frequencyLevels: Levels;
  /** Σ w_i ln(x m̄_i) over the customers of each level. */
  readonly levelLogSpend: Float64Array;
  /** x m̄_i, each customer's total spend. */
  readonly spend: Float64Array;
}

/**
 * Groups validated spend columns by x for `gammaGammaLogLikelihood` (see `GammaGammaData`).
 *
 * @example gammaGammaData(spendColumns({ frequency: [1, 2, 1], monetaryValue: [10, 5, 20] }, 'demo', true)).frequencyLevels.values // Float64Array [1, 2]
 */
export function gammaGammaData(columns: SpendColumns): GammaGammaData {
  const { frequency, monetaryValue, weights } = columns;
  const n = frequency.length;
  const frequencyLevels = levels(frequency, weights ?? new Float64Array(n).fill(1));
  const spend = new Float64Array(n);
  const levelLogSpend = new Float64Array(frequencyLevels.values.length);
  for (let i = 0; i < n; i++) {
    const s = (frequency[i] as number) * (monetaryValue[i] as number);
    const w = weights === undefined ? 1 : (weights[i] as number);
    spend[i] = s;
    if (w !== 0) {
      const k = frequencyLevels.code[i] as number;
      levelLogSpend[k] = (levelLogSpend[k] as number) + w * Math.log(s);
    }
  }
  return { ...columns, frequencyLevels, levelLogSpend, spend };
}

/**
 * Σ_i w_i ln f(m̄_i | p, q, γ; x_i) with the gradient
 *   ∂/∂p = x [ψ(px+q) − ψ(px) + ln(x m̄) − ln(γ + x m̄)],
 *   ∂/∂q = ψ(px+q) − ψ(q) + ln γ − ln(γ + x m̄),
 *   ∂/∂γ = q/γ − (px+q)/(γ + x m̄),
 * summed per level of x (`GammaGammaData`): with W = Σ w, B = Σ w ln(x m̄), C = Σ w ln(γ + x m̄) and
 * D = Σ w / (γ + x m̄) over a level, its share of the log-likelihood is
 *   W [ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + ln x] + (px − 1) B − (px + q) C.
 * Plain spend columns are grouped first.
 *
 * @example gammaGammaLogLikelihood(Float64Array.of(6.25, 3.74, 15.44), spendColumns(cdnowRepeat, 'demo', true)) // ≈ −4055.9
 */
export function gammaGammaLogLikelihood(
  params: Float64Array,
  data: SpendColumns | GammaGammaData,
  grad?: Float64Array,
): number {
  const d = 'frequencyLevels' in data ? data : gammaGammaData(data);
  const p = params[0] as number;
  const q = params[1] as number;
  const g = params[2] as number;
  const { frequencyLevels, levelLogSpend, spend, weights } = d;
  const { values: levelX, code: levelOf, weights: levelWeight } = frequencyLevels;
  const L = levelX.length;
  const logShifted = new Float64Array(L); // C per level
  const inverseShifted = grad ? new Float64Array(L) : undefined; // D per level
  for (let i = 0; i < spend.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (w === 0) continue;
    const k = levelOf[i] as number;
    const t = g + (spend[i] as number);
    logShifted[k] = (logShifted[k] as number) + w * Math.log(t);
    if (inverseShifted) inverseShifted[k] = (inverseShifted[k] as number) + w / t;
  }
  const lgQ = lgamma(q);
  const psiQ = grad ? digamma(q) : 0;
  const logG = Math.log(g);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let k = 0; k < L; k++) {
    const W = levelWeight[k] as number;
    if (W === 0) continue;
    const x = levelX[k] as number;
    const B = levelLogSpend[k] as number;
    const C = logShifted[k] as number;
    const px = p * x;
    ll += W * (lgamma(px + q) - lgamma(px) - lgQ + q * logG + Math.log(x)) + (px - 1) * B - (px + q) * C;
    if (grad && inverseShifted) {
      const psiPQ = digamma(px + q);
      gp += x * (W * (psiPQ - digamma(px)) + B - C);
      gq += W * (psiPQ - psiQ + logG) - C;
      gg += (W * q) / g - (px + q) * (inverseShifted[k] as number);
    }
  }
  if (grad) {
    grad[0] = gp;
    grad[1] = gq;
    grad[2] = gg;
  }
  return ll;
}

/**
 * Starting point by the method of moments on the customers' averages (each m̄ ≈ p/ν with ν ~ Gamma(q, γ)):
 * with mean m and variance v of m̄ across customers, q = 2 + m²/v (so E[1/ν] and Var[1/ν] match) and
 * γ = m (q − 1)/p, with p = 1.
 */
function gammaGammaInitialParams(data: SpendColumns): Float64Array {
  let sw = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < data.frequency.length; i++) {
    const w = data.weights === undefined ? 1 : (data.weights[i] as number);
    const m = data.monetaryValue[i] as number;
    sw += w;
    s1 += w * m;
    s2 += w * m * m;
  }
  const mean = s1 / sw;
  const variance = Math.max(s2 / sw - mean * mean, 1e-12 * mean * mean);
  const q = 2 + (mean * mean) / variance;
  return Float64Array.of(1, q, mean * (q - 1));
}

/**
 * ln f(m̄_i | p, q, γ; x_i) per customer (the density at the top of this file); weights ignored.
 *
 * @example gammaGammaCustomerLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, spendColumns(cdnowRepeat, 'demo', true)) // sums to ≈ −4055.9
 */
export function gammaGammaCustomerLogLikelihood(
  params: Readonly<Record<string, number>>,
  spend: SpendColumns,
): Float64Array {
  const p = params.p as number;
  const q = params.q as number;
  const g = params.gamma as number;
  const { frequency, monetaryValue } = spend;
  const out = new Float64Array(frequency.length);
  const common = q * Math.log(g) - lgamma(q);
  for (let i = 0; i < out.length; i++) {
    const x = frequency[i] as number;
    const total = x * (monetaryValue[i] as number);
    const px = p * x;
    out[i] =
      lgamma(px + q) -
      lgamma(px) +
      common +
      Math.log(x) +
      (px - 1) * Math.log(total) -
      (px + q) * Math.log(g + total);
  }
  return out;
}

/** The Gamma-Gamma spend model (parameters p, q, γ), fitted on repeat customers' mean spend. */
export const gammaGammaModel: ModelSpec<GammaGammaData, 'gammaGamma'> = {
  model: 'gammaGamma',
  label: 'Gamma-Gamma',
  aliases: ['gammagamma', 'gg'],
  paramNames: ['p', 'q', 'gamma'],
  paramDescriptions: {
    p: 'shape of each transaction value z ~ Gamma(p, ν)',
    q: 'shape of the customer-level scale ν ~ Gamma(q, γ)',
    gamma: 'scale of ν, in money units',
  },
  dataKind: 'spend',
  source:
    'Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer base analysis", JMR 42(4); Fader & Hardie (2013), "The Gamma-Gamma model of monetary value"',
  prepare: (data, where) => gammaGammaData(spendColumns(data as SpendInput, where, true)),
  kernels: {},
  spendKernels: {
    expectedSpend: (params, c, where) => gammaGammaExpectedSpend(params, c, where),
    customerLogLikelihood: gammaGammaCustomerLogLikelihood,
  },
  logLikelihood: gammaGammaLogLikelihood,
  initialParams: gammaGammaInitialParams,
  count: (data) => {
    if (data.weights === undefined) return data.frequency.length;
    let s = 0;
    for (const w of data.weights) s += w;
    return s;
  },
};

/** A Gamma-Gamma fit with the independence diagnostic. */
export interface GammaGammaFit extends Fit<'gammaGamma'> {
  /** Pearson correlation of frequency and average spend over the fitted customers (near 0 supports the model). */
  readonly frequencySpendCorrelation: number;
}

/**
 * Fits the Gamma-Gamma spend model (Fader, Hardie & Lee 2005 JMR; Fader & Hardie 2013) to repeat customers
 * `{ frequency, monetaryValue }` (x ≥ 1 repeat transactions with average value m̄ > 0). Parameters p, q, γ.
 * The fit carries `frequencySpendCorrelation`, the independence check.
 *
 * @example const fit = fitGammaGamma({ frequency: x, monetaryValue: zbar }); // CDNOW: p ≈ 6.25, q ≈ 3.74, γ ≈ 15.44
 */
export function fitGammaGamma(spend: SpendInput, options?: FitOptions): GammaGammaFit {
  const fit = fitSpec(gammaGammaModel, spend, 'fitGammaGamma', options);
  return Object.freeze({
    ...fit,
    frequencySpendCorrelation: pearson(spendColumns(spend, 'fitGammaGamma', true)),
  });
}

/**
 * Pearson correlation between frequency and average spend, r = cov(x, m̄) / (sd(x) sd(m̄)) (weighted): the
 * Gamma-Gamma model assumes the two are independent (Fader & Hardie 2013 suggest checking this is near 0).
 * Throws ClvValidationError when either has no variance.
 *
 * @example frequencySpendCorrelation({ frequency: [1, 2, 3], monetaryValue: [10, 12, 11] }) // 0.5
 */
export function frequencySpendCorrelation(spend: SpendInput): number {
  return pearson(spendColumns(spend, 'frequencySpendCorrelation', false));
}

/**
 * The weighted Pearson r of frequency and spend by the corrected two-pass algorithm (Chan, Golub & LeVeque
 * 1983, "Algorithms for computing the sample variance", Am. Stat. 37(3), eq. 1.7): the means first, then the
 * sums of products of deviations, less the (rounding-sized) sums of the deviations themselves — so spends of
 * 1e14 that vary by units keep their digits. Each column is first scaled by a power of two near its largest
 * entry (exact; `evaluation/scaling.ts`), so spends near 1e-300 or 1e300 neither underflow nor overflow the
 * squares; r does not depend on that scale.
 */
function pearson(data: SpendColumns): number {
  const { frequency, monetaryValue, weights } = data;
  const n = frequency.length;
  const weight = (i: number) => (weights === undefined ? 1 : (weights[i] as number));
  const varies = (v: Float64Array) => {
    let first: number | undefined;
    for (let i = 0; i < n; i++)
      if (weight(i) > 0) {
        if (first === undefined) first = v[i] as number;
        else if (v[i] !== first) return true;
      }
    return false;
  };
  for (const [name, v] of [
    ['frequency', frequency],
    ['monetaryValue', monetaryValue],
  ] as const)
    if (!varies(v))
      throw new ClvValidationError('frequencySpendCorrelation', [
        makeIssue(name, 'customers whose frequency and spend both vary', n),
      ]);
  const kx = largestExponent(frequency);
  const km = largestExponent(monetaryValue);
  const x = frequency.map((v) => timesPowerOfTwo(v, -kx));
  const m = monetaryValue.map((v) => timesPowerOfTwo(v, -km));
  let sw = 0;
  let sx = 0;
  let sm = 0;
  for (let i = 0; i < n; i++) {
    const w = weight(i);
    sw += w;
    sx += w * (x[i] as number);
    sm += w * (m[i] as number);
  }
  const mx = sx / sw;
  const mm = sm / sw;
  let dxSum = 0;
  let dmSum = 0;
  let cxx = 0;
  let cmm = 0;
  let cxm = 0;
  for (let i = 0; i < n; i++) {
    const w = weight(i);
    const dx = (x[i] as number) - mx;
    const dm = (m[i] as number) - mm;
    dxSum += w * dx;
    dmSum += w * dm;
    cxx += w * dx * dx;
    cmm += w * dm * dm;
    cxm += w * dx * dm;
  }
  cxx -= (dxSum * dxSum) / sw;
  cmm -= (dmSum * dmSum) / sw;
  cxm -= (dxSum * dmSum) / sw;
  return Math.max(-1, Math.min(1, cxm / (Math.sqrt(cxx) * Math.sqrt(cmm))));
}

/**
 * Gamma-Gamma's expected spend per purchase is a straight line in the customer's own average m̄ for each x:
 *
 *   E[Z | x, m̄] = intercept(x) + slope(x) · m̄,   intercept = pγ / (px + q − 1),   slope = px / (px + q − 1)
 *
 * (Fader, Hardie & Lee 2005 JMR eq. 2 regrouped). The one place the formula is written: `expectedSpend`
 * evaluates it per customer, and warehouse scoring ships (intercept, slope) per x so the engine applies it to
 * each customer's m̄. Needs px + q > 1 (checked by the callers).
 *
 * @example gammaGammaSpendLine({ p: 6.25, q: 3.74, gamma: 15.44 }, 0) // { intercept: ≈35.2, slope: 0 }
 */
export function gammaGammaSpendLine(
  params: Readonly<Record<string, number>>,
  x: number,
): { readonly intercept: number; readonly slope: number } {
  const p = params.p as number;
  const denominator = p * x + (params.q as number) - 1;
  return { intercept: (p * (params.gamma as number)) / denominator, slope: (p * x) / denominator };
}

/**
 * Conditional expected average transaction value (Fader, Hardie & Lee 2005 JMR eq. 2; Fader & Hardie 2013):
 *
 *   E[Z | p, q, γ, m̄, x] = p (γ + x m̄) / (p x + q − 1)
 *                        = (q−1)/(px+q−1) · pγ/(q−1) + px/(px+q−1) · m̄,
 *
 * a weighted average of the population mean pγ/(q−1) and the customer's own m̄. For x = 0 it is the
 * population mean, which needs q > 1: otherwise (and whenever px + q ≤ 1) a ClvValidationError names the rows.
 *
 * @example gammaGammaExpectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, spendColumns({ frequency: [0], monetaryValue: [0] }, 'demo', false)) // [≈35.2]
 */
export function gammaGammaExpectedSpend(
  params: Readonly<Record<string, number>>,
  spend: SpendColumns,
  where = 'expectedSpend',
): Float64Array {
  const p = params.p as number;
  const q = params.q as number;
  const { frequency, monetaryValue } = spend;
  const out = new Float64Array(frequency.length);
  const issues: ClvIssue[] = [];
  for (let i = 0; i < out.length; i++) {
    const x = frequency[i] as number;
    const denominator = p * x + q - 1;
    if (!(denominator > 0)) {
      issues.push(
        makeIssue(
          `frequency[${i}]`,
          `a frequency with p·x + q > 1 (q = ${q} ≤ 1 has no finite mean spend)`,
          x,
          i,
        ),
      );
      continue;
    }
    const line = gammaGammaSpendLine(params, x);
    out[i] = line.intercept + line.slope * (x > 0 ? (monetaryValue[i] as number) : 0);
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return out;
}
