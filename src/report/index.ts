/**
 * clvkit/report — the charts of `clvkit report` as functions: data in, an SVG figure (HTML text) out, no DOM and
 * no clock, so a Node script, a server or a dashboard draws the same tracking chart, P(alive) map or Pareto
 * curve as the report (and the decile chart of a holdout evaluation). Every figure a chart shows comes from the caller (the core computes them); the charts
 * only lay them out, escape every text, and count their marks (`data-marks`). Style them with `REPORT_CSS`.
 * Every chart parses its inputs first (./chartInputs.ts): a wrong one is a `ClvValidationError` naming it.
 *
 * @packageDocumentation
 * @module clvkit/report
 */
export { escapeHtml } from './escape.js';
export { REPORT_CSS } from './styles.js';
export { type AliveMatrix, aliveMatrixChart } from './svg/aliveMatrix.js';
export { type Bar, barChart } from './svg/bars.js';
export { type ColumnSeries, columnChart } from './svg/columns.js';
export { type DecileBar, decileChart } from './svg/deciles.js';
export { heatMap } from './svg/heatmap.js';
export { type Histogram, histogramChart } from './svg/histogram.js';
export { lineChart } from './svg/line.js';
export { niceStep, niceTicks } from './svg/ticks.js';
export { type TrackingSeries, trackingChart } from './svg/tracking.js';
