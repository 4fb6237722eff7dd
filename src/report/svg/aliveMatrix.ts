import type * as z from 'zod/mini';
import { parseInput } from '../../schemas/parse.js';
import { AliveMatrixChartInput } from '../chartInputs.js';
import { heatMap } from './heatmap.js';
import { tickText } from './ticks.js';

/** P(alive) over a grid: rows are repeat purchases, columns recency, all at one customer age T. */
export interface AliveMatrix {
  /** Repeat purchases x of each row, ascending (drawn with the highest at the top). */
  readonly frequencies: readonly number[];
  /** Recency t_x of each column (time from the first to the last purchase), ascending, in `timeUnit`s. */
  readonly recencies: readonly number[];
  /** P(alive) per row and column; null for a cell no customer can be in (not drawn). */
  readonly values: readonly (readonly (number | null)[])[];
  /** The customer age T every cell is computed at. */
  readonly T: number;
  /** The unit of recency and T, e.g. 'week'. */
  readonly timeUnit: string;
}

/**
 * The P(alive) matrix (Fader, Hardie & Lee 2005, Fig. 5; lifetimes' `plot_probability_alive_matrix`): the
 * probability that a customer of age T is still alive, by repeat purchases (rows, most at the top) and recency
 * (columns), as a heat map with a legend and, where cells are few, printed values. The axes say what they count
 * and in which unit; recency labels are the column values as given (give round ones, e.g. steps of `niceStep`).
 * Marks: one per drawn cell.
 *
 * @example aliveMatrixChart('p-alive', 'P(alive) on 1998-06-30', { frequencies: [0, 1], recencies: [0, 10], values: [[1, null], [null, 0.8]], T: 39, timeUnit: 'week' })
 */
export function aliveMatrixChart(id: string, title: string, m: AliveMatrix, note?: string): string {
  return drawAliveMatrix(
    parseInput(AliveMatrixChartInput, { id, title, matrix: m, note }, 'aliveMatrixChart'),
  );
}

function drawAliveMatrix(input: z.output<typeof AliveMatrixChartInput>): string {
  const { id, title, matrix: m, note } = input;
  return heatMap(
    id,
    title,
    m.frequencies.map((f) => tickText(f)).reverse(),
    m.recencies.map((r) => tickText(r)),
    [...m.values].reverse(),
    {
      x: `recency: ${m.timeUnit}s from the first to the last purchase (age T = ${tickText(Number(m.T.toFixed(1)))} ${m.timeUnit}s)`,
      y: 'frequency: repeat purchases',
    },
    note,
  );
}
