import type { CustomerColumns } from './customers.js';
import { type GroupedCustomers, groupCustomers, type Levels, levels } from './groupCustomers.js';

/**
 * Customers left one row each (those without repeat purchases first, then the others, each part in input
 * order), for data whose (x, t_x, T) rarely repeat — ages from timestamps, where no two customers share T.
 * Likelihoods then walk the columns sequentially (no gathers through level codes); only the frequency, which
 * always repeats, keeps its levels.
 */
export interface UngroupedCustomers extends CustomerColumns {
  readonly grouped: false;
  /** Total weight (number of customers). */
  readonly count: number;
  readonly frequencyLevels: Levels;
}

/** What the continuous-time likelihoods read: grouped customers, or the rows themselves when grouping would not pay. */
export type FitCustomers = GroupedCustomers | UngroupedCustomers;

/** Below this many customers grouping is always done (it costs less than one likelihood evaluation). */
const ALWAYS_GROUP_BELOW = 65_536;
/** Customers drawn to estimate how many distinct (x, t_x, T) there are. */
const SAMPLE = 16_384;

/**
 * Prepares customers for a likelihood: grouped (`groupCustomers`) when identical (x, t_x, T) are common enough
 * that a fit over the distinct triples pays for the grouping, else the rows as they are (`UngroupedCustomers`).
 *
 * The choice is made on a sample, in a few milliseconds: s = 16,384 customers drawn at fixed pseudo-random
 * positions (the same on every run) are hashed, and the number d of draws that repeat an earlier draw's triple
 * estimates the number of distinct triples by the birthday approximation G ≈ s² / (2d) (uniform classes; a
 * skewed distribution only gives more repeats, i.e. more grouping). Grouping is chosen when G < n/2 — at
 * least two customers per triple on average, so each likelihood evaluation costs at most half — and always
 * below 65,536 customers. Either way the likelihood is the same sum; only its order differs.
 *
 * @example fitCustomers(customerColumns({ frequency: [1, 1], recency: [5, 5], T: [9, 9] })).grouped // true
 */
export function fitCustomers(customers: CustomerColumns): FitCustomers {
  if (groupingPays(customers)) return groupCustomers(customers);
  return ungroupedCustomers(customers);
}

/**
 * Whether grouping identical (x, t_x, T) pays for itself on these customers (see `fitCustomers`).
 *
 * @example groupingPays(customerColumns({ frequency: [0], recency: [0], T: [1] })) // true (small data)
 */
export function groupingPays(customers: CustomerColumns): boolean {
  const { frequency, recency, T } = customers;
  const n = frequency.length;
  if (n < ALWAYS_GROUP_BELOW) return true;
  const capacity = SAMPLE * 4;
  const mask = capacity - 1;
  const table = new Int32Array(capacity).fill(-1);
  const bits = new Float64Array(3);
  const words = new Uint32Array(bits.buffer);
  let repeats = 0;
  // A fixed 32-bit linear congruential walk over the positions (Numerical Recipes' constants).
  let state = 0x9e3779b9;
  for (let k = 0; k < SAMPLE; k++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const i = Math.floor((state / 4294967296) * n);
    bits[0] = (frequency[i] as number) + 0;
    bits[1] = (recency[i] as number) + 0;
    bits[2] = (T[i] as number) + 0;
    let h = 0x811c9dc5;
    for (let j = 0; j < 6; j++) h = Math.imul(h ^ (words[j] as number), 0x01000193);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const at = table[slot] as number;
      if (at < 0) {
        table[slot] = i;
        break;
      }
      if (frequency[at] === frequency[i] && recency[at] === recency[i] && T[at] === T[i]) {
        repeats++;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  // G ≈ s²/(2d) < n/2  ⇔  d > s²/n.
  return repeats > (SAMPLE * SAMPLE) / n;
}

/**
 * Customers as they are, for the likelihoods' row-by-row path: copies of the columns with the customers without
 * repeat purchases (x = 0) first and the others after, each part in input order (a stable partition, so the
 * likelihood's loop takes the same branch for long runs), with the total weight and the frequency's levels.
 *
 * @example ungroupedCustomers(customerColumns({ frequency: [2, 0], recency: [3, 0], T: [9, 9] })).frequency // Float64Array [0, 2]
 */
export function ungroupedCustomers(customers: CustomerColumns): UngroupedCustomers {
  const { frequency, recency, T, weights } = customers;
  const n = frequency.length;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (frequency[i] === 0) zeros++;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const age = new Float64Array(n);
  const w = weights === undefined ? undefined : new Float64Array(n);
  let first = 0;
  let rest = zeros;
  let count = weights === undefined ? n : 0;
  for (let i = 0; i < n; i++) {
    const at = frequency[i] === 0 ? first++ : rest++;
    x[at] = frequency[i] as number;
    tx[at] = recency[i] as number;
    age[at] = T[i] as number;
    if (w !== undefined) {
      const wi = (weights as Float64Array)[i] as number;
      w[at] = wi;
      count += wi;
    }
  }
  return {
    frequency: x,
    recency: tx,
    T: age,
    weights: w,
    ...(customers.timeUnit === undefined ? {} : { timeUnit: customers.timeUnit }),
    grouped: false,
    count,
    frequencyLevels: levels(x, w),
  };
}
