/**
 * The spreadsheet functions: ONE list, from which the Google Apps Script file, the Excel custom-functions
 * file and its metadata, and docs/spreadsheets.md are all generated (scripts/build-sheets.ts). Each entry
 * converts cells, calls the core and shapes the answer; no formula lives here.
 */
import {
  assessClvToCac,
  cacPaybackPeriods,
  churnRate,
  clvToCacRatio,
  customerLifetimeValue,
  customerSatisfactionScore,
  type Decimal,
  expectedPurchases,
  fitBetaGeo,
  fitGammaGamma,
  netPromoterScore,
  netRevenueRetention,
  predictCustomerLifetimeValue,
  probabilityAlive,
  repeatSpenders,
  retentionRate,
  rfmScores,
  rfmSegment,
  rfmSegments,
  roundMoney,
  summarizeTransactions,
} from '../index.js';
import { betaGeoModel } from '../models/betaGeo.js';
import type { LifetimeValueInput } from '../models/lifetimeValue.js';
import { DEFAULT_TIME_UNIT } from '../transactions/calendar.js';
import { DEFAULT_DRAWS, DEFAULT_SEED } from '../uncertainty/parameterDraws.js';
import { predictiveLifetimeValueOfFits } from '../uncertainty/predictiveLifetimeValue.js';
import {
  type Arg,
  type Cell,
  cellsOf,
  columnOf,
  dateOf,
  isBlank,
  numberOf,
  numbersSkippingBlanks,
  optionalNumberOf,
  rangesOf,
  SheetError,
  scalarOf,
} from './cells.js';

export interface SheetParam {
  readonly name: string;
  /** 'number' for a single value, 'range' for a column or a cell, 'text' for a word. */
  readonly kind: 'number' | 'range' | 'text';
  readonly help: string;
  readonly optional?: boolean;
}

export interface SheetFunction {
  readonly name: string;
  readonly description: string;
  readonly params: readonly SheetParam[];
  /** 'scalar': one value; 'matrix': a spilled range. */
  readonly result: 'scalar' | 'matrix';
  readonly example: string;
  /** How blank cells are treated. */
  readonly blanks: string;
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
const ratio = (d: Decimal, places = 6) => Number(d.toDecimalPlaces(places).toString());
const column = (xs: ArrayLike<number>, digits = 6): number[][] =>
  Array.from(xs, (x) => [Number(x.toFixed(digits))]);

const CLV_NAMES = {
  averagePurchaseValue: 'avgPurchaseValue',
  purchaseFrequency: 'purchaseFrequency',
  serviceCostPerPeriod: 'serviceCostPerPeriod',
};
const REQUIRED_VALUE = 'blank cells are errors';
/** The blank-cell rule of the functions that take columns side by side (`rangesOf`). */
const OPEN_COLUMNS = (n: number) =>
  `Every row needs all ${n === 3 ? 'three' : 'four'} values; blank cells are errors. Trailing rows blank in every column are left out, so an open range like B2:B works.`;

function optionalFields(fn: string, margin: Arg, cost: Arg, discount: Arg) {
  const grossMargin = optionalNumberOf(fn, 'grossMargin', margin);
  const serviceCostPerPeriod = optionalNumberOf(fn, 'serviceCostPerPeriod', cost);
  const discountRate = optionalNumberOf(fn, 'discountRate', discount);
  return {
    ...(grossMargin === undefined ? {} : { grossMargin }),
    ...(serviceCostPerPeriod === undefined ? {} : { serviceCostPerPeriod }),
    ...(discountRate === undefined ? {} : { discountRate }),
  };
}

const money = (name: string, help: string, optional = false): SheetParam => ({
  name,
  kind: 'number',
  help,
  optional,
});
const TAIL: readonly SheetParam[] = [
  money('grossMargin', 'Gross margin as a fraction, 0–1 (default 1).', true),
  money('serviceCostPerPeriod', 'Cost to serve one customer per period (default 0).', true),
  money('discountRate', 'Discount rate per period (default 0).', true),
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
const BG_PARAMS: readonly SheetParam[] = betaGeoModel.paramNames.map((name) => ({
  name,
  kind: 'number' as const,
  help: `BG/NBD ${name} (from BGNBD_FIT): ${betaGeoModel.paramDescriptions[name]}.`,
}));
const CUSTOMER_RANGES: readonly SheetParam[] = [
  { name: 'frequency', kind: 'range', help: 'Repeat purchases per customer (a column).' },
  { name: 'recency', kind: 'range', help: 'Time from first to last purchase (same unit as T).' },
  { name: 'T', kind: 'range', help: 'Time from first purchase to the end of the period.' },
];

/** RETENTION_RATE and CHURN_RATE: the same three customer counts into a core metric. */
function customerCountFunction(
  name: string,
  description: string,
  metric: (counts: { startCount: number; endCount: number; newCount: number }) => Decimal,
): SheetFunction {
  return {
    name,
    broadcast: true,
    description,
    params: [
      { name: 'startCount', kind: 'number', help: 'Customers at the start.' },
      { name: 'endCount', kind: 'number', help: 'Customers at the end.' },
      { name: 'newCount', kind: 'number', help: 'New customers acquired during the period.' },
    ],
    result: 'scalar',
    example: `=${name}(1000, 950, 100)`,
    blanks: REQUIRED_VALUE,
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
  { name: 'monetaryValue', kind: 'range', help: 'Average spend of repeat purchases (0 when none).' },
  { name: 'months', kind: 'number', help: 'Months ahead (default 12).', optional: true },
  {
    name: 'monthlyDiscountRate',
    kind: 'number',
    help: 'Discount rate per month (default 0.01).',
    optional: true,
  },
  {
    name: 'timeUnit',
    kind: 'text',
    help: `Unit of recency and T: 'day', 'week' or 'month' (default '${DEFAULT_TIME_UNIT}', as everywhere in clvkit).`,
    optional: true,
  },
  {
    name: 'margin',
    kind: 'number',
    help: 'Profit margin on spend, above 0 up to 1 (default 1: revenue CLV).',
    optional: true,
  },
];

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
  const unitCell = cellsOf(unit)[0];
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
  {
    name: 'CLV',
    broadcast: true,
    description: 'Customer lifetime value from a fixed lifespan, exact, rounded to cents.',
    params: [
      money('avgPurchaseValue', 'Average revenue of one purchase.'),
      money('purchaseFrequency', 'Purchases per period.'),
      money('lifespan', 'Expected relationship length in periods.'),
      ...TAIL,
    ],
    result: 'scalar',
    example: '=CLV(50, 4, 3, 0.6)',
    blanks: 'Optional arguments may be blank; required ones may not.',
    names: CLV_NAMES,
    run: (apv, freq, lifespan, margin, cost, discount) =>
      cents(
        customerLifetimeValue({
          averagePurchaseValue: scalarOf('CLV', 'avgPurchaseValue', apv),
          purchaseFrequency: scalarOf('CLV', 'purchaseFrequency', freq),
          lifespan: scalarOf('CLV', 'lifespan', lifespan),
          ...optionalFields('CLV', margin, cost, discount),
        }).clv,
      ),
  },
  {
    name: 'CLV_FROM_CHURN',
    broadcast: true,
    description:
      'Customer lifetime value from a churn rate per period (lifespan 1/churn), exact, rounded to cents.',
    params: [
      money('avgPurchaseValue', 'Average revenue of one purchase.'),
      money('purchaseFrequency', 'Purchases per period.'),
      money('churnRate', 'Share of customers lost per period, more than 0 and at most 1.'),
      ...TAIL,
    ],
    result: 'scalar',
    example: '=CLV_FROM_CHURN(50, 4, 0.25, 0.6)',
    blanks: 'Optional arguments may be blank; required ones may not.',
    names: CLV_NAMES,
    run: (apv, freq, churn, margin, cost, discount) =>
      cents(
        customerLifetimeValue({
          averagePurchaseValue: scalarOf('CLV_FROM_CHURN', 'avgPurchaseValue', apv),
          purchaseFrequency: scalarOf('CLV_FROM_CHURN', 'purchaseFrequency', freq),
          churnRate: scalarOf('CLV_FROM_CHURN', 'churnRate', churn),
          ...optionalFields('CLV_FROM_CHURN', margin, cost, discount),
        }).clv,
      ),
  },
  {
    name: 'NET_CLV',
    broadcast: true,
    description: 'CLV from a churn rate minus the acquisition cost, rounded to cents.',
    params: [
      money('avgPurchaseValue', 'Average revenue of one purchase.'),
      money('purchaseFrequency', 'Purchases per period.'),
      money('churnRate', 'Share of customers lost per period, more than 0 and at most 1.'),
      money('acquisitionCost', 'Cost to acquire one customer (CAC).'),
      ...TAIL,
    ],
    result: 'scalar',
    example: '=NET_CLV(50, 4, 0.25, 80, 0.6)',
    blanks: 'Optional arguments may be blank; required ones may not.',
    names: CLV_NAMES,
    run: (apv, freq, churn, cac, margin, cost, discount) =>
      cents(
        customerLifetimeValue({
          averagePurchaseValue: scalarOf('NET_CLV', 'avgPurchaseValue', apv),
          purchaseFrequency: scalarOf('NET_CLV', 'purchaseFrequency', freq),
          churnRate: scalarOf('NET_CLV', 'churnRate', churn),
          acquisitionCost: scalarOf('NET_CLV', 'acquisitionCost', cac),
          ...optionalFields('NET_CLV', margin, cost, discount),
        }).netClv,
      ),
  },
  {
    name: 'CLV_CAC_RATIO',
    broadcast: true,
    description: 'CLV divided by acquisition cost (3 is the usual health line), to 6 decimals.',
    params: [
      money('clv', 'Customer lifetime value.'),
      money('cac', 'Customer acquisition cost, more than 0.'),
    ],
    result: 'scalar',
    example: '=CLV_CAC_RATIO(480, 80)',
    blanks: REQUIRED_VALUE,
    run: (clv, cac) =>
      ratio(clvToCacRatio(scalarOf('CLV_CAC_RATIO', 'clv', clv), scalarOf('CLV_CAC_RATIO', 'cac', cac))),
  },
  {
    name: 'CLV_CAC_VERDICT',
    broadcast: true,
    description:
      "The CLV:CAC ratio in words: 'losing' (< 1), 'thin' (1–3), 'healthy' (3–5) or 'underinvesting' (> 5).",
    params: [
      money('clv', 'Customer lifetime value.'),
      money('cac', 'Customer acquisition cost, more than 0.'),
    ],
    result: 'scalar',
    example: '=CLV_CAC_VERDICT(480, 80)',
    blanks: REQUIRED_VALUE,
    run: (clv, cac) =>
      assessClvToCac(
        clvToCacRatio(scalarOf('CLV_CAC_VERDICT', 'clv', clv), scalarOf('CLV_CAC_VERDICT', 'cac', cac)),
      ),
  },
  {
    name: 'CAC_PAYBACK',
    broadcast: true,
    description: 'Periods of contribution needed to earn back the acquisition cost, to 6 decimals.',
    params: [
      money('acquisitionCost', 'Cost to acquire one customer.'),
      money('avgPurchaseValue', 'Average revenue of one purchase.'),
      money('purchaseFrequency', 'Purchases per period.'),
      money('grossMargin', 'Gross margin, 0–1 (default 1).', true),
    ],
    result: 'scalar',
    example: '=CAC_PAYBACK(300, 50, 2, 0.5)',
    blanks: 'grossMargin may be blank.',
    names: { ...CLV_NAMES, acquisitionCost: 'acquisitionCost' },
    run: (cac, apv, freq, margin) => {
      const grossMargin = optionalNumberOf('CAC_PAYBACK', 'grossMargin', margin);
      return ratio(
        cacPaybackPeriods({
          acquisitionCost: scalarOf('CAC_PAYBACK', 'acquisitionCost', cac),
          averagePurchaseValue: scalarOf('CAC_PAYBACK', 'avgPurchaseValue', apv),
          purchaseFrequency: scalarOf('CAC_PAYBACK', 'purchaseFrequency', freq),
          ...(grossMargin === undefined ? {} : { grossMargin }),
        }),
      );
    },
  },
  {
    name: 'RFM_SCORES',
    description:
      'RFM quantile scores for a customer list: spills R, F, M, cell and segment under a header row.',
    params: [
      { name: 'recencyDays', kind: 'range', help: 'Days since each customer last bought (a column).' },
      { name: 'orderCounts', kind: 'range', help: 'Orders per customer.' },
      { name: 'spend', kind: 'range', help: 'Total spend per customer.' },
      { name: 'bins', kind: 'number', help: 'Scores per axis, 2–9 (default 5).', optional: true },
    ],
    result: 'matrix',
    example: '=RFM_SCORES(B2:B101, C2:C101, D2:D101)',
    blanks: OPEN_COLUMNS(3),
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
    description: "The named segment of one R, F, M score on the 1–5 scale ('Champions', 'At Risk', …).",
    params: [
      { name: 'r', kind: 'number', help: 'Recency score, 1–5.' },
      { name: 'f', kind: 'number', help: 'Frequency score, 1–5.' },
      { name: 'm', kind: 'number', help: 'Monetary score, 1–5.' },
    ],
    result: 'scalar',
    example: '=RFM_SEGMENT(5, 5, 4)',
    blanks: REQUIRED_VALUE,
    names: { recency: 'r', frequency: 'f', monetary: 'm' },
    run: (r, f, m) =>
      rfmSegment({
        recency: scalarOf('RFM_SEGMENT', 'r', r),
        frequency: scalarOf('RFM_SEGMENT', 'f', f),
        monetary: scalarOf('RFM_SEGMENT', 'm', m),
      }),
  },
  customerCountFunction(
    'RETENTION_RATE',
    'Customer retention rate over a period: (end − new) / start, to 6 decimals.',
    retentionRate,
  ),
  customerCountFunction(
    'CHURN_RATE',
    'Customer churn rate over a period: 1 − retention rate, to 6 decimals.',
    churnRate,
  ),
  {
    name: 'NRR',
    broadcast: true,
    description: 'Net revenue retention: (start + expansion − contraction − churned) / start, to 6 decimals.',
    params: [
      money('startingRevenue', 'Recurring revenue at the start.'),
      money('expansion', 'Upsell and cross-sell from those customers.'),
      money('contraction', 'Downgrades.'),
      money('churned', 'Revenue of customers who left.'),
    ],
    result: 'scalar',
    example: '=NRR(100000, 15000, 5000, 8000)',
    blanks: REQUIRED_VALUE,
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
    description: 'Net Promoter Score of 0–10 survey answers: % promoters (9–10) − % detractors (0–6).',
    params: [{ name: 'scores', kind: 'range', help: 'The answers, 0–10 (a column or block).' }],
    result: 'scalar',
    example: '=NPS(B2:B500)',
    blanks: 'Blank cells are skipped (no answer).',
    run: (scores) => ratio(netPromoterScore(numbersSkippingBlanks('NPS', 'scores', scores)).score, 4),
  },
  {
    name: 'CSAT',
    description:
      'Customer satisfaction: the share of 1–5 answers at or above satisfiedAtLeast (default 4), in %.',
    params: [
      { name: 'scores', kind: 'range', help: 'The answers, 1–5.' },
      {
        name: 'satisfiedAtLeast',
        kind: 'number',
        help: 'Lowest satisfied answer (default 4).',
        optional: true,
      },
    ],
    result: 'scalar',
    example: '=CSAT(B2:B500, 4)',
    blanks: 'Blank cells are skipped (no answer).',
    run: (scores, atLeast) => {
      const t = optionalNumberOf('CSAT', 'satisfiedAtLeast', atLeast);
      return ratio(
        customerSatisfactionScore(
          numbersSkippingBlanks('CSAT', 'scores', scores),
          t === undefined ? {} : { satisfiedAtLeast: t },
        ),
        4,
      );
    },
  },
  {
    name: 'CUSTOMER_SUMMARY',
    description:
      'From an order list to one row per customer: spills customer, frequency, recency, T, monetary value, orders, total spend and days since the last order.',
    params: [
      { name: 'customerIds', kind: 'range', help: 'The customer of each order (a column).' },
      {
        name: 'orderDates',
        kind: 'range',
        help: 'The date of each order (dates, Excel serials or yyyy-MM-dd text).',
      },
      { name: 'amounts', kind: 'range', help: 'The amount of each order.' },
      {
        name: 'observationEnd',
        kind: 'range',
        help: 'The end of observation (default: the last order date).',
        optional: true,
      },
      {
        name: 'timeUnit',
        kind: 'text',
        help: `Unit of recency and T: 'day', 'week' or 'month' (default '${DEFAULT_TIME_UNIT}', as everywhere in clvkit).`,
        optional: true,
      },
    ],
    result: 'matrix',
    example: '=CUSTOMER_SUMMARY(A2:A5000, B2:B5000, C2:C5000, DATE(2025,12,31), "week")',
    blanks: 'Rows blank in all three columns are skipped; a partly blank row is an error.',
    run: (ids, dates, amounts, end, unit) => {
      const fn = 'CUSTOMER_SUMMARY';
      const [idCells, dateCells, amountCells] = rangesOf(ids, dates, amounts) as [Cell[], Cell[], Cell[]];
      if (dateCells.length !== idCells.length || amountCells.length !== idCells.length)
        throw new SheetError(
          `${fn}: the three ranges must have the same length (${idCells.length}, ${dateCells.length}, ${amountCells.length})`,
        );
      const orders = [];
      for (let i = 0; i < idCells.length; i++) {
        const id = idCells[i];
        if (isBlank(id) && isBlank(dateCells[i]) && isBlank(amountCells[i])) continue;
        if (isBlank(id))
          throw new SheetError(
            `${fn}: customerIds is required in row ${i + 1} of the range (the cell is empty)`,
          );
        orders.push({
          customerId: typeof id === 'number' && Number.isSafeInteger(id) ? id : String(id),
          date: dateOf(fn, `orderDates (row ${i + 1})`, dateCells[i]),
          amount: numberOf(fn, 'amounts', amountCells[i], ` in row ${i + 1} of the range`),
        });
      }
      const endCell = cellsOf(end)[0];
      const unitCell = cellsOf(unit)[0];
      const summary = summarizeTransactions(orders, {
        timeUnit: (isBlank(unitCell) ? DEFAULT_TIME_UNIT : String(unitCell)) as never,
        ...(isBlank(endCell) ? {} : { observationEnd: dateOf(fn, 'observationEnd', endCell) }),
      });
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
    description:
      'Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood; spills r, alpha, a, b under a header.',
    params: CUSTOMER_RANGES,
    result: 'matrix',
    example: '=BGNBD_FIT(B2:B2358, C2:C2358, D2:D2358)',
    blanks: OPEN_COLUMNS(3),
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
    description: 'P(alive) of each customer under BG/NBD parameters: a column out for the ranges in.',
    params: [...CUSTOMER_RANGES, ...BG_PARAMS],
    result: 'matrix',
    example: '=P_ALIVE(B2:B2358, C2:C2358, D2:D2358, $G$2, $H$2, $I$2, $J$2)',
    blanks: OPEN_COLUMNS(3),
    run: (frequency, recency, T, r, alpha, a, b) =>
      column(
        probabilityAlive(bgParams('P_ALIVE', r, alpha, a, b), fitColumns('P_ALIVE', frequency, recency, T)),
      ),
  },
  {
    name: 'EXPECTED_PURCHASES',
    description: 'Expected purchases of each customer in the next t periods under BG/NBD parameters.',
    params: [
      { name: 't', kind: 'number', help: 'Periods ahead (same unit as T).' },
      ...CUSTOMER_RANGES,
      ...BG_PARAMS,
    ],
    result: 'matrix',
    example: '=EXPECTED_PURCHASES(39, B2:B2358, C2:C2358, D2:D2358, $G$2, $H$2, $I$2, $J$2)',
    blanks: OPEN_COLUMNS(3),
    run: (t, frequency, recency, T, r, alpha, a, b) =>
      column(
        expectedPurchases(
          bgParams('EXPECTED_PURCHASES', r, alpha, a, b),
          scalarOf('EXPECTED_PURCHASES', 't', t),
          fitColumns('EXPECTED_PURCHASES', frequency, recency, T),
        ),
      ),
  },
  {
    name: 'CLV_PREDICT',
    description:
      'Predicted CLV of each customer: BG/NBD and Gamma-Gamma fitted on the list, discounted monthly; rounded to cents.',
    params: CLV_PREDICT_PARAMS,
    result: 'matrix',
    example: '=CLV_PREDICT(B2:B2358, C2:C2358, D2:D2358, E2:E2358, 12, 0.01, "week", 0.3)',
    blanks: OPEN_COLUMNS(4),
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
      return predictCustomerLifetimeValue(input).clv.map((d) => [cents(d)]);
    },
  },
  {
    name: 'CLV_PREDICT_INTERVAL',
    description:
      "Each customer's predicted CLV with its interval: three columns, the mean (as CLV_PREDICT), the low and the high end of the central interval, by Monte Carlo from the models' posterior predictive with the fits' parameter uncertainty; rounded to cents.",
    params: [
      ...CLV_PREDICT_PARAMS,
      {
        name: 'interval',
        kind: 'number',
        help: 'Central interval in percent, above 0 and below 100 (default 90: from the 5 % to the 95 % quantile).',
        optional: true,
      },
      {
        name: 'seed',
        kind: 'number',
        help: 'Seed of the draws (default 1): the same seed gives the same figures.',
        optional: true,
      },
    ],
    result: 'matrix',
    example: '=CLV_PREDICT_INTERVAL(B2:B2358, C2:C2358, D2:D2358, E2:E2358, 12, 0.01, "week", 1, 90)',
    blanks: OPEN_COLUMNS(4),
    run: (frequency, recency, T, monetary, months, discount, unit, marginCell, intervalCell, seedCell) => {
      const fn = 'CLV_PREDICT_INTERVAL';
      const interval = optionalNumberOf(fn, 'interval', intervalCell) ?? 90;
      if (!(interval > 0 && interval < 100))
        throw new SheetError(
          `${fn}: interval must be a percentage above 0 and below 100, such as 90 (received ${interval})`,
        );
      const seed = optionalNumberOf(fn, 'seed', seedCell) ?? DEFAULT_SEED;
      const input = clvPredictInput(fn, frequency, recency, T, monetary, months, discount, unit, marginCell);
      const point = predictCustomerLifetimeValue(input).clv;
      const lo = (1 - interval / 100) / 2;
      const v = predictiveLifetimeValueOfFits(input, {
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
