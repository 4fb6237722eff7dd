import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The public surface, entry by entry: every runtime name each built entry exports (ESM and CJS), sorted.
 * Adding or removing a public name is a promise made or broken — it must show here as a diff, and be
 * documented (npm run docs fails on an undocumented export). Types are checked by the API reference.
 */
const PUBLIC: Record<'main' | 'node' | 'special' | 'report', readonly string[]> = {
  main: [
    'ACCOUNT_SQL_COLUMNS',
    'CHOICE_METRICS',
    'ClvEngineError',
    'ClvError',
    'ClvFitError',
    'ClvValidationError',
    'DAY_HISTOGRAM_SQL_COLUMNS',
    'DEFAULT_CHOICE_METRIC',
    'DEFAULT_CLV_TO_CAC_THRESHOLDS',
    'DEFAULT_DRAWS',
    'DEFAULT_QUANTILES',
    'DEFAULT_RFM_SEGMENT_TABLE',
    'DEFAULT_SEED',
    'DEFAULT_VALUE_TIER_CUTOFFS',
    'Decimal',
    'FIRST_REJECTION_SQL_COLUMNS',
    'GROUPED_SQL_COLUMNS',
    'GROUP_SCORE_COLUMNS',
    'LazyClvResult',
    'NESTED_MODEL_PAIRS',
    'OUTLIER_DATES_MODES',
    'REJECTED_ROWS_SQL_COLUMNS',
    'REJECT_REASONS',
    'SCORE_SQL_COLUMNS',
    'SQL_DIALECTS',
    'SUMMARY_SQL_COLUMNS',
    'SUMMARY_SQL_HOLDOUT_COLUMNS',
    'TIME_UNITS',
    'aggregateBias',
    'aggregatePredictive',
    'akaikeInformationCriterion',
    'assessClvToCac',
    'averagePurchaseValue',
    'bayesianInformationCriterion',
    'blankFieldReason',
    'bootstrapParameters',
    'cacPaybackPeriods',
    'churnRate',
    'clvToCacRatio',
    'cohortRetention',
    'compareHoldout',
    'compileAmountFormat',
    'compileDateFormat',
    'conditionalProbabilityOfPurchases',
    'createExchangeRateTable',
    'createSummarizer',
    'customerEquity',
    'customerIdTypeSql',
    'customerLifetimeValue',
    'customerLifetimeValues',
    'customerLogLikelihood',
    'customerSatisfactionScore',
    'customerValuePerPeriod',
    'dayOfExcelSerial',
    'decileTable',
    'discountedExpectedResidualLifetime',
    'discountedExpectedResidualPurchases',
    'discretePeriods',
    'drawParameters',
    'evaluateModels',
    'expectedCumulativePurchases',
    'expectedPurchases',
    'expectedPurchasesNewCustomer',
    'expectedRepeatCountDistribution',
    'expectedSpend',
    'fitBetaGeo',
    'fitBetaGeoBetaBinom',
    'fitFromJson',
    'fitFromParams',
    'fitGammaGamma',
    'fitModifiedBetaGeo',
    'fitParetoNbd',
    'fitShiftedBetaGeometric',
    'fitToJson',
    'formatDay',
    'frequencySpendCorrelation',
    'grossRevenueRetention',
    'groupOrderLines',
    'instantDayReader',
    'isDateType',
    'isTextType',
    'lifespanFromChurn',
    'likelihoodRatioTest',
    'meanAbsoluteError',
    'meanSquaredLogError',
    'moneyText',
    'moneyUnits',
    'netPromoterScore',
    'netRevenueRetention',
    'normalizedGini',
    'observedRepeatCountDistribution',
    'outlierDateReason',
    'paretoCurve',
    'paretoShare',
    'parseDay',
    'plausibleDaysOfHistogram',
    'predictCustomerLifetimeValue',
    'predictiveCoverage',
    'predictiveLifetimeValue',
    'predictivePurchases',
    'probabilityAlive',
    'probabilityOfPurchases',
    'purchaseFrequency',
    'readAmountFormat',
    'repeatPurchaseRate',
    'repeatSpenders',
    'retentionCurve',
    'retentionRate',
    'retentionSensitivity',
    'rfmCell',
    'rfmScores',
    'rfmScoresWithThresholds',
    'rfmSegment',
    'rfmSegments',
    'rootMeanSquaredError',
    'roundMoney',
    'scoreGroups',
    'scoreSql',
    'segmentSummary',
    'shiftedBetaGeometricExpectedLifetime',
    'simulateCustomers',
    'simulateGammaGamma',
    'simulateOrderLog',
    'simulateOrders',
    'simulateShiftedBetaGeometric',
    'spearmanCorrelation',
    'sumMoney',
    'summarizeColumns',
    'summarizeTransactions',
    'summaryAccountSql',
    'summarySql',
    'summaryWithDaysSql',
    'survivalCurve',
    'toDecimal',
    'toSummaryColumns',
    'topCustomers',
    'topCustomersByCount',
    'topDecileCapture',
    'valueTiers',
  ],
  node: [
    'TemporaryRunStore',
    'fitThreads',
    'groupedSummaryWithClickHouse',
    'groupedSummaryWithDuckDB',
    'groupedSummaryWithPostgres',
    'predictOnThreads',
    'scoreInWarehouse',
    'summarizeWithClickHouse',
    'summarizeWithDuckDB',
    'summarizeWithPostgres',
    'temporaryRunStore',
  ],
  special: ['digamma', 'lgamma', 'logBeta', 'logDiffExp', 'logHyp2f1', 'logSumExp'],
  report: [
    'REPORT_CSS',
    'aliveMatrixChart',
    'barChart',
    'columnChart',
    'decileChart',
    'escapeHtml',
    'heatMap',
    'histogramChart',
    'lineChart',
    'niceStep',
    'niceTicks',
    'trackingChart',
  ],
};

const dist = join(__dirname, '../../dist');
const FILES = { main: 'index', node: 'node', special: 'special', report: 'report' } as const;
const require = createRequire(import.meta.url);

describe('the export list of each entry point', () => {
  for (const [entry, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    it(`${entry} (dist/${file}.js and .cjs) exports exactly the public names`, async () => {
      const esm = (await import(pathToFileURL(join(dist, `${file}.js`)).href)) as Record<string, unknown>;
      const cjs = require(join(dist, `${file}.cjs`)) as Record<string, unknown>;
      expect(Object.keys(esm).sort()).toEqual([...PUBLIC[entry]]);
      expect(Object.keys(cjs).sort()).toEqual([...PUBLIC[entry]]);
      for (const name of PUBLIC[entry]) expect(esm[name], name).toBeDefined();
    });
  }

  it('gives clvkit/node and clvkit/special every core name they import from clvkit (one copy of the core)', () => {
    for (const file of ['node', 'special']) {
      const esm = readFileSync(join(dist, `${file}.js`), 'utf8');
      const cjs = readFileSync(join(dist, `${file}.cjs`), 'utf8');
      const imported = [...esm.matchAll(/import \{([^}]*)\} from 'clvkit'/g)].flatMap((m) =>
        (m[1] as string).split(',').map((n) => n.trim().split(/\s+as\s+/)[0] as string),
      );
      const required = [...cjs.matchAll(/\bclvkit\.(\w+)/g)].map((m) => m[1] as string);
      expect(imported.length, file).toBeGreaterThan(0);
      for (const name of [...imported, ...required])
        expect(PUBLIC.main, `${file} imports ${name}`).toContain(name);
    }
  });

  it('keeps the internals out of the main entry', async () => {
    const main = (await import(pathToFileURL(join(dist, 'index.js')).href)) as Record<string, unknown>;
    for (const internal of [
      'quoteIdentifier',
      'identifierProblem',
      'lgamma',
      'digamma',
      'logSumExp',
      'MODELS',
    ])
      expect(main, internal).not.toHaveProperty(internal);
    const node = (await import(pathToFileURL(join(dist, 'node.js')).href)) as Record<string, unknown>;
    for (const internal of ['loadOptional', 'engineGrouped', 'engineSummary'])
      expect(node, internal).not.toHaveProperty(internal);
  });
});
