import { compileRowsMapper } from '../schemas/record.js';
import { type ClvInput, type ClvParsedInput, checkLifetimeFields, clvInputShape } from './clvInput.js';
import { LazyClvResult } from './lazyClvResult.js';
import { PeriodWeights } from './periodWeights.js';

const mapRows = compileRowsMapper<ClvParsedInput, LazyClvResult>(
  clvInputShape,
  checkLifetimeFields,
  'customerLifetimeValues',
);

/** The leaf key under which a path of rates keeps its weights. */
const WEIGHTS = Symbol('weights');

/**
 * Period weights keyed by the identity of the converted rate objects: within one bulk call a repeated raw
 * rate converts to the same object, so rows sharing rates find each other without printing any Decimal.
 * The path holds only the fields a row gives (each field's converter makes its own objects, so paths of
 * different fields cannot collide), keeping one map per distinct rate rather than one per field.
 */
class WeightsCache {
  private readonly root = new Map<unknown, unknown>();

  get(row: ClvParsedInput): PeriodWeights {
    let node = this.root;
    node = this.step(node, row.lifespan);
    node = this.step(node, row.churnRate);
    node = this.step(node, row.retentionRate);
    node = this.step(node, row.discountRate);
    node = this.step(node, row.horizon);
    node = this.step(node, row.timing);
    let weights = node.get(WEIGHTS) as PeriodWeights | undefined;
    if (weights === undefined) {
      weights = new PeriodWeights(row);
      node.set(WEIGHTS, weights);
    }
    return weights;
  }

  private step(node: Map<unknown, unknown>, key: unknown): Map<unknown, unknown> {
    if (key === undefined) return node;
    let next = node.get(key) as Map<unknown, unknown> | undefined;
    if (next === undefined) {
      next = new Map();
      node.set(key, next);
    }
    return next;
  }
}

/**
 * `customerLifetimeValue` over many rows. Rows are validated in one pass with the same rules and messages as
 * `ClvInputSchema` (paths `rows[i].field`); if any row is invalid, one `ClvValidationError` lists every issue
 * and nothing is returned. Rows sharing retention, discount rate, horizon and timing share their period
 * weights (all the divisions), so the per-row cost is a few exact multiplications — paid when a figure is
 * first read: the results are `LazyClvResult`s (read `r.clv`, or `r.toJSON()` for a plain object; object
 * spread copies no figures).
 *
 * @example customerLifetimeValues([{ averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 }])[0].clv.toString() === '800'
 */
export function customerLifetimeValues(rows: readonly ClvInput[]): LazyClvResult[] {
  const cache = new WeightsCache();
  return mapRows(rows, (row) => new LazyClvResult(row, cache.get(row)));
}
