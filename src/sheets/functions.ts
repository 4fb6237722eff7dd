/**
 * The spreadsheet functions: ONE list, from which the Google Apps Script file, the Excel custom-functions
 * file and its metadata, and docs/spreadsheets.md are all generated (scripts/build-sheets.ts), with each
 * function's documentation from ./functionDocs.ts. Each entry converts cells, calls the core and shapes the
 * answer; no formula lives here.
 */
import { cacPaybackPeriods } from '../formulas/cacPayback.js';
import { assessClvToCac, clvToCacRatio } from '../formulas/clvToCac.js';
import { customerLifetimeValue } from '../formulas/customerLifetimeValue.js';
import { churnRate } from '../metrics/churnRate.js';
import { customerSatisfactionScore } from '../metrics/customerSatisfactionScore.js';
import { netPromoterScore } from '../metrics/netPromoterScore.js';
import { netRevenueRetention } from '../metrics/netRevenueRetention.js';
import { retentionRate } from '../metrics/retentionRate.js';
import { betaGeoModel, fitBetaGeo } from '../models/betaGeo.js';
import { fitGammaGamma } from '../models/gammaGamma.js';
import type { LifetimeValueInput } from '../models/lifetimeValue.js';
import { predictCustomerLifetimeValueWith } from '../models/lifetimeValue.js';
import { expectedPurchasesWith, probabilityAliveWith } from '../models/predictionVerbs.js';
import { repeatSpenders } from '../models/repeatSpenders.js';
import { type Decimal, roundMoney } from '../money.js';
import { rfmScores } from '../segments/rfmScores.js';
import { rfmSegment, rfmSegments } from '../segments/rfmSegment.js';
import { DEFAULT_TIME_UNIT } from '../transactions/calendar.js';
import { summarizeTransactions } from '../transactions/summarizeTransactions.js';
import { DEFAULT_DRAWS, DEFAULT_SEED } from '../uncertainty/parameterDraws.js';
import { predictiveLifetimeValueOfFits } from '../uncertainty/predictiveLifetimeValue.js';
import {
  type Arg,
  type Cell,
  cellOf,
  columnOf,
  dateOf,
  inRow,
  isBlank,
  numberOf,
  numbersSkippingBlanks,
  optionalNumberOf,
  rangesOf,
  SheetError,
  scalarOf,
} from './cells.js';
import { atRows } from './errors.js';
// The model verbs run over the spreadsheet's models only, never src/models/registry.ts's: the file a spreadsheet
// user pastes carries no model its functions do not run (issue #13, 200 KB; test/bundle/sheetsModels.test.ts).
import { SHEET_MODELS } from './models.js';

export interface SheetParam {
  readonly name: string;
  /** 'number' for a single value, 'range' for a column or a cell, 'text' for a word. */
  readonly kind: 'number' | 'range' | 'text';
  readonly optional?: boolean;
}

/** The spreadsheet functions' names: SHEET_FUNCTION_DOCS (./functionDocs.ts) documents each of them. */
export type SheetFunctionName =
  | 'CLV'
  | 'CLV_FROM_CHURN'
  | 'NET_CLV'
  | 'CLV_CAC_RATIO'
  | 'CLV_CAC_VERDICT'
  | 'CAC_PAYBACK'
  | 'RFM_SCORES'
  | 'RFM_SEGMENT'
  | 'RETENTION_RATE'
  | 'CHURN_RATE'
  | 'NRR'
  | 'NPS'
  | 'CSAT'
  | 'CUSTOMER_SUMMARY'
  | 'BGNBD_FIT'
  | 'P_ALIVE'
  | 'EXPECTED_PURCHASES'
  | 'CLV_PREDICT'
  | 'CLV_PREDICT_INTERVAL';

/**
 * One spreadsheet function as the runtime needs it: its name, its parameters' names and kinds, the shape of its
 * result and what it runs. Its documentation (description, example, blank cells, parameter help) is in
 * ./functionDocs.ts, which only the build script and the tests read.
 */
export interface SheetFunction {
  readonly name: SheetFunctionName;
  readonly params: readonly SheetParam[];
  /** 'scalar': one value; 'matrix': a spilled range. */
  readonly result: 'scalar' | 'matrix';
  /** Library field → parameter name, for error messages. */
  readonly names?: Readonly<Record<string, string>>;
  /**
   * A per-row formula: every argument may also be a column (or a single cell used for every row), and the
   * answers spill as a column, one per row.
   */
  readonly broadcast?: boolean;
  readonly run: (...args: Arg[]) => number | string | (number | string)[][];
}

const cents = (d: Decimal) => roundMoney(d).toNumber();
/** CLV_CAC_RATIO's and CLV_CAC_VERDICT's exact ratio of the cells clv and cac. */
const cacRatio = (fn: string, clv: Arg, cac: Arg) =>
  clvToCacRatio(scalarOf(fn, 'clv', clv), scalarOf(fn, 'cac', cac));
const ratio = (d: Decimal, places = 6) => Number(d.toDecimalPlaces(places).toString());
const column = (xs: ArrayLike<number>, digits = 6): number[][] =>
  Array.from(xs, (x) => [Number(x.toFixed(digits))]);

const CLV_NAMES = {
  averagePurchaseValue: 'avgPurchaseValue',
  purchaseFrequency: 'purchaseFrequency',
  serviceCostPerPeriod: 'serviceCostPerPeriod',
};

function optionalFields(fn: string, [margin, cost, discount]: Arg[]) {
  const grossMargin = optionalNumberOf(fn, 'grossMargin', margin);
  const serviceCostPerPeriod = optionalNumberOf(fn, 'serviceCostPerPeriod', cost);
  const discountRate = optionalNumberOf(fn, 'discountRate', discount);
  return {
    ...(grossMargin === undefined ? {} : { grossMargin }),
    ...(serviceCostPerPeriod === undefined ? {} : { serviceCostPerPeriod }),
    ...(discountRate === undefined ? {} : { discountRate }),
  };
}

const numberParam = (name: string, optional = false): SheetParam => ({ name, kind: 'number', optional });
const rangeParam = (name: string): SheetParam => ({ name, kind: 'range' });
const TAIL: readonly SheetParam[] = [
  numberParam('grossMargin', true),
  numberParam('serviceCostPerPeriod', true),
  numberParam('discountRate', true),
];

const fitColumns = (
  fn: string,
  frequency: Arg | readonly Cell[],
  recency: Arg | readonly Cell[],
  T: Arg | readonly Cell[],
) => {
  const [fc, rc, tc] = rangesOf(frequency, recency, T) as [Cell[], Cell[], Cell[]];
  const f = columnOf(fn, 'frequency', fc);
  const r = columnOf(fn, 'recency', rc);
  const t = columnOf(fn, 'T', tc);
  if (r.length !== f.length || t.length !== f.length)
    throw new SheetError(
      `${fn}: frequency, recency and T must be ranges of the same length (${f.length}, ${r.length}, ${t.length})`,
    );
  return { frequency: f, recency: r, T: t };
};
/** The BG/NBD's parameters as cells, in the registry's order (r, alpha, a, b). */
const bgParams = (fn: string, ...cells: Arg[]) => ({
  model: betaGeoModel.model,
  params: Object.fromEntries(betaGeoModel.paramNames.map((name, j) => [name, scalarOf(fn, name, cells[j])])),
});
const BG_PARAMS: readonly SheetParam[] = betaGeoModel.paramNames.map((name) => numberParam(name));
const CUSTOMER_RANGES: readonly SheetParam[] = [
  rangeParam('frequency'),
  rangeParam('recency'),
  rangeParam('T'),
];

/**
 * CLV, CLV_FROM_CHURN and NET_CLV: the core's formula CLV from the average purchase value, the purchase frequency
 * and a lifespan or a churn rate (`third`), NET_CLV's less the acquisition cost, each with the optional margin,
 * cost and discount rate; rounded to cents.
 */
function formulaClvFunction(
  name: SheetFunctionName,
  third: 'lifespan' | 'churnRate',
  net = false,
): SheetFunction {
  const fields = ['avgPurchaseValue', 'purchaseFrequency', third, ...(net ? ['acquisitionCost'] : [])];
  return {
    name,
    broadcast: true,
    params: [...fields.map((f) => numberParam(f)), ...TAIL],
    result: 'scalar',
    names: CLV_NAMES,
    run: (...cells) => {
      const [averagePurchaseValue, purchaseFrequency, x, acquisitionCost] = fields.map((f, j) =>
        scalarOf(name, f, cells[j]),
      );
      const r = customerLifetimeValue({
        averagePurchaseValue,
        purchaseFrequency,
        [third]: x,
        ...(net ? { acquisitionCost } : {}),
        ...optionalFields(name, cells.slice(fields.length)),
      } as unknown as Parameters<typeof customerLifetimeValue>[0]);
      return cents(net ? r.netClv : r.clv);
    },
  };
}

/** RETENTION_RATE and CHURN_RATE: the same three customer counts into a core metric. */
function customerCountFunction(
  name: SheetFunctionName,
  metric: (counts: { startCount: number; endCount: number; newCount: number }) => Decimal,
): SheetFunction {
  return {
    name,
    broadcast: true,
    params: [numberParam('startCount'), numberParam('endCount'), numberParam('newCount')],
    result: 'scalar',
    run: (s, e, n) =>
      ratio(
        metric({
          startCount: scalarOf(name, 'startCount', s),
          endCount: scalarOf(name, 'endCount', e),
          newCount: scalarOf(name, 'newCount', n),
        }),
      ),
  };
}

const CLV_PREDICT_PARAMS: readonly SheetParam[] = [
  ...CUSTOMER_RANGES,
  rangeParam('monetaryValue'),
  numberParam('months', true),
  numberParam('monthlyDiscountRate', true),
  {
    name: 'timeUnit',
    kind: 'text',
    optional: true,
  },
  numberParam('margin', true),
];

/** The model CLV's field names → CLV_PREDICT's arguments, for error messages. */
const CLV_PREDICT_NAMES = { horizon: 'months', discountRate: 'monthlyDiscountRate' };

/** CLV_PREDICT's cells as the model CLV's input: BG/NBD and Gamma-Gamma fitted on the list. */
function clvPredictInput(
  fn: string,
  frequency: Arg,
  recency: Arg,
  T: Arg,
  monetary: Arg,
  months: Arg,
  discount: Arg,
  unit: Arg,
  marginCell: Arg,
): LifetimeValueInput {
  const [fc, rc, tc, mc] = rangesOf(frequency, recency, T, monetary) as [Cell[], Cell[], Cell[], Cell[]];
  const c = fitColumns(fn, fc, rc, tc);
  const m = columnOf(fn, 'monetaryValue', mc);
  if (m.length !== c.frequency.length)
    throw new SheetError(
      `${fn}: monetaryValue must have one value per customer (${m.length} for ${c.frequency.length})`,
    );
  const spendModel = fitGammaGamma(repeatSpenders({ frequency: c.frequency, monetaryValue: m }));
  const unitCell = cellOf(fn, 'timeUnit', unit);
  const timeUnit = isBlank(unitCell) ? DEFAULT_TIME_UNIT : String(unitCell);
  const horizon = optionalNumberOf(fn, 'months', months);
  const discountRate = optionalNumberOf(fn, 'monthlyDiscountRate', discount);
  const margin = optionalNumberOf(fn, 'margin', marginCell);
  return {
    transactionModel: fitBetaGeo(c),
    spendModel,
    customers: { ...c, monetaryValue: m },
    timeUnit: timeUnit as never,
    ...(horizon === undefined ? {} : { horizon }),
    ...(discountRate === undefined ? {} : { discountRate }),
    ...(margin === undefined ? {} : { margin }),
  };
}

export const SHEET_FUNCTIONS: readonly SheetFunction[] = [
  formulaClvFunction('CLV', 'lifespan'),
  formulaClvFunction('CLV_FROM_CHURN', 'churnRate'),
  formulaClvFunction('NET_CLV', 'churnRate', true),
  {
    name: 'CLV_CAC_RATIO',
    broadcast: true,
    params: [numberParam('clv'), numberParam('cac')],
    result: 'scalar',
    run: (clv, cac) => ratio(cacRatio('CLV_CAC_RATIO', clv, cac)),
  },
  {
    name: 'CLV_CAC_VERDICT',
    broadcast: true,
    params: [numberParam('clv'), numberParam('cac')],
    result: 'scalar',
    run: (clv, cac) => assessClvToCac(cacRatio('CLV_CAC_VERDICT', clv, cac)),
  },
  {
    name: 'CAC_PAYBACK',
    broadcast: true,
    params: [
      numberParam('acquisitionCost'),
      numberParam('avgPurchaseValue'),
      numberParam('purchaseFrequency'),
      numberParam('grossMargin', true),
    ],
    result: 'scalar',
    names: { ...CLV_NAMES, acquisitionCost: 'acquisitionCost' },
    run: (cac, apv, freq, margin) => {
      const fn = 'CAC_PAYBACK';
      const grossMargin = optionalNumberOf(fn, 'grossMargin', margin);
      return ratio(
        cacPaybackPeriods({
          acquisitionCost: scalarOf(fn, 'acquisitionCost', cac),
          averagePurchaseValue: scalarOf(fn, 'avgPurchaseValue', apv),
          purchaseFrequency: scalarOf(fn, 'purchaseFrequency', freq),
          ...(grossMargin === undefined ? {} : { grossMargin }),
        }),
      );
    },
  },
  {
    name: 'RFM_SCORES',
    params: [
      rangeParam('recencyDays'),
      rangeParam('orderCounts'),
      rangeParam('spend'),
      numberParam('bins', true),
    ],
    result: 'matrix',
    names: { daysSinceLastPurchase: 'recencyDays', orderCount: 'orderCounts', totalSpend: 'spend' },
    run: (recency, orders, spend, bins) => {
      const fn = 'RFM_SCORES';
      const [rc, oc, sc] = rangesOf(recency, orders, spend) as [Cell[], Cell[], Cell[]];
      const days = columnOf(fn, 'recencyDays', rc);
      const count = columnOf(fn, 'orderCounts', oc);
      const money = columnOf(fn, 'spend', sc);
      if (count.length !== days.length || money.length !== days.length)
        throw new SheetError(
          `${fn}: the three ranges must have the same length (${days.length}, ${count.length}, ${money.length})`,
        );
      const b = optionalNumberOf(fn, 'bins', bins);
      const scores = rfmScores(
        { daysSinceLastPurchase: days, orderCount: count, totalSpend: money },
        b === undefined ? {} : { bins: b },
      );
      const segments = rfmSegments(scores);
      const out: (number | string)[][] = [['R', 'F', 'M', 'cell', 'segment']];
      for (let i = 0; i < days.length; i++) {
        const r = scores.recency[i] as number;
        const f = scores.frequency[i] as number;
        const m = scores.monetary[i] as number;
        out.push([r, f, m, `${r}${f}${m}`, segments[i] as string]);
      }
      return out;
    },
  },
  {
    name: 'RFM_SEGMENT',
    broadcast: true,
    params: [numberParam('r'), numberParam('f'), numberParam('m')],
    result: 'scalar',
    names: { recency: 'r', frequency: 'f', monetary: 'm' },
    run: (r, f, m) =>
      rfmSegment({
        recency: scalarOf('RFM_SEGMENT', 'r', r),
        frequency: scalarOf('RFM_SEGMENT', 'f', f),
        monetary: scalarOf('RFM_SEGMENT', 'm', m),
      }),
  },
  customerCountFunction('RETENTION_RATE', retentionRate),
  customerCountFunction('CHURN_RATE', churnRate),
  {
    name: 'NRR',
    broadcast: true,
    params: [
      numberParam('startingRevenue'),
      numberParam('expansion'),
      numberParam('contraction'),
      numberParam('churned'),
    ],
    result: 'scalar',
    run: (s, x, c, ch) =>
      ratio(
        netRevenueRetention({
          startingRevenue: scalarOf('NRR', 'startingRevenue', s),
          expansion: scalarOf('NRR', 'expansion', x),
          contraction: scalarOf('NRR', 'contraction', c),
          churned: scalarOf('NRR', 'churned', ch),
        }),
      ),
  },
  {
    name: 'NPS',
    params: [rangeParam('scores')],
    result: 'scalar',
    run: (scores) => {
      const { values, rows } = numbersSkippingBlanks('NPS', 'scores', scores);
      return ratio(atRows(rows, () => netPromoterScore(values)).score, 4);
    },
  },
  {
    name: 'CSAT',
    params: [rangeParam('scores'), numberParam('satisfiedAtLeast', true)],
    result: 'scalar',
    run: (scores, atLeast) => {
      const t = optionalNumberOf('CSAT', 'satisfiedAtLeast', atLeast);
      const { values, rows } = numbersSkippingBlanks('CSAT', 'scores', scores);
      return ratio(
        atRows(rows, () => customerSatisfactionScore(values, t === undefined ? {} : { satisfiedAtLeast: t })),
        4,
      );
    },
  },
  {
    name: 'CUSTOMER_SUMMARY',
    params: [
      rangeParam('customerIds'),
      rangeParam('orderDates'),
      rangeParam('amounts'),
      {
        name: 'observationEnd',
        kind: 'range',
        optional: true,
      },
      {
        name: 'timeUnit',
        kind: 'text',
        optional: true,
      },
    ],
    result: 'matrix',
    names: { customerId: 'customerIds', date: 'orderDates', amount: 'amounts' },
    run: (ids, dates, amounts, end, unit) => {
      const fn = 'CUSTOMER_SUMMARY';
      const [idCells, dateCells, amountCells] = rangesOf(ids, dates, amounts) as [Cell[], Cell[], Cell[]];
      if (dateCells.length !== idCells.length || amountCells.length !== idCells.length)
        throw new SheetError(
          `${fn}: the three ranges must have the same length (${idCells.length}, ${dateCells.length}, ${amountCells.length})`,
        );
      const orders: Parameters<typeof summarizeTransactions>[0][number][] = [];
      const rows: number[] = [];
      for (let i = 0; i < idCells.length; i++) {
        const id = idCells[i];
        if (isBlank(id) && isBlank(dateCells[i]) && isBlank(amountCells[i])) continue;
        rows.push(i);
        if (isBlank(id))
          throw new SheetError(`${fn}: customerIds is required${inRow(i)} (the cell is empty)`);
        orders.push({
          customerId: typeof id === 'number' && Number.isSafeInteger(id) ? id : String(id),
          date: dateOf(fn, `orderDates (row ${i + 1})`, dateCells[i]),
          amount: numberOf(fn, 'amounts', amountCells[i], inRow(i)),
        });
      }
      const endCell = cellOf(fn, 'observationEnd', end);
      const unitCell = cellOf(fn, 'timeUnit', unit);
      const summary = atRows(rows, () =>
        summarizeTransactions(orders, {
          timeUnit: (isBlank(unitCell) ? DEFAULT_TIME_UNIT : String(unitCell)) as never,
          ...(isBlank(endCell) ? {} : { observationEnd: dateOf(fn, 'observationEnd', endCell) }),
        }),
      );
      const out: (number | string)[][] = [
        [
          'customer',
          'frequency',
          'recency',
          'T',
          'monetary_value',
          'orders',
          'total_spend',
          'days_since_last_order',
        ],
      ];
      for (const c of summary.customers) {
        out.push([
          c.customerId,
          c.frequency,
          Number(c.recency.toFixed(6)),
          Number(c.T.toFixed(6)),
          Number(c.monetaryValue.toFixed(6)),
          c.orderCount,
          cents(c.totalSpend),
          c.daysSinceLastPurchase,
        ]);
      }
      return out;
    },
  },
  {
    name: 'BGNBD_FIT',
    params: CUSTOMER_RANGES,
    result: 'matrix',
    run: (frequency, recency, T) => {
      const fit = fitBetaGeo(fitColumns('BGNBD_FIT', frequency, recency, T));
      return [
        [...fit.paramNames],
        fit.paramNames.map((name) => Number((fit.params[name] as number).toPrecision(8))),
      ];
    },
  },
  {
    name: 'P_ALIVE',
    params: [...CUSTOMER_RANGES, ...BG_PARAMS],
    result: 'matrix',
    run: (frequency, recency, T, r, alpha, a, b) =>
      column(
        probabilityAliveWith(
          SHEET_MODELS,
          bgParams('P_ALIVE', r, alpha, a, b),
          fitColumns('P_ALIVE', frequency, recency, T),
        ),
      ),
  },
  {
    name: 'EXPECTED_PURCHASES',
    params: [numberParam('t'), ...CUSTOMER_RANGES, ...BG_PARAMS],
    result: 'matrix',
    run: (t, frequency, recency, T, r, alpha, a, b) => {
      const fn = 'EXPECTED_PURCHASES';
      return column(
        expectedPurchasesWith(
          SHEET_MODELS,
          bgParams(fn, r, alpha, a, b),
          scalarOf(fn, 't', t),
          fitColumns(fn, frequency, recency, T),
        ),
      );
    },
  },
  {
    name: 'CLV_PREDICT',
    params: CLV_PREDICT_PARAMS,
    result: 'matrix',
    names: CLV_PREDICT_NAMES,
    run: (frequency, recency, T, monetary, months, discount, unit, marginCell) => {
      const input = clvPredictInput(
        'CLV_PREDICT',
        frequency,
        recency,
        T,
        monetary,
        months,
        discount,
        unit,
        marginCell,
      );
      return predictCustomerLifetimeValueWith(SHEET_MODELS, input).clv.map((d) => [cents(d)]);
    },
  },
  {
    name: 'CLV_PREDICT_INTERVAL',
    params: [...CLV_PREDICT_PARAMS, numberParam('interval', true), numberParam('seed', true)],
    result: 'matrix',
    names: CLV_PREDICT_NAMES,
    run: (frequency, recency, T, monetary, months, discount, unit, marginCell, intervalCell, seedCell) => {
      const fn = 'CLV_PREDICT_INTERVAL';
      const interval = optionalNumberOf(fn, 'interval', intervalCell) ?? 90;
      if (!(interval > 0 && interval < 100))
        throw new SheetError(
          `${fn}: interval must be a percentage above 0 and below 100, such as 90 (received ${interval})`,
        );
      const seed = optionalNumberOf(fn, 'seed', seedCell) ?? DEFAULT_SEED;
      const input = clvPredictInput(fn, frequency, recency, T, monetary, months, discount, unit, marginCell);
      const point = predictCustomerLifetimeValueWith(SHEET_MODELS, input).clv;
      // (100 − interval) / 200 is above 0 for every interval below 100, and so 1 − lo stays below 1, where
      // (1 − interval / 100) / 2 rounded to 0 (interval 99.99999999999999 gave the quantiles 0 and 1).
      const lo = (100 - interval) / 200;
      const v = predictiveLifetimeValueOfFits(SHEET_MODELS, input, {
        draws: DEFAULT_DRAWS,
        seed,
        quantiles: [lo, 1 - lo],
        totals: false,
      });
      const [low, high] = v.clv.money.quantiles as [readonly Decimal[], readonly Decimal[]];
      return point.map((d, i) => [cents(d), (low[i] as Decimal).toNumber(), (high[i] as Decimal).toNumber()]);
    },
  },
];
