/** Every chart of a full report page (with a calibration split and cohorts), in page order. */
export const ALL_CHARTS = [
  'segments',
  'pareto',
  'clv-distribution',
  'p-alive',
  'model-fit',
  'holdout',
  'clv-by-segment',
  'cohorts',
];

/**
 * The charts of a page made from a split log with its evaluation: part 1 (tracking, calibration, holdout, deciles), then
 * part 2 (where the business stands now, from all the data).
 */
export const SPLIT_CHARTS = [
  'tracking',
  'model-fit',
  'holdout',
  'deciles',
  'segments',
  'pareto',
  'clv-distribution',
  'p-alive',
  'clv-by-segment',
  'cohorts',
];

/** The charts of a page: id → marks drawn, as the page declares them. */
export const charts = (html: string): Record<string, number> =>
  Object.fromEntries(
    [...html.matchAll(/<figure data-chart="([^"]+)" data-marks="(\d+)">/g)].map((m) => [m[1], Number(m[2])]),
  );
