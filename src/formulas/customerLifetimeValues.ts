import { compileRowsMapper } from '../schemas/record.js';
import { type ClvInput, type ClvParsedInput, checkLifetimeFields, clvInputShape } from './clvInput.js';
import { type ClvResult, computeClv, type PeriodWeights, periodWeights } from './customerLifetimeValue.js';

const mapRows = compileRowsMapper<ClvParsedInput, ClvResult>(
  clvInputShape,
  checkLifetimeFields,
  'customerLifetimeValues',
);

/**
 * Period weights keyed by the identity of the converted rate objects: within one bulk call a repeated raw
 * rate converts to the same object, so rows sharing rates find each other without printing any Decimal.
 */
class WeightsCache {
  private readonly root = new Map<unknown, unknown>();

  get(row: ClvParsedInput): PeriodWeights {
    const path: unknown[] = [
      row.lifespan,
      row.churnRate,
      row.retentionRate,
      row.discountRate,
      row.horizon,
      row.timing,
    ];
    let node = this.root;
    for (let k = 0; k < path.length - 1; k++) {
      let next = node.get(path[k]) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(path[k], next);
      }
      node = next;
    }
    const last = path[path.length - 1];
    let weights = node.get(last) as PeriodWeights | undefined;
    if (weights === undefined) {
      weights = periodWeights(row);
      node.set(last, weights);
    }
    return weights;
  }
}

/**
 * `customerLifetimeValue` over many rows. Rows are validated in one pass with the same rules and messages as
 * `ClvInputSchema` (paths `rows[i].field`); if any row is invalid, one `ClvValidationError` lists every issue
 * and nothing is returned. Rows sharing retention, discount rate, horizon and timing share their period
 * weights (all the divisions), so the per-row cost is a few exact multiplications.
 *
 * @example customerLifetimeValues([{ averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 }])[0].clv.toString() === '800'
 */
export function customerLifetimeValues(rows: readonly ClvInput[]): ClvResult[] {
  const cache = new WeightsCache();
  return mapRows(rows, (row) => computeClv(row, cache.get(row)));
}
