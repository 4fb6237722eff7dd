import { compileRowsValidator } from '../schemas/record.js';
import { type ClvInput, type ClvParsedInput, checkLifetimeFields, clvInputShape } from './clvInput.js';
import { type ClvResult, computeClv, type PeriodWeights, periodWeights } from './customerLifetimeValue.js';

const validateRows = compileRowsValidator<ClvParsedInput>(
  clvInputShape,
  checkLifetimeFields,
  'customerLifetimeValues',
);

/**
 * `customerLifetimeValue` over many rows. All rows are validated in one pass with the same rules and
 * messages as `ClvInputSchema` (paths `rows[i].field`); every bad row is reported before anything is computed.
 * Rows that share retention, discount rate, horizon and timing share the period weights, so the per-row cost
 * is a few exact multiplications.
 *
 * @example customerLifetimeValues([{ averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 }])[0].clv.toString() === '800'
 */
export function customerLifetimeValues(rows: readonly ClvInput[]): ClvResult[] {
  const parsed = validateRows(rows);
  // Rows sharing retention, discount, horizon and timing share their period weights (all the divisions).
  const weightsByRates = new Map<string, PeriodWeights>();
  const out = new Array<ClvResult>(parsed.length);
  for (let i = 0; i < parsed.length; i++) {
    const row = parsed[i] as ClvParsedInput;
    const key = `${row.lifespan}|${row.churnRate}|${row.retentionRate}|${row.discountRate}|${row.horizon}|${row.timing}`;
    let weights = weightsByRates.get(key);
    if (weights === undefined) {
      weights = periodWeights(row);
      weightsByRates.set(key, weights);
    }
    out[i] = computeClv(row, weights);
  }
  return out;
}
