import type { CustomerColumns } from './customers.js';

/**
 * Customers collapsed into distinct (x, t_x, T) triples with weights, plus "levels": the distinct values of
 * each column and each group's index into them. Likelihoods then compute per-level terms (ln Γ of x, ln(α + T) …)
 * once per level and per-group terms once per triple, so a fit's cost grows with the number of distinct
 * triples, not customers. `groupOf[i]` is customer i's group, to scatter per-group predictions back.
 */
export interface GroupedCustomers extends CustomerColumns {
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
 * over the float64 bit patterns, linear in the number of customers).
 *
 * @example groupCustomers(customerColumns({ frequency: [1, 1, 0], recency: [5, 5, 0], T: [9, 9, 9] })).weights // Float64Array [2, 1]
 */
export function groupCustomers(customers: CustomerColumns): GroupedCustomers {
  const { frequency, recency, T, weights } = customers;
  const n = frequency.length;
  let capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  const mask = capacity - 1;
  const table = new Int32Array(capacity).fill(-1);
  const groupOf = new Uint32Array(n);
  const gx = new Float64Array(n);
  const gt = new Float64Array(n);
  const gT = new Float64Array(n);
  const gw = new Float64Array(n);
  const bits = new Float64Array(3);
  const words = new Uint32Array(bits.buffer);
  let groups = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = frequency[i] as number;
    const tx = recency[i] as number;
    const t = T[i] as number;
    const w = weights === undefined ? 1 : (weights[i] as number);
    count += w;
    // Normalise −0 to 0 so equal values hash equally.
    bits[0] = x + 0;
    bits[1] = tx + 0;
    bits[2] = t + 0;
    let h = 0x811c9dc5;
    for (let k = 0; k < 6; k++) h = Math.imul(h ^ (words[k] as number), 0x01000193);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const g = table[slot] as number;
      if (g < 0) {
        table[slot] = groups;
        gx[groups] = x;
        gt[groups] = tx;
        gT[groups] = t;
        gw[groups] = w;
        groupOf[i] = groups;
        groups++;
        break;
      }
      if (gx[g] === x && gt[g] === tx && gT[g] === t) {
        gw[g] = (gw[g] as number) + w;
        groupOf[i] = g;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const frequencyOut = gx.slice(0, groups);
  const recencyOut = gt.slice(0, groups);
  const ageOut = gT.slice(0, groups);
  const weightOut = gw.slice(0, groups);
  return {
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

/** The distinct values of a column, ascending, with each row's code and each level's total weight. */
export function levels(column: Float64Array, weights: Float64Array): Levels {
  const index = new Map<number, number>();
  const distinct: number[] = [];
  const code = new Uint32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i] as number;
    let c = index.get(v);
    if (c === undefined) {
      c = distinct.length;
      index.set(v, c);
      distinct.push(v);
    }
    code[i] = c;
  }
  // Renumber in ascending order of value.
  const order = distinct.map((_, i) => i).sort((a, b) => (distinct[a] as number) - (distinct[b] as number));
  const rank = new Uint32Array(distinct.length);
  for (let r = 0; r < order.length; r++) rank[order[r] as number] = r;
  const values = new Float64Array(distinct.length);
  for (let c = 0; c < distinct.length; c++) values[rank[c] as number] = distinct[c] as number;
  const levelWeights = new Float64Array(distinct.length);
  for (let i = 0; i < code.length; i++) {
    const r = rank[code[i] as number] as number;
    code[i] = r;
    levelWeights[r] = (levelWeights[r] as number) + (weights[i] as number);
  }
  return { values, code, weights: levelWeights };
}
