import type * as z from 'zod/mini';
import { parseInput } from '../../schemas/parse.js';
import { DecileChartInput } from '../chartInputs.js';
import { columnChart } from './columns.js';

/** One decile of customers ranked by prediction (decile 1: the 10 % predicted highest), as `decileTable` gives. */
export interface DecileBar {
  readonly decile: number;
  readonly meanPredicted: number;
  readonly meanActual: number;
}

/**
 * The decile chart of a prediction: customers sorted by predicted value and cut into ten equal groups, and per
 * group the mean predicted beside the mean actual value (Wang, Liu & Miao 2019, "A deep probabilistic model for
 * customer lifetime value prediction", arXiv:1912.07753; the lift chart of direct marketing). A good model's
 * columns fall from decile 1 to 10 and each pair is level; a pair far apart is where the model is off. Draws
 * what it is given (the core's `decileTable`, or `evaluateModels`' `purchases.deciles`). Marks: one per column.
 *
 * @example decileChart('deciles', 'Holdout purchases by predicted decile', evaluation.models[0].purchases.deciles, 'holdout purchases per customer')
 */
export function decileChart(
  id: string,
  title: string,
  deciles: readonly DecileBar[],
  valueAxis: string,
  note?: string,
): string {
  return drawDeciles(parseInput(DecileChartInput, { id, title, deciles, valueAxis, note }, 'decileChart'));
}

function drawDeciles(input: z.output<typeof DecileChartInput>): string {
  const { id, title, deciles, valueAxis, note } = input;
  return columnChart(
    id,
    title,
    deciles.map((d) => String(d.decile)),
    [
      { name: 'predicted (mean)', values: deciles.map((d) => d.meanPredicted) },
      { name: 'actual (mean)', values: deciles.map((d) => d.meanActual) },
    ],
    { x: 'decile of predicted value (1 = the 10% predicted highest)', y: valueAxis },
    note,
  );
}
