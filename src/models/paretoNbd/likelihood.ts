/**
 * The Pareto/NBD likelihood (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions", eq. 12) over customers grouped by the shared grouping (`groupCustomers`):
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^T (α+y)^−(r+x) (β+y)^−(s+1) dy ],
 *
 * the integral being J(t_x) − J(T) of `paretoNbdLogTail`, with (A, P, B, Q) = (α, r+x, β, s+1) when α ≥ β and
 * (β, s+1, α, r+x) when α < β — the note's two branches.
 */

import type { CustomerColumns } from '../data/customers.js';
import { fitCustomers, type UngroupedCustomers } from '../data/fitCustomers.js';
import { type GroupedCustomers, type Levels, levels } from '../data/groupCustomers.js';
import { digamma } from '../special/digamma.js';
import { type UnitASeriesTable, unitASeriesTable } from '../special/hyp2f1.js';
import { lgamma } from '../special/lgamma.js';
import { paretoNbdLogTail } from '../special/paretoNbdTail.js';

/** Grouped customers prepared for the likelihood: distinct (x, t) pairs, and the grouped (x, t_x, T) rows with their weights. */
export interface ParetoNbdKeys {
  readonly grouped: true;
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
  /** The distinct frequencies of the keys and each key's code into them. */
  readonly keyXLevels: Levels;
}

/** Customers left row by row (continuous-time ages, see `fitCustomers`): J(t_x) and J(T) per customer. */
export interface ParetoNbdRows {
  readonly grouped: false;
  readonly customers: number;
  readonly totalFrequency: number;
  readonly totalT: number;
  readonly rows: UngroupedCustomers;
}

/** What the Pareto/NBD likelihood reads: keyed grouped customers, or the customers row by row. */
export type ParetoNbdPrepared = ParetoNbdKeys | ParetoNbdRows;

/**
 * Prepares customers for the Pareto/NBD likelihood: grouped and keyed (`prepareParetoNbd`) when grouping pays
 * (`fitCustomers`), else row by row.
 *
 * @example prepareParetoNbdCustomers(customerColumns(cdnow)).grouped // true (CDNOW's triples repeat)
 */
export function prepareParetoNbdCustomers(customers: CustomerColumns): ParetoNbdPrepared {
  const data = fitCustomers(customers);
  return data.grouped ? prepareParetoNbd(data) : paretoNbdRows(data);
}

/**
 * Customers left row by row, with the weighted totals of x and T the starting values read.
 *
 * @example paretoNbdRows(ungroupedCustomers(customerColumns({ frequency: [2, 0], recency: [3, 0], T: [9, 8] }))).totalT // 17
 */
export function paretoNbdRows(rows: UngroupedCustomers): ParetoNbdRows {
  const { frequency, T, weights } = rows;
  let totalFrequency = 0;
  let totalT = 0;
  for (let i = 0; i < frequency.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    totalFrequency += w * (frequency[i] as number);
    totalT += w * (T[i] as number);
  }
  return { grouped: false, customers: rows.count, totalFrequency, totalT, rows };
}

/**
 * Arranges grouped customers (`groupCustomers`: one row per distinct (x, t_x, T)) for the likelihood: J
 * depends only on (x, t), so each distinct pair of a frequency with a recency or an age becomes one key,
 * computed once per evaluation. The grouping itself is the shared one; this only numbers the pairs.
 *
 * @example prepareParetoNbd(groupCustomers(customerColumns(cdnow))).rowW.length // distinct customers of CDNOW
 */
export function prepareParetoNbd(grouped: GroupedCustomers): ParetoNbdKeys {
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
  const xs = Float64Array.from(keyX);
  return {
    grouped: true,
    customers: grouped.count,
    totalFrequency,
    totalT,
    keyXLevels: levels(xs),
    keyX: xs,
    keyT: Float64Array.from(keyT),
    rowTx,
    rowT,
    rowW: weights,
  };
}

/**
 * Per key (x, t), KW numbers: log J; ∂ log J/∂(r, α, s, β) minus their t-free parts c (next four); the four c;
 * log(α+t); log(β+t). The split matters: log J is large (≈ −P log A) so the weights κ = J/(J(t_x) − J(T))
 * carry relative errors of ε|log J|, and they must only multiply the t-dependent parts, the constants entering
 * as c (κ_x − κ_T) = c exactly.
 */
const KW = 11;

/** The parameters and their logarithms, shared by every key and row of one evaluation. */
interface Point {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
  readonly logAlpha: number;
  readonly logBeta: number;
  readonly logS: number;
  readonly swap: boolean;
}

/**
 * Writes the KW numbers of key (x, t) into K[o..o+KW−1]; g4 and logs2 are scratch for J's partials and the
 * tail's two logarithms, `table` the series' x-only parts.
 */
function keyTerms(
  p: Point,
  x: number,
  t: number,
  K: Float64Array,
  o: number,
  g4: Float64Array,
  table: UnitASeriesTable,
  logs2: Float64Array,
): void {
  const { r, alpha, s, beta, logAlpha, logBeta } = p;
  const invM = 1 / (r + s + x);
  const cr = -logAlpha - invM;
  const cs = -logBeta - invM;
  let ca: number;
  let cb: number;
  if (p.swap) {
    K[o] = paretoNbdLogTail(s + 1, r + x, beta, alpha, t, g4, 0, table, logs2);
    ca = (1 - r - x) / alpha;
    cb = -(s + 1) / beta;
    K[o + 1] = (g4[1] as number) - cr;
    K[o + 2] = (g4[3] as number) - ca;
    K[o + 3] = (g4[0] as number) - cs;
    K[o + 4] = (g4[2] as number) - cb;
  } else {
    K[o] = paretoNbdLogTail(r + x, s + 1, alpha, beta, t, g4, 0, table, logs2);
    ca = -(r + x) / alpha;
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
  // log(α+t), log(β+t): the tail's log(A+t), log(B+t) in the model's order.
  K[o + 9] = p.swap ? (logs2[1] as number) : (logs2[0] as number);
  K[o + 10] = p.swap ? (logs2[0] as number) : (logs2[1] as number);
}

/** Terms of the J series tabled per frequency (enough for z up to about 0.6 at 1e-17). */
const TABLED_TERMS = 80;

/** One `unitASeriesTable` per distinct frequency: the series of J(t) at (P, P+Q) for every t of that x. */
function seriesTables(p: Point, xs: Float64Array): UnitASeriesTable[] {
  const tables: UnitASeriesTable[] = [];
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k] as number;
    const P = p.swap ? p.s + 1 : p.r + x;
    const Q = p.swap ? p.r + x : p.s + 1;
    tables.push(unitASeriesTable(P, P + Q, TABLED_TERMS));
  }
  return tables;
}

/**
 * Adds one row's w log L_i (without the shared terms) to acc[0] and, when `withGrad`, its gradient to
 * acc[1..4]; Kx/kx and KT/kT are the KW numbers of its keys (x, t_x) and (x, T), lgRx = log Γ(r+x) and
 * psiRx = ψ(r+x).
 */
function addRow(
  p: Point,
  w: number,
  x: number,
  T: number,
  Kx: Float64Array,
  kx: number,
  KT: Float64Array,
  kT: number,
  lgRx: number,
  psiRx: number,
  withGrad: boolean,
  acc: Float64Array,
): void {
  const { r, alpha, s, beta, logS } = p;
  const laT = KT[kT + 9] as number;
  const lbT = KT[kT + 10] as number;
  const lE = -(r + x) * laT - s * lbT;
  const lJx = Kx[kx] as number;
  const lJT = KT[kT] as number;
  if (!(lJx > lJT)) {
    // No tail (t_x = T): L ∝ E alone.
    acc[0] = (acc[0] as number) + w * (lgRx + lE);
    if (!withGrad) return;
    acc[1] = (acc[1] as number) + w * (psiRx - laT);
    acc[2] = (acc[2] as number) + (w * -(r + x)) / (alpha + T);
    acc[3] = (acc[3] as number) + w * -lbT;
    acc[4] = (acc[4] as number) + (w * -s) / (beta + T);
    return;
  }
  // D = J(t_x) − J(T) = J(t_x) (1 − e^d), d = log J(T) − log J(t_x) < 0, with 1 − e^d as −expm1(d) near 0
  // (Mächler 2012); κ_x = J(t_x)/D = 1/(1 − e^d) and κ_T = J(T)/D = e^d/(1 − e^d) follow without more exps.
  const d = lJT - lJx;
  let ed: number;
  let em: number;
  let l1m: number;
  if (d > -Math.LN2) {
    em = -Math.expm1(d);
    ed = 1 - em;
    l1m = Math.log(em);
  } else {
    ed = Math.exp(d);
    em = 1 - ed;
    l1m = Math.log1p(-ed);
  }
  const lA = logS + lJx + l1m;
  // log(E + s D) = max + log1p(e^{min − max}); the weights of E and s D are the two logistic shares.
  const eLow = Math.exp(-Math.abs(lE - lA));
  const lS = Math.max(lE, lA) + Math.log1p(eLow);
  acc[0] = (acc[0] as number) + w * (lgRx + lS);
  if (!withGrad) return;
  const share = 1 / (1 + eLow);
  const wE = lE >= lA ? share : eLow * share;
  const wA = lE >= lA ? eLow * share : share;
  const kappaX = 1 / em;
  const kappaT = ed / em;
  const dr =
    wE * -laT +
    wA * ((KT[kT + 5] as number) + kappaX * (Kx[kx + 1] as number) - kappaT * (KT[kT + 1] as number));
  const da =
    (wE * -(r + x)) / (alpha + T) +
    wA * ((KT[kT + 6] as number) + kappaX * (Kx[kx + 2] as number) - kappaT * (KT[kT + 2] as number));
  const ds =
    wE * -lbT +
    wA * (1 / s + (KT[kT + 7] as number) + kappaX * (Kx[kx + 3] as number) - kappaT * (KT[kT + 3] as number));
  const db =
    (wE * -s) / (beta + T) +
    wA * ((KT[kT + 8] as number) + kappaX * (Kx[kx + 4] as number) - kappaT * (KT[kT + 4] as number));
  acc[1] = (acc[1] as number) + w * (psiRx + dr);
  acc[2] = (acc[2] as number) + w * da;
  acc[3] = (acc[3] as number) + w * ds;
  acc[4] = (acc[4] as number) + w * db;
}

/**
 * Σ_i w_i log L_i of the Pareto/NBD at (r, α, s, β) = params[0..3]; when `grad` is given it receives the
 * analytic gradient ∂/∂(r, α, s, β). Per distinct (x, t) (grouped customers) or per customer (row by row):
 * log J and its partials; per row:
 * log L_i = log Γ(r+x) − log Γ(r) + r log α + s log β + log(E + s (J(t_x) − J(T))),
 * E = (α+T)^−(r+x) (β+T)^−s, combined with logSumExp / logDiffExp.
 *
 * `from`/`to` restrict a row-by-row sum to customers [from, to) (for splitting one evaluation across threads;
 * grouped customers are always summed whole); the shared terms are added by the part that starts at row 0.
 */
export function paretoNbdLogLikelihoodPrepared(
  params: Float64Array,
  data: ParetoNbdPrepared,
  grad?: Float64Array,
  from = 0,
  to = data.grouped ? data.rowW.length : data.rows.frequency.length,
): number {
  const r = params[0] as number;
  const alpha = params[1] as number;
  const s = params[2] as number;
  const beta = params[3] as number;
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const p: Point = { r, alpha, s, beta, logAlpha, logBeta, logS: Math.log(s), swap: alpha < beta };
  const g4 = new Float64Array(4);
  const logs2 = new Float64Array(2);
  const acc = new Float64Array(5);
  const withGrad = grad !== undefined;
  if (data.grouped) {
    const { keyX, keyT, rowTx, rowT, rowW } = data;
    const nKeys = keyX.length;
    const K = new Float64Array(nKeys * KW);
    const xl = data.keyXLevels;
    const tables = seriesTables(p, xl.values);
    // log Γ(r+x) and ψ(r+x) per key.
    const lg = new Float64Array(nKeys);
    const psi = new Float64Array(nKeys);
    for (let k = 0; k < nKeys; k++) {
      const x = keyX[k] as number;
      keyTerms(
        p,
        x,
        keyT[k] as number,
        K,
        k * KW,
        g4,
        tables[xl.code[k] as number] as UnitASeriesTable,
        logs2,
      );
      lg[k] = lgamma(r + x);
      if (withGrad) psi[k] = digamma(r + x);
    }
    for (let i = 0; i < rowW.length; i++) {
      const w = rowW[i] as number;
      const key = rowT[i] as number;
      const x = keyX[key] as number;
      addRow(
        p,
        w,
        x,
        keyT[key] as number,
        K,
        (rowTx[i] as number) * KW,
        K,
        key * KW,
        lg[key] as number,
        psi[key] as number,
        withGrad,
        acc,
      );
    }
  } else {
    const { recency, T, weights, frequencyLevels: xl } = data.rows;
    const nx = xl.values.length;
    const lg = new Float64Array(nx);
    const psi = new Float64Array(nx);
    // J(0) of each x with t_x = 0 (x = 0 always; x > 0 when the last purchase was on the first day).
    const K0 = new Float64Array(nx * KW).fill(Number.NaN);
    for (let k = 0; k < nx; k++) {
      const x = xl.values[k] as number;
      lg[k] = lgamma(r + x);
      if (withGrad) psi[k] = digamma(r + x);
    }
    const tables = seriesTables(p, xl.values);
    const Kx = new Float64Array(KW);
    const KT = new Float64Array(KW);
    const code = xl.code;
    for (let i = from; i < to; i++) {
      const w = weights === undefined ? 1 : (weights[i] as number);
      const kx = code[i] as number;
      const x = xl.values[kx] as number;
      const t = T[i] as number;
      const tx = recency[i] as number;
      const table = tables[kx] as UnitASeriesTable;
      keyTerms(p, x, t, KT, 0, g4, table, logs2);
      if (tx === 0) {
        if (Number.isNaN(K0[kx * KW] as number)) keyTerms(p, x, 0, K0, kx * KW, g4, table, logs2);
        addRow(p, w, x, t, K0, kx * KW, KT, 0, lg[kx] as number, psi[kx] as number, withGrad, acc);
      } else {
        keyTerms(p, x, tx, Kx, 0, g4, table, logs2);
        addRow(p, w, x, t, Kx, 0, KT, 0, lg[kx] as number, psi[kx] as number, withGrad, acc);
      }
    }
  }
  // The shared terms: added once, by the part that starts at row 0, over all customers.
  const shared = from === 0;
  const total = data.customers;
  if (grad) {
    grad[0] = (acc[1] as number) + (shared ? total * (-digamma(r) + logAlpha) : 0);
    grad[1] = (acc[2] as number) + (shared ? (total * r) / alpha : 0);
    grad[2] = (acc[3] as number) + (shared ? total * logBeta : 0);
    grad[3] = (acc[4] as number) + (shared ? (total * s) / beta : 0);
  }
  return (acc[0] as number) + (shared ? total * (-lgamma(r) + r * logAlpha + s * logBeta) : 0);
}
