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

/** The charts of a page: id → marks drawn, as the page declares them. */
export const charts = (html: string): Record<string, number> =>
  Object.fromEntries(
    [...html.matchAll(/<figure data-chart="([^"]+)" data-marks="(\d+)">/g)].map((m) => [m[1], Number(m[2])]),
  );
