import type * as z from 'zod/mini';
import { parseInput } from '../../schemas/parse.js';
import { HistogramChartInput } from '../chartInputs.js';
import { columnChart } from './columns.js';

/** Counts in consecutive bins [edges[i], edges[i+1]), the last bin closed and holding everything above it. */
export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/**
 * A histogram: one column per bin, labelled by its lower edge. Marks: one per bin.
 *
 * @example histogramChart('clv-distribution', 'CLV', { edges: [0, 10, 20], counts: [7, 3] }, { x: 'CLV', y: 'customers' })
 */
export function histogramChart(
  id: string,
  title: string,
  histogram: Histogram,
  axis: { readonly x: string; readonly y: string },
  note?: string,
): string {
  return drawHistogram(
    parseInput(HistogramChartInput, { id, title, histogram, axis, note }, 'histogramChart'),
  );
}

function drawHistogram(input: z.output<typeof HistogramChartInput>): string {
  const { id, title, histogram, axis, note } = input;
  const labels = histogram.counts.map((_, i) => String(Math.round(histogram.edges[i] ?? 0)));
  return columnChart(id, title, labels, [{ name: 'customers', values: histogram.counts }], axis, note);
}
