import type { CustomerColumns } from './customers.js';

/**
 * Customers collapsed into distinct (x, t_x, T) triples with weights, plus "levels": the distinct values of
 * each column and each group's index into them. Likelihoods then compute per-level terms (ln Γ of x, ln(α + T) …)
 * once per level and per-group terms once per triple, so a fit's cost grows with the number of distinct
 * triples, not customers. `groupOf[i]` is customer i's group, to scatter per-group predictions back.
 */
export interface GroupedCustomers extends CustomerColumns {
  readonly grouped: true;
  /** Σ of the input weights per group. */
  readonly weights: Float64Array;
  /** Group index of each input customer. */
  readonly groupOf: Uint32Array;
  /** Total weight (number of customers). */
  readonly count: number;
  readonly frequencyLevels: Levels;
  readonly recencyLevels: Levels;
  readonly ageLevels: Levels;
}

/** Distinct values of a column (ascending), each group's code into them, and the weight of each level. */
export interface Levels {
  readonly values: Float64Array;
  readonly code: Uint32Array;
  readonly weights: Float64Array;
}

/**
 * Collapses identical (frequency, recency, T) customers into one weighted row each (an open-addressing hash
 * over the float64 bit patterns, linear in the number of customers; the table grows with the groups, so data
 * that groups well is hashed in cache). Groups are numbered in order of first appearance.
 *
 * @example groupCustomers(customerColumns({ frequency: [1, 1, 0], recency: [5, 5, 0], T: [9, 9, 9] })).weights // Float64Array [2, 1]
 */
export function groupCustomers(customers: CustomerColumns): GroupedCustomers {
  const { frequency, recency, T, weights } = customers;
  const n = frequency.length;
  // The table grows with the groups (kept at most half full), not with the customers: data that groups well
  // probes a table that stays in cache. A slot holds its group and that group's hash side by side (−1: empty),
  // and a group's (x, t_x, T) sit side by side in `values`: a customer found in the table costs two cache
  // misses in random order, not four (slot, then x, t_x and T in three columns). The hash is kept for the rehash.
  let capacity = 1024;
  let mask = capacity - 1;
  let table = new Int32Array(2 * capacity).fill(-1);
  const groupOf = new Uint32Array(n);
  // Per group, growing with the groups (doubling), not sized for n customers: 10 million customers in 1.2
  // million groups need 58 MB here, not 400 MB.
  let room = Math.min(n, 1024);
  let values = new Float64Array(3 * room);
  let hashOf = new Int32Array(room);
  let gw = new Float64Array(room);
  const bits = new Float64Array(3);
  const words = new Uint32Array(bits.buffer);
  let groups = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    // Normalise −0 to 0 so equal values hash equally.
    const x = (frequency[i] as number) + 0;
    const tx = (recency[i] as number) + 0;
    const t = (T[i] as number) + 0;
    const w = weights === undefined ? 1 : (weights[i] as number);
    count += w;
    bits[0] = x;
    bits[1] = tx;
    bits[2] = t;
    let h = 0x811c9dc5;
    for (let k = 0; k < 6; k++) h = Math.imul(h ^ (words[k] as number), 0x01000193);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const g = table[2 * slot] as number;
      if (g < 0) {
        if (groups === room) {
          room = Math.min(n, 2 * room);
          values = grown(values, 3 * room);
          hashOf = grown(hashOf, room);
          gw = grown(gw, room);
        }
        table[2 * slot] = groups;
        table[2 * slot + 1] = h;
        hashOf[groups] = h;
        values[3 * groups] = x;
        values[3 * groups + 1] = tx;
        values[3 * groups + 2] = t;
        gw[groups] = w;
        groupOf[i] = groups;
        groups++;
        if (groups * 2 > capacity) {
          capacity *= 4;
          mask = capacity - 1;
          table = new Int32Array(2 * capacity).fill(-1);
          for (let j = 0; j < groups; j++) {
            const hj = hashOf[j] as number;
            let at = hj & mask;
            while ((table[2 * at] as number) >= 0) at = (at + 1) & mask;
            table[2 * at] = j;
            table[2 * at + 1] = hj;
          }
        }
        break;
      }
      if (
        table[2 * slot + 1] === h &&
        values[3 * g] === x &&
        values[3 * g + 1] === tx &&
        values[3 * g + 2] === t
      ) {
        gw[g] = (gw[g] as number) + w;
        groupOf[i] = g;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const frequencyOut = new Float64Array(groups);
  const recencyOut = new Float64Array(groups);
  const ageOut = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    frequencyOut[g] = values[3 * g] as number;
    recencyOut[g] = values[3 * g + 1] as number;
    ageOut[g] = values[3 * g + 2] as number;
  }
  const weightOut = gw.slice(0, groups);
  return {
    grouped: true,
    frequency: frequencyOut,
    recency: recencyOut,
    T: ageOut,
    weights: weightOut,
    groupOf,
    count,
    frequencyLevels: levels(frequencyOut, weightOut),
    recencyLevels: levels(recencyOut, weightOut),
    ageLevels: levels(ageOut, weightOut),
  };
}

/** A copy of `a` with room for `size` elements. */
function grown<A extends Float64Array | Int32Array>(a: A, size: number): A {
  const b = new (a.constructor as new (size: number) => A)(size);
  b.set(a);
  return b;
}

/** Whole values below this are levelled by counting (no sort): frequencies, whole-day ages. */
const DENSE_LIMIT = 1 << 20;

/**
 * The distinct values of a column, ascending, with each row's code and each level's total weight (each row
 * weighing 1 when `weights` is not given). Columns of whole numbers in [0, min(2²⁰, 4n)) — frequencies — are
 * levelled by counting in two linear passes; any other column by a native typed-array sort and one pass to drop
 * repeats, then each row's code by binary search — no hash map and no comparator callbacks, so a million
 * distinct values (continuous-time ages) cost a sort, not a detour.
 *
 * @example levels(Float64Array.of(3, 1, 3), Float64Array.of(1, 1, 2)).values // Float64Array [1, 3]
 */
export function levels(column: Float64Array, weights?: Float64Array): Levels {
  return denseLevels(column, weights) ?? sortedLevels(column, weights);
}

/** Levels of a column of whole numbers in [0, 2²⁰) by counting; undefined for any other column. */
function denseLevels(column: Float64Array, weights: Float64Array | undefined): Levels | undefined {
  // The counting tables (13 bytes per possible value) stay within a few times the column's own size.
  const limit = Math.min(DENSE_LIMIT, Math.max(1024, 4 * column.length));
  let max = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i] as number;
    // Also false for NaN; −0 passes as 0.
    if (!(v >= 0 && v < limit && v === Math.floor(v))) return undefined;
    if (v > max) max = v;
  }
  const byValue = new Float64Array(max + 1);
  const seen = new Uint8Array(max + 1);
  for (let i = 0; i < column.length; i++) {
    const v = column[i] as number;
    seen[v] = 1;
    byValue[v] = (byValue[v] as number) + (weights === undefined ? 1 : (weights[i] as number));
  }
  const codeOf = new Uint32Array(max + 1);
  let m = 0;
  for (let v = 0; v <= max; v++) if (seen[v] === 1) codeOf[v] = m++;
  const values = new Float64Array(m);
  const levelWeights = new Float64Array(m);
  for (let v = 0; v <= max; v++) {
    if (seen[v] !== 1) continue;
    const k = codeOf[v] as number;
    values[k] = v;
    levelWeights[k] = byValue[v] as number;
  }
  const code = new Uint32Array(column.length);
  for (let i = 0; i < column.length; i++) code[i] = codeOf[column[i] as number] as number;
  return { values, code, weights: levelWeights };
}

function sortedLevels(column: Float64Array, weights: Float64Array | undefined): Levels {
  const sorted = Float64Array.from(column).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    // −0 and 0 are one level (=== holds), as in the grouping.
    if (m === 0 || v !== sorted[m - 1]) sorted[m++] = v === 0 ? 0 : v;
  }
  const values = sorted.slice(0, m);
  const code = new Uint32Array(column.length);
  const levelWeights = new Float64Array(m);
  for (let i = 0; i < column.length; i++) {
    const v = column[i] as number;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((values[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    code[i] = lo;
    levelWeights[lo] = (levelWeights[lo] as number) + (weights === undefined ? 1 : (weights[i] as number));
  }
  return { values, code, weights: levelWeights };
}
