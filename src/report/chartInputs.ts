/**
 * The inputs of the report's charts, as schemas: every chart of `clvkit/report` parses its arguments here first,
 * (with `parseInput`, the arguments as an object named by parameter), so a wrong input is a `ClvValidationError` naming the argument (`bars[3].value`), never a TypeError from
 * inside the drawing or `NaN` in the SVG's coordinates.
 *
 * Rules shared by every chart: texts are strings; figures are finite numbers of magnitude below 1e15 (the
 * library's input bound); a list holds at most `MAX_CHART_ITEMS` entries (a chart of more could not be read, and
 * its scale's `Math.max(...values)` would overflow the call stack); parallel lists have the same length.
 */
import * as z from 'zod/mini';
import { numberSchema } from '../schemas/field.js';
import { type CrossFieldProblem, withCrossCheck } from '../schemas/record.js';

/** The most entries a chart's list may hold (bars, columns, points, grid times, heat-map rows or columns). */
export const MAX_CHART_ITEMS = 10_000;

const Text = z.string();
const Figure = numberSchema({});
const OptionalNote = z.optional(z.string());
const list = <T extends z.core.$ZodType>(item: T) => z.array(item).check(z.maxLength(MAX_CHART_ITEMS));
const Axis = z.object({ x: Text, y: Text });
/** A value that may be unknown (null: not drawn). */
const MaybeFigure = z.union([Figure, z.null()]);

/** `problems` for a list whose length differs from `expected`. */
function sameLength(
  field: string,
  items: readonly unknown[],
  expected: number,
  of: string,
): CrossFieldProblem[] {
  return items.length === expected
    ? []
    : [{ field, expected: `a list of ${expected} (one per ${of})`, value: items }];
}

export const BarChartInput = z.object({
  id: Text,
  title: Text,
  bars: list(z.object({ label: Text, value: Figure, text: Text })),
  note: OptionalNote,
});

export const ColumnChartInput = withCrossCheck(
  z.object({
    id: Text,
    title: Text,
    labels: list(Text),
    series: list(z.object({ name: Text, values: list(Figure) })),
    axis: Axis,
    note: OptionalNote,
  }),
  (v) => v.series.flatMap((s, k) => sameLength(`series[${k}].values`, s.values, v.labels.length, 'label')),
);

export const DecileChartInput = z.object({
  id: Text,
  title: Text,
  deciles: list(z.object({ decile: Figure, meanPredicted: Figure, meanActual: Figure })),
  valueAxis: Text,
  note: OptionalNote,
});

export const HeatMapInput = withCrossCheck(
  z.object({
    id: Text,
    title: Text,
    rowLabels: list(Text),
    colLabels: list(Text),
    values: list(list(MaybeFigure)),
    axis: Axis,
    note: OptionalNote,
    scale: z.object({ max: z.optional(numberSchema({ min: 0, minExclusive: true })) }),
  }),
  (v) => [
    ...sameLength('values', v.values, v.rowLabels.length, 'row label'),
    ...v.values.flatMap((row, i) => sameLength(`values[${i}]`, row, v.colLabels.length, 'column label')),
  ],
);

export const HistogramChartInput = withCrossCheck(
  z.object({
    id: Text,
    title: Text,
    histogram: z.object({ edges: list(Figure), counts: list(numberSchema({ min: 0 })) }),
    axis: Axis,
    note: OptionalNote,
  }),
  (v) => sameLength('histogram.edges', v.histogram.edges, v.histogram.counts.length + 1, 'bin, and one more'),
);

export const LineChartInput = z.object({
  id: Text,
  title: Text,
  points: list(z.object({ x: Figure, y: Figure })),
  axis: Axis,
  note: OptionalNote,
});

export const TrackingChartInput = withCrossCheck(
  z.object({
    id: Text,
    title: Text,
    x: list(Figure),
    dates: list(Text),
    series: list(z.object({ name: Text, values: list(MaybeFigure) })),
    splitAt: Figure,
    axis: Axis,
    note: OptionalNote,
  }),
  (v) => [
    ...sameLength('dates', v.dates, v.x.length, 'grid time'),
    ...v.series.flatMap((s, k) => sameLength(`series[${k}].values`, s.values, v.x.length, 'grid time')),
  ],
);

export const AliveMatrixChartInput = withCrossCheck(
  z.object({
    id: Text,
    title: Text,
    matrix: z.object({
      frequencies: list(Figure),
      recencies: list(Figure),
      values: list(list(MaybeFigure)),
      T: Figure,
      timeUnit: Text,
    }),
    note: OptionalNote,
  }),
  (v) => [
    ...sameLength('matrix.values', v.matrix.values, v.matrix.frequencies.length, 'frequency'),
    ...v.matrix.values.flatMap((row, i) =>
      sameLength(`matrix.values[${i}]`, row, v.matrix.recencies.length, 'recency'),
    ),
  ],
);
