/**
 * The draws of every purchase history from the model's path sampler (`futurePurchasePathSampler`), for the
 * per-customer engine, for models without scaled paths (`scaledHistoryDraws.ts` serves the others).
 */
import type { GroupedCustomers } from '../models/data/groupCustomers.js';
import type { FuturePurchasePathSampler } from '../models/model.js';
import type { Random } from '../models/simulate/random.js';
import type { HistoryDraws, HistorySummaries, SharedSpendDraws } from './historyDraws.js';
import type { ValueSimulation } from './simulateValue.js';
import { forEachPathSamplerBlock } from './simulationParts.js';

/**
 * Fills `h` with each history's D draws from the model's path sampler (`futurePurchasePathSampler`; models
 * without scaled paths) and calls `summaries.summarize(g)` for history g: draw d under parameter row d, purchases per step valued
 * with draw d's standard purchase values in step order, R = Σ_k S_k / G_d, W = Σ_k f_k S_k / G_d.
 *
 * @example samplerHistoryDraws(s, grouped, spend, random, h, summarizer)
 */
export function samplerHistoryDraws(
  s: ValueSimulation,
  grouped: GroupedCustomers,
  spend: SharedSpendDraws,
  random: Random,
  h: HistoryDraws,
  summaries: HistorySummaries,
): void {
  const { horizon: H, factors } = s;
  const D = s.draws;
  const counts = new Float64Array(H);
  forEachPathSamplerBlock(s, grouped, (b0, b1, samplers, stride) => {
    for (let g = b0; g < b1; g++) {
      const local = g - b0;
      const rateDraws = spend.rateDraws(grouped.frequency[g] as number);
      h.reset();
      for (let d = 0; d < D; d++) {
        const total = (samplers[d * stride] as FuturePurchasePathSampler)(local, random, counts);
        if (total === 0) {
          h.none();
          continue;
        }
        // The history's purchases take the draw's standard values in step order: S_k = Z[c + N_k] − Z[c].
        spend.cover(d, total);
        const Z = spend.cumulative;
        let taken = d * spend.stride;
        let r = 0;
        let w = 0;
        for (let k = 0; k < H; k++) {
          const v = counts[k] as number;
          if (v === 0) continue;
          counts[k] = 0;
          const value = (Z[taken + v] as number) - (Z[taken] as number);
          taken += v;
          r += value;
          w += value * (factors[k] as number);
        }
        const rate = rateDraws[d] as number;
        h.add(d, total, r / rate, w / rate);
      }
      summaries.summarize(g);
    }
  });
}
