import type { FitCustomers, UngroupedCustomers } from './fitCustomers.js';
import { gatherRows } from './gatherRows.js';
import { type GroupedCustomers, groupCustomers, levels } from './groupCustomers.js';

/** The rows a systematic sample keeps and how many customers each keeps (see `systematicTakes`). */
interface Takes {
  readonly rows: Uint32Array;
  readonly weights: Float64Array;
}

/**
 * Systematic sampling of customers in row order, one in k: customer j (counting each row's weight w_i as that
 * many customers) is kept when j ≡ 0 (mod k), so row i — cumulative weight W_i before it — keeps
 * ⌈(W_i + w_i)/k⌉ − ⌈W_i/k⌉ customers, its share to within one; rows that keep none are left out. Without
 * weights that is every k-th row. Source: systematic sampling (Cochran 1977, Sampling Techniques, 3rd ed., ch. 8).
 */
function systematicTakes(rowCount: number, weights: Float64Array | undefined, k: number): Takes {
  if (weights === undefined) {
    const m = Math.ceil(rowCount / k);
    return { rows: Uint32Array.from({ length: m }, (_, j) => j * k), weights: new Float64Array(m).fill(1) };
  }
  const rows: number[] = [];
  const taken: number[] = [];
  let before = 0;
  for (let i = 0; i < rowCount; i++) {
    const after = before + (weights[i] as number);
    const take = Math.ceil(after / k) - Math.ceil(before / k);
    if (take > 0) {
      rows.push(i);
      taken.push(take);
    }
    before = after;
  }
  return { rows: Uint32Array.from(rows), weights: Float64Array.from(taken) };
}

/**
 * A systematic sample of about one customer in `every` from customers left row by row (`systematicTakes`:
 * without weights rows 0, k, 2k, …). `ungroupedCustomers` puts the customers without repeat purchases first and
 * the others after, so the sample keeps the share of each whatever the input order. Used for a fit's warm start
 * on large data (`ModelDefinition.subsample`): the sample's estimate and curvature start the fit on every
 * customer a few steps from its optimum.
 *
 * @example everyNthCustomer(ungroupedCustomers(customerColumns({ frequency: [0, 0, 2, 3], recency: [0, 0, 3, 4], T: [9, 8, 9, 7] })), 2).frequency // Float64Array [0, 2]
 */
export function everyNthCustomer(customers: UngroupedCustomers, every: number): UngroupedCustomers {
  const k = Math.max(1, Math.floor(every));
  const takes = systematicTakes(customers.frequency.length, customers.weights, k);
  const x = gatherRows(customers.frequency, takes.rows);
  const w = customers.weights === undefined ? undefined : takes.weights;
  return {
    frequency: x,
    recency: gatherRows(customers.recency, takes.rows),
    T: gatherRows(customers.T, takes.rows),
    weights: w,
    ...(customers.timeUnit === undefined ? {} : { timeUnit: customers.timeUnit }),
    grouped: false,
    count: w === undefined ? x.length : w.reduce((a, b) => a + b, 0),
    frequencyLevels: levels(x, w),
  };
}

/**
 * A systematic sample of about one customer in `every` from grouped customers: the customers taken in group
 * order, one in k (`systematicTakes`), so each group keeps its share to within one customer and the groups that
 * keep none are left out.
 *
 * @example everyNthOfGroups(groupCustomers(customerColumns({ frequency: [1, 1, 1, 0], recency: [5, 5, 5, 0], T: [9, 9, 9, 9] })), 2).weights // Float64Array [2]
 */
export function everyNthOfGroups(groups: GroupedCustomers, every: number): GroupedCustomers {
  const k = Math.max(1, Math.floor(every));
  const takes = systematicTakes(groups.weights.length, groups.weights, k);
  return groupCustomers({
    frequency: gatherRows(groups.frequency, takes.rows),
    recency: gatherRows(groups.recency, takes.rows),
    T: gatherRows(groups.T, takes.rows),
    weights: takes.weights,
    ...(groups.timeUnit === undefined ? {} : { timeUnit: groups.timeUnit }),
  });
}

/**
 * A systematic sample of about one customer in `every`, grouped or row by row as the input is
 * (`everyNthOfGroups`, `everyNthCustomer`): what the BG family's `subsample` gives `fitModel`.
 *
 * @example sampleFitCustomers(fitCustomers(customerColumns(cdnow)), 10).count // 236 of CDNOW's 2,357
 */
export function sampleFitCustomers(customers: FitCustomers, every: number): FitCustomers {
  return customers.grouped ? everyNthOfGroups(customers, every) : everyNthCustomer(customers, every);
}
